import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  WatchEventKind,
  type WatchFilesResponse,
  WatchFilesResponseSchema,
} from "../../gen/sandkasten/v1/watch_pb.js";
import { errnoError, toConnectError } from "../fs/errors.js";
import type { WatcherLine } from "./watcher-lines.js";

const kinds = new Map<string, WatchEventKind>([
  ["ready", WatchEventKind.READY],
  ["created", WatchEventKind.CREATED],
  ["modified", WatchEventKind.MODIFIED],
  ["deleted", WatchEventKind.DELETED],
  ["renamed", WatchEventKind.RENAMED],
  ["overflow", WatchEventKind.OVERFLOW],
]);

/** What watch.proto lets a path be; a longer one (a very deep tree) counts as dropped. */
const MAX_PATH_CHARS = 8192;

/** One helper line as an answer; an error line as the error it names, about `path`. */
export function watchEvent(line: WatcherLine, path: string): WatchFilesResponse {
  if (line.k === "error") throw startError(line, path);
  const kind = kinds.get(line.k);
  if (kind === undefined) {
    throw new ConnectError(`the file watch helper wrote an unknown kind ${line.k}`, Code.Internal);
  }
  const eventPath = line.p ?? "";
  const oldPath = line.o ?? "";
  if (eventPath.length > MAX_PATH_CHARS || oldPath.length > MAX_PATH_CHARS) {
    return create(WatchFilesResponseSchema, { kind: WatchEventKind.OVERFLOW });
  }
  return create(WatchFilesResponseSchema, {
    kind,
    path: eventPath,
    oldPath,
    isDir: line.d === true,
  });
}

function startError(line: WatcherLine, path: string): ConnectError {
  // inotify's words for its per-user limits.
  if (line.e === "ENOSPC" || line.e === "EMFILE") {
    return new ConnectError(
      `cannot watch ${path}: the kernel's inotify limits are reached`,
      Code.ResourceExhausted,
    );
  }
  if (line.e === "EIO" || line.e === undefined) {
    return new ConnectError(`cannot watch ${path}`, Code.Internal, undefined, undefined, line.m);
  }
  return toConnectError(errnoError(line.e), path);
}
