import { type CallOptions, type Client, createClient, type Transport } from "@connectrpc/connect";
import { ExecService } from "../../gen/sandkasten/v1/exec_pb.js";
import { FsService } from "../../gen/sandkasten/v1/fs_pb.js";
import { JobService } from "../../gen/sandkasten/v1/job_pb.js";
import { SessionService } from "../../gen/sandkasten/v1/session_pb.js";
import { SnapshotService } from "../../gen/sandkasten/v1/snapshot_pb.js";
import { WatchService } from "../../gen/sandkasten/v1/watch_pb.js";

/** The API the MCP tools call: over the network (stdio) or in process (HTTP on the daemon). */
export interface SandboxApi {
  sessions: Client<typeof SessionService>;
  exec: Client<typeof ExecService>;
  fs: Client<typeof FsService>;
  jobs: Client<typeof JobService>;
  snapshots: Client<typeof SnapshotService>;
  watch: Client<typeof WatchService>;
  /** Options for every call (the caller's authorization header, in process). */
  callOptions: CallOptions;
}

export function sandboxApi(transport: Transport, callOptions: CallOptions = {}): SandboxApi {
  return {
    sessions: createClient(SessionService, transport),
    exec: createClient(ExecService, transport),
    fs: createClient(FsService, transport),
    jobs: createClient(JobService, transport),
    snapshots: createClient(SnapshotService, transport),
    watch: createClient(WatchService, transport),
    callOptions,
  };
}

/** The call options of one tool call: cancelled with the MCP request. */
export function callOptionsFor(api: SandboxApi, signal: AbortSignal): CallOptions {
  return { ...api.callOptions, signal };
}
