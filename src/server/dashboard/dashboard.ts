import type { Config } from "../../config/load.js";
import type { Logger } from "../../log.js";
import { type DashboardFiles, loadDashboardFiles } from "./dashboard-files.js";
import { createDashboardHandler, dashboardOff } from "./dashboard-handler.js";
import { findDashboardDir } from "./find-dashboard.js";

type Handler = ReturnType<typeof createDashboardHandler>;

/**
 * The web dashboard's route, while dashboard.enabled (read on every request):
 * its files from web/dist as they are when it is first served (at start-up
 * when it is on then).
 */
export function createDashboard(config: Config, log: Logger): Handler {
  let serve = config.dashboard.enabled ? loadDashboard(log) : undefined;
  return (req, res) => {
    if (!config.dashboard.enabled) return dashboardOff(req, res);
    serve ??= loadDashboard(log);
    return serve(req, res);
  };
}

function loadDashboard(log: Logger): Handler {
  const dir = findDashboardDir();
  const files = dir ? loadOrExplain(dir, log) : undefined;
  if (files) log.debug("serving the dashboard", { dir, files: files.size });
  else log.warn("the web dashboard is not built: run 'npm run build' to serve it at /", { dir });
  return createDashboardHandler(files);
}

/**
 * A build swapped in while the files are read (web/build-dashboard.mjs)
 * fails one read: read again. The dashboard never keeps the daemon from
 * starting.
 */
function loadOrExplain(dir: string, log: Logger): DashboardFiles | undefined {
  for (let attempt = 1; ; attempt++) {
    try {
      return loadDashboardFiles(dir);
    } catch (err) {
      if (attempt === 3) {
        log.warn("could not read the web dashboard's files", { dir, error: String(err) });
        return undefined;
      }
    }
  }
}
