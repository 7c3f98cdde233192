import type { ServiceImpl } from "@connectrpc/connect";
import type { PtyService } from "../../../gen/sandkasten/v1/pty_pb.js";
import type { AppContext } from "../../context.js";
import { relayPty } from "../../pty/relay-pty.js";

export const openPty = (ctx: AppContext): ServiceImpl<typeof PtyService>["openPty"] =>
  async function* (req, hc) {
    // A terminal never ends by itself: a shutdown closes it instead of
    // waiting out the grace period.
    yield* relayPty(ctx, req, AbortSignal.any([hc.signal, ctx.drain.signal]));
  };
