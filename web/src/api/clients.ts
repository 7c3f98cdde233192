import type { DescService } from "@bufbuild/protobuf";
import { type Client, createClient } from "@connectrpc/connect";
import { ConfigService } from "../../../gen/sandkasten/v1/config_pb.js";
import { ExecService } from "../../../gen/sandkasten/v1/exec_pb.js";
import { FsService } from "../../../gen/sandkasten/v1/fs_pb.js";
import { JobService } from "../../../gen/sandkasten/v1/job_pb.js";
import { PtyService } from "../../../gen/sandkasten/v1/pty_pb.js";
import { SessionService } from "../../../gen/sandkasten/v1/session_pb.js";
import { WorkspaceService } from "../../../gen/sandkasten/v1/workspace_pb.js";
import { daemonTransport } from "./transport.js";
import { xhrFetch } from "./xhr-fetch.js";

const transport = daemonTransport();

/** The generated clients, one per service, sharing one transport. */
export const api = {
  sessions: createClient(SessionService, transport),
  exec: createClient(ExecService, transport),
  jobs: createClient(JobService, transport),
  fs: createClient(FsService, transport),
  pty: createClient(PtyService, transport),
  workspaces: createClient(WorkspaceService, transport),
  config: createClient(ConfigService, transport),
};

/** A client whose unary requests report upload progress (fetch cannot): see xhr-fetch.ts. */
export function clientWithProgress<S extends DescService>(
  service: S,
  onProgress: (fraction: number) => void,
): Client<S> {
  return createClient(
    service,
    daemonTransport(xhrFetch((sent, total) => onProgress(total > 0 ? sent / total : 0))),
  );
}
