// File watch: what happens to files inside a session's container, from
// inotify in the runner; Session.watch() is this.
import type { Api } from "./api.js";
import { callStream } from "./calls.js";
import { WatchEventKind, type WatchFilesResponse } from "./gen/sandkasten/v1/watch_pb.js";
import type { CallOptions } from "./types.js";

export interface WatchOptions extends CallOptions {
  /** Watch the directories below the path too, including ones made later. */
  recursive?: boolean;
}

/**
 * One thing that happened. `ready` comes first, once every watch is in
 * place; `overflow` says events were dropped (look at the tree again).
 * Paths are absolute inside the container.
 */
export type WatchEvent =
  | { type: "ready" }
  | { type: "created" | "modified" | "deleted"; path: string; isDir: boolean }
  | { type: "renamed"; path: string; oldPath: string; isDir: boolean }
  | { type: "overflow" };

const CHANGES = {
  [WatchEventKind.CREATED]: "created",
  [WatchEventKind.MODIFIED]: "modified",
  [WatchEventKind.DELETED]: "deleted",
} as const;

/**
 * The session's file events under `path` (default /workspace), until the
 * consumer stops iterating, options.signal aborts, the path itself goes, or
 * the session ends.
 */
export async function* watchFiles(
  api: Api,
  sessionId: string,
  path: string,
  options: WatchOptions,
): AsyncGenerator<WatchEvent> {
  const request = { sessionId, path, recursive: options.recursive ?? false };
  for await (const message of callStream(options, (o) => api.watch.watchFiles(request, o))) {
    const event = watchEvent(message);
    if (event) yield event;
  }
}

function watchEvent(m: WatchFilesResponse): WatchEvent | undefined {
  switch (m.kind) {
    case WatchEventKind.READY:
      return { type: "ready" };
    case WatchEventKind.OVERFLOW:
      return { type: "overflow" };
    case WatchEventKind.RENAMED:
      return { type: "renamed", path: m.path, oldPath: m.oldPath, isDir: m.isDir };
    case WatchEventKind.CREATED:
    case WatchEventKind.MODIFIED:
    case WatchEventKind.DELETED:
      return { type: CHANGES[m.kind], path: m.path, isDir: m.isDir };
    default:
      // A kind newer than this SDK: skipped.
      return undefined;
  }
}
