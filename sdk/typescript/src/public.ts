// What both entry points (index.ts for Node, web.ts for browsers) export
// besides their own SandboxClient.
export type { ConnectionOptions } from "./client.js";
export { SandboxClientBase } from "./client.js";
export * from "./errors.js";
export type { ReadOptions, WriteOptions } from "./file-api.js";
export type { AttachJobOptions, WriteStdinOptions } from "./jobs.js";
export { SessionJobs } from "./jobs.js";
export type { OpenPtyOptions, PtyExit } from "./pty.js";
export { Pty } from "./pty.js";
export type { SandboxExecOptions, SandboxExecResult, SandboxFiles } from "./sandbox.js";
export { Sandbox } from "./sandbox.js";
export type { VolumeSpec, Volumes } from "./sandbox-volumes.js";
export type { CreateSandboxOptions } from "./sandboxes.js";
export { Sandboxes } from "./sandboxes.js";
export { Session } from "./session.js";
export type {
  DiffEntry,
  DiffEntryState,
  DiffOptions,
  ForkOptions,
  SnapshotInfo,
  WorkspaceDiff,
} from "./snapshots.js";
export { WorkspaceSnapshots } from "./snapshots.js";
export type * from "./types.js";
export type { WatchEvent, WatchOptions } from "./watch.js";
export { Workspace } from "./workspaces.js";
