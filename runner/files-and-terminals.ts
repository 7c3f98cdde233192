import http2 from "node:http2";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { FsService } from "../gen/sandkasten/v1/fs_pb.js";
import { JobService } from "../gen/sandkasten/v1/job_pb.js";
import { PtyService } from "../gen/sandkasten/v1/pty_pb.js";
import { WatchService } from "../gen/sandkasten/v1/watch_pb.js";
import { createFsService } from "./fs/service.js";
import { createJobService, type JobServiceOptions } from "./jobs/job-service.js";
import { JobTable } from "./jobs/job-table.js";
import type { SandboxUser } from "./privileges.js";
import { PtyTable } from "./pty/pty-table.js";
import { createPtyService } from "./pty-service.js";
import type { StreamHandler } from "./server.js";
import { createWatchService } from "./watch/watch-service.js";

// WriteFile carries up to 16 MiB of content (fs.proto), plus the message's framing.
const MAX_REQUEST_BYTES = 17 << 20;

export interface FilesAndTerminalsOptions {
  workspaceDir: string;
  user: SandboxUser;
  ptyhost: string;
  /** The variables a terminal starts with. */
  environment: () => Record<string, string> | undefined;
  /** The shell's directory, exports and variables, for a job to start with. */
  shellState: JobServiceOptions["shellState"];
  /** Root-owned, out of the sandbox user's reach: where jobs' output rings are kept. */
  jobsDir: string;
}

/**
 * FsService, PtyService and WatchService, through connect. main.ts loads this module on
 * the first call that isn't an exec: most sessions only ever run commands,
 * and connect with protobuf's descriptors is most of what the runner would
 * otherwise keep in memory. Streams reach connect's node adapter through an
 * http2 server of its own that never listens: its "stream" event makes the
 * request and response objects connect takes, as a listening server does.
 */
export function filesAndTerminals(o: FilesAndTerminalsOptions): StreamHandler {
  const ptys = new PtyTable(8);
  const jobs = new JobTable({
    user: o.user,
    dir: o.jobsDir,
    maxRunning: 16,
    maxKept: 32,
    ringBytes: 1 << 20,
  });
  const adapter = connectNodeAdapter({
    routes(router) {
      router.service(JobService, createJobService({ table: jobs, shellState: o.shellState }));
      router.service(
        FsService,
        createFsService({
          workspaceDir: o.workspaceDir,
          maxReadBytes: 16 << 20,
          maxListEntries: 10_000,
          maxUploadBytes: 1 << 30,
        }),
      );
      router.service(
        PtyService,
        createPtyService({
          table: ptys,
          ptyhost: o.ptyhost,
          user: o.user,
          workspaceDir: o.workspaceDir,
          environment: o.environment,
          keepaliveMs: 15_000,
        }),
      );
      router.service(
        WatchService,
        createWatchService({
          workspaceDir: o.workspaceDir,
          user: o.user,
          binary: "/opt/sandkasten/watcher",
          queueLimit: 4096,
          maxWatches: 16,
        }),
      );
    },
    connect: false,
    grpcWeb: false,
    readMaxBytes: MAX_REQUEST_BYTES,
  });
  const requests = http2.createServer(adapter);
  return (stream, headers, flags, rawHeaders) =>
    requests.emit("stream", stream, headers, flags, rawHeaders);
}
