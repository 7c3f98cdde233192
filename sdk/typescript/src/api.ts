import { type Client, createClient, type Transport } from "@connectrpc/connect";
import { ExecService } from "./gen/sandkasten/v1/exec_pb.js";
import { FsService } from "./gen/sandkasten/v1/fs_pb.js";
import { JobService } from "./gen/sandkasten/v1/job_pb.js";
import { PtyService } from "./gen/sandkasten/v1/pty_pb.js";
import { SessionService } from "./gen/sandkasten/v1/session_pb.js";
import { SnapshotService } from "./gen/sandkasten/v1/snapshot_pb.js";
import { WatchService } from "./gen/sandkasten/v1/watch_pb.js";
import { WorkspaceService } from "./gen/sandkasten/v1/workspace_pb.js";

/** The generated Connect clients of the daemon's services, over one transport. */
export interface Api {
  sessions: Client<typeof SessionService>;
  exec: Client<typeof ExecService>;
  fs: Client<typeof FsService>;
  jobs: Client<typeof JobService>;
  workspaces: Client<typeof WorkspaceService>;
  pty: Client<typeof PtyService>;
  snapshots: Client<typeof SnapshotService>;
  watch: Client<typeof WatchService>;
  /**
   * The transport can stream request bodies (client-streaming calls). fetch
   * cannot: over it, uploads fall back to one unary write (at most 16 MiB).
   */
  streamsRequests: boolean;
}

export function createApi(transport: Transport, streamsRequests: boolean): Api {
  return {
    streamsRequests,
    sessions: createClient(SessionService, transport),
    exec: createClient(ExecService, transport),
    fs: createClient(FsService, transport),
    jobs: createClient(JobService, transport),
    workspaces: createClient(WorkspaceService, transport),
    pty: createClient(PtyService, transport),
    snapshots: createClient(SnapshotService, transport),
    watch: createClient(WatchService, transport),
  };
}
