import type { Logger } from "../../log.js";
import { type DashboardFiles, loadDashboardFiles } from "./dashboard-files.js";
import { createDashboardHandler } from "./dashboard-handler.js";
import { findDashboardDir } from "./find-dashboard.js";

/** The web dashboard's handler, from web/dist as it is at start-up. */
export function createDashboard(log: Logger): ReturnType<typeof createDashboardHandler> {
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
