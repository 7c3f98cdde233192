import { configRoutes } from "./config-routes.js";
import type { RestRoute } from "./context.js";
import { execRoutes } from "./exec-routes.js";
import { fileRoutes } from "./file-routes.js";
import { sessionFiles } from "./file-targets.js";
import { healthRoutes } from "./health-routes.js";
import { jobRoutes } from "./job-routes.js";
import { previewRoutes } from "./preview-routes.js";
import { ptyRoutes } from "./pty-routes.js";
import { sessionRoutes } from "./session-routes.js";
import { snapshotRoutes } from "./snapshot-routes.js";
import { statusRoutes } from "./status-routes.js";
import { watchRoutes } from "./watch-routes.js";
import { workspaceRoutes } from "./workspace-routes.js";

export const restRoutes: readonly RestRoute[] = [
  ...healthRoutes,
  ...sessionRoutes,
  ...execRoutes,
  ...jobRoutes,
  ...fileRoutes(sessionFiles),
  ...ptyRoutes,
  ...previewRoutes,
  ...workspaceRoutes,
  ...snapshotRoutes,
  ...configRoutes,
  ...statusRoutes,
  ...watchRoutes,
];
