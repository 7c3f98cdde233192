import type { RestContext, RestRoute } from "./context.js";
import { readPtyInput, readPtySize } from "./pty-request.js";
import { openPtyStream } from "./pty-stream-route.js";
import { sendJson } from "./respond.js";

export const ptyRoutes: readonly RestRoute[] = [
  {
    method: "POST",
    path: "/v1/sessions/:id/pty",
    body: ["cols", "rows", "command", "env", "cwd"],
    handle: openPtyStream,
  },
  {
    method: "POST",
    path: "/v1/sessions/:id/pty/:pty_id/input",
    body: ["text", "data_base64"],
    handle: writePty,
  },
  {
    method: "POST",
    path: "/v1/sessions/:id/pty/:pty_id/resize",
    body: ["cols", "rows"],
    handle: resizePty,
  },
  { method: "DELETE", path: "/v1/sessions/:id/pty/:pty_id", handle: closePty },
];

const ptyRef = (ctx: RestContext) => ({
  sessionId: ctx.params.id ?? "",
  ptyId: ctx.params.pty_id ?? "",
});

async function writePty(ctx: RestContext): Promise<void> {
  const data = readPtyInput(await ctx.body());
  await ctx.clients.pty.writePty({ ...ptyRef(ctx), data }, ctx.callOptions);
  sendJson(ctx.res, 200, { ok: true });
}

async function resizePty(ctx: RestContext): Promise<void> {
  const size = readPtySize(await ctx.body());
  await ctx.clients.pty.resizePty({ ...ptyRef(ctx), ...size }, ctx.callOptions);
  sendJson(ctx.res, 200, { ok: true });
}

async function closePty(ctx: RestContext): Promise<void> {
  await ctx.clients.pty.closePty(ptyRef(ctx), ctx.callOptions);
  sendJson(ctx.res, 200, { ok: true });
}
