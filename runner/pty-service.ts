import { isAbsolute, resolve } from "node:path";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import { OpenPtyResponseSchema, type PtyService } from "../gen/sandkasten/v1/pty_pb.js";
import type { SandboxUser } from "./privileges.js";
import type { PtyTable } from "./pty/pty-table.js";
import { KEEPALIVE, withKeepalive } from "./pty/with-keepalive.js";

export interface PtyServiceOptions {
  table: PtyTable;
  /** The static helper that owns each terminal (native/ptyhost). */
  ptyhost: string;
  user: SandboxUser;
  workspaceDir: string;
  /** The session's environment, as the persistent shell has it; undefined until activated. */
  environment: () => Record<string, string> | undefined;
  keepaliveMs: number;
}

const DEFAULT_COMMAND = ["bash", "-i"];

/**
 * The runner's side of PtyService: terminals beside the persistent shell,
 * as the same user, sharing nothing with it.
 */
export function createPtyService(o: PtyServiceOptions): ServiceImpl<typeof PtyService> {
  return {
    async *openPty(req, ctx) {
      const sessionEnv = o.environment();
      if (!sessionEnv) throw new ConnectError("the session is starting", Code.Unavailable);
      const { id, host } = await o.table.open({
        binary: o.ptyhost,
        user: o.user,
        cols: req.cols,
        rows: req.rows,
        cwd: req.cwd === "" || !isAbsolute(req.cwd) ? resolve(o.workspaceDir, req.cwd) : req.cwd,
        argv: req.command.length > 0 ? req.command : DEFAULT_COMMAND,
        env: { ...sessionEnv, TERM: "xterm-256color", ...req.env },
      });
      // The client went away: the terminal and everything it started go too.
      const onAbort = () => host.close();
      ctx.signal.addEventListener("abort", onAbort, { once: true });
      try {
        yield create(OpenPtyResponseSchema, {
          event: { case: "opened", value: { ptyId: id, pid: host.pid } },
        });
        for await (const chunk of withKeepalive<Buffer>(host.output, o.keepaliveMs)) {
          yield chunk === KEEPALIVE
            ? create(OpenPtyResponseSchema, { event: { case: "keepalive", value: {} } })
            : create(OpenPtyResponseSchema, { event: { case: "output", value: { data: chunk } } });
        }
        const exit = await host.exited;
        yield create(OpenPtyResponseSchema, { event: { case: "exited", value: exit } });
      } finally {
        ctx.signal.removeEventListener("abort", onAbort);
        host.close();
      }
    },
    writePty(req) {
      o.table.get(req.ptyId).write(req.data);
      return {};
    },
    resizePty(req) {
      o.table.get(req.ptyId).resize(req.cols, req.rows);
      return {};
    },
    closePty(req) {
      o.table.get(req.ptyId).close();
      return {};
    },
  };
}
