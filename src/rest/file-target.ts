import type { CallOptions } from "@connectrpc/connect";
import type { FileInfo } from "../../gen/sandkasten/v1/fs_pb.js";
import type { RestClients, RestContext } from "./context.js";
import type { readAnswerToJson } from "./file-info-json.js";
import type { PathFields } from "./fs-path.js";

// The place whose files the file routes (file-routes.ts) serve: a session's
// file system through FsService, or a workspace through WorkspaceService.
// The two are served alike but where a field here tells them apart.
export interface FileTarget {
  // "session" or "workspace": names the target in log lines.
  kind: string;
  // Where the routes stand; its ":id" is the target's id.
  prefix: string;
  // The target's id as the calls' requests carry it.
  requestId(id: string): TargetId;
  rpcs(clients: RestClients): FileRpcs;
  // Where uploaded files go until a `path` field names another directory.
  uploadDirectory: string;
  // Whether fs/stat needs a path; without one a workspace answers for its root.
  statNeedsPath: boolean;
  // The fs/write body fields beyond the path and the content.
  writeFields: readonly string[];
}

export type TargetId = { sessionId: string } | { workspaceId: string };

type TargetPath = TargetId & PathFields;

type Unary<Request, Response> = (
  request: TargetPath & Request,
  options: CallOptions,
) => Promise<Response>;

// The calls on a target's files, by FsService's names.
export interface FileRpcs {
  listDir: Unary<object, { path: string; entries: FileInfo[]; truncated: boolean }>;
  stat: Unary<object, { info?: FileInfo }>;
  readFile: Unary<{ maxBytes: bigint }, Parameters<typeof readAnswerToJson>[0]>;
  writeFile: Unary<{ content: Uint8Array; mode: number }, unknown>;
  makeDir: Unary<{ parents: boolean }, { path: string }>;
  remove: Unary<{ recursive: boolean }, unknown>;
  // The first message names the file, the rest carry its bytes.
  upload(
    messages: AsyncIterable<TargetPath | { data: Uint8Array }>,
    options: CallOptions,
  ): Promise<{ path: string }>;
  download(request: TargetPath, options: CallOptions): AsyncIterable<{ data: Uint8Array }>;
}

/** The target's calls, and the id of the request's target as they take it. */
export function reachTarget(
  target: FileTarget,
  ctx: RestContext,
): { rpcs: FileRpcs; id: TargetId } {
  return { rpcs: target.rpcs(ctx.clients), id: target.requestId(ctx.params.id) };
}
