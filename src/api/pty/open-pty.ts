import type { ServiceImpl } from "@connectrpc/connect";
import type { PtyService } from "../../../gen/sandkasten/v1/pty_pb.js";
import type { AppContext } from "../../context.js";
import { relayPty } from "../../pty/relay-pty.js";

export const openPty = (ctx: AppContext): ServiceImpl<typeof PtyService>["openPty"] =>
  async function* (req, hc) {
    yield* relayPty(ctx, req, hc.signal);
  };
