import type { HandlerContext, ServiceImpl } from "@connectrpc/connect";
import { Code, ConnectError } from "@connectrpc/connect";
import type {
  WatchFilesRequest,
  WatchFilesResponse,
  WatchService,
} from "../../gen/sandkasten/v1/watch_pb.js";
import { resolvePath } from "../fs/paths.js";
import type { SandboxUser } from "../privileges.js";
import { watchEvent } from "./watch-event.js";
import { watcherLines } from "./watcher-lines.js";
import { startWatcher } from "./watcher-process.js";

export interface WatchServiceOptions {
  workspaceDir: string;
  user: SandboxUser;
  /** The file watch helper (native/watcher) inside the container. */
  binary: string;
  /** Most coalesced events waiting for a slow client before an overflow. */
  queueLimit: number;
  /** Most watches at a time: each is a helper process and an inotify instance. */
  maxWatches: number;
}

/**
 * WatchFiles, from inotify through native/watcher rather than fs.watch:
 * Node's watcher loses what inotify knows (which create belongs to which
 * move, whether a name is a directory, that the kernel's queue overflowed)
 * and keeps every event its listener is handed, while the helper pairs
 * renames by cookie and holds a bounded, coalescing queue in its own
 * process. The runner reads its output only as fast as the client takes
 * events, so a flood costs the runner one pipe chunk.
 */
export function createWatchService(o: WatchServiceOptions): ServiceImpl<typeof WatchService> {
  let open = 0;
  return {
    async *watchFiles(req, ctx) {
      if (open >= o.maxWatches) {
        throw new ConnectError(
          `too many watches in this session (at most ${o.maxWatches})`,
          Code.ResourceExhausted,
        );
      }
      open++;
      try {
        yield* watchFiles(o, req, ctx);
      } finally {
        open--;
      }
    },
  };
}

async function* watchFiles(
  o: WatchServiceOptions,
  req: WatchFilesRequest,
  ctx: HandlerContext,
): AsyncGenerator<WatchFilesResponse> {
  const path = resolvePath(o.workspaceDir, { path: req.path, pathBytes: new Uint8Array() }, true);
  const watcher = startWatcher({
    binary: o.binary,
    user: o.user,
    path: path.toString(),
    recursive: req.recursive,
    queueLimit: o.queueLimit,
  });
  const stop = () => watcher.stop();
  ctx.signal.addEventListener("abort", stop);
  try {
    for await (const line of watcherLines(watcher.output)) {
      yield watchEvent(line, path.toString());
    }
    const failed = watcher.spawnError();
    if (failed) {
      throw new ConnectError(
        `file watch is not available in this container (${o.binary}: ${(failed as NodeJS.ErrnoException).code ?? failed.message})`,
        Code.FailedPrecondition,
      );
    }
  } finally {
    ctx.signal.removeEventListener("abort", stop);
    stop();
  }
}
