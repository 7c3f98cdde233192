import type { ServiceImpl } from "@connectrpc/connect";
import type { PtyService } from "../../../gen/sandkasten/v1/pty_pb.js";
import type { AppContext } from "../../context.js";
import { closePty } from "./close-pty.js";
import { openPty } from "./open-pty.js";
import { resizePty } from "./resize-pty.js";
import { writePty } from "./write-pty.js";

export const ptyService = (ctx: AppContext): ServiceImpl<typeof PtyService> => ({
  openPty: openPty(ctx),
  writePty: writePty(ctx),
  resizePty: resizePty(ctx),
  closePty: closePty(ctx),
});
