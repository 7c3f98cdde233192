// The RPCs a FileApi calls, under FsService's names: a session's files are
// `api.fs` as it is; a workspace's are WorkspaceService's file RPCs renamed.
import type { Client } from "@connectrpc/connect";
import type { RpcOptions } from "./calls.js";
import type { FileInfo } from "./gen/sandkasten/v1/fs_pb.js";
import type { WorkspaceService } from "./gen/sandkasten/v1/workspace_pb.js";

type Rpc<Request, Response> = (request: Request, options: RpcOptions) => Promise<Response>;

interface Data {
  data: Uint8Array;
}

interface Written {
  path: string;
  size: bigint;
}

/** One tree's file RPCs; `Address` names the tree in each request, e.g. `{ sessionId }`. */
export interface FileRpcs<Address extends object> {
  writeFile: Rpc<Address & { path: string; content: Uint8Array; mode: number }, Written>;
  readFile: Rpc<Address & { path: string; maxBytes: bigint }, { content: Uint8Array }>;
  listDir: Rpc<Address & { path: string }, { entries: FileInfo[] }>;
  stat: Rpc<Address & { path: string }, { info?: FileInfo }>;
  remove: Rpc<Address & { path: string; recursive: boolean }, unknown>;
  makeDir: Rpc<Address & { path: string; parents: boolean }, { path: string }>;
  /** A client stream: the first message carries the address and path. */
  upload: Rpc<AsyncIterable<(Address & { path: string } & Data) | Data>, Written>;
  download: (request: Address & { path: string }, options: RpcOptions) => AsyncIterable<Data>;
}

export function workspaceFileRpcs(
  workspaces: Client<typeof WorkspaceService>,
): FileRpcs<{ workspaceId: string }> {
  return {
    writeFile: workspaces.writeWorkspaceFile,
    readFile: workspaces.readWorkspaceFile,
    listDir: workspaces.listWorkspaceDir,
    stat: workspaces.statWorkspacePath,
    remove: workspaces.removeWorkspacePath,
    makeDir: workspaces.makeWorkspaceDir,
    upload: workspaces.uploadWorkspaceFile,
    download: workspaces.downloadWorkspaceFile,
  };
}
