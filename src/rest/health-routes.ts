import type { RestRoute } from "./context.js";
import { sendJson } from "./respond.js";

export const healthRoutes: readonly RestRoute[] = [
  {
    method: "GET",
    path: "/healthz",
    public: true,
    handle: async (ctx) => sendJson(ctx.res, 200, { status: "ok" }),
  },
];
