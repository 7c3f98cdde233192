import { configRoutes } from "./config-routes.js";
import type { RestRoute } from "./context.js";
import { execRoutes } from "./exec-routes.js";
import { fsRoutes } from "./fs-routes.js";
import { healthRoutes } from "./health-routes.js";
import { ptyRoutes } from "./pty-routes.js";
import { sessionRoutes } from "./session-routes.js";
import { statusRoutes } from "./status-routes.js";
import { workspaceRoutes } from "./workspace-routes.js";

export const restRoutes: readonly RestRoute[] = [
  ...healthRoutes,
  ...sessionRoutes,
  ...execRoutes,
  ...fsRoutes,
  ...ptyRoutes,
  ...workspaceRoutes,
  ...configRoutes,
  ...statusRoutes,
];
