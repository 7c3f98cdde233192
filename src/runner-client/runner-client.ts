import { type Client, createClient } from "@connectrpc/connect";
import { createGrpcTransport, type Http2SessionManager } from "@connectrpc/connect-node";
import { ExecService } from "../../gen/sandkasten/v1/exec_pb.js";
import { FsService } from "../../gen/sandkasten/v1/fs_pb.js";
import { JobService } from "../../gen/sandkasten/v1/job_pb.js";
import { PtyService } from "../../gen/sandkasten/v1/pty_pb.js";
import { RunnerService } from "../../gen/sandkasten/v1/runner_pb.js";
import { RUNNER_MESSAGE_MAX_BYTES } from "../limits.js";
import type { RunnerAddress } from "./runner-address.js";
import { createRunnerTransport } from "./runner-transport.js";
import { WideWindowSessionManager } from "./wide-window-sessions.js";

/** How far a runner may run ahead of the daemon on one stream (HTTP/2 flow control). */
const STREAM_WINDOW_BYTES = 1024 * 1024;

/**
 * gRPC over one HTTP/2 connection to a runner (see RunnerAddress), kept open
 * and re-opened on demand. Everything it answers is checked by the caller as
 * data from an untrusted party.
 */
export class RunnerClient {
  readonly exec: Client<typeof ExecService>;
  readonly fs: Client<typeof FsService>;
  readonly jobs: Client<typeof JobService>;
  readonly pty: Client<typeof PtyService>;
  readonly runner: Client<typeof RunnerService>;
  private readonly sessions: Http2SessionManager;

  constructor(readonly address: RunnerAddress) {
    this.sessions = new WideWindowSessionManager(
      "http://runner.sock",
      STREAM_WINDOW_BYTES,
      { createConnection: () => address.connect() },
      { pingIntervalMs: 10_000, pingTimeoutMs: 5_000, idleConnectionTimeoutMs: 15 * 60_000 },
    );
    const general = createGrpcTransport({
      baseUrl: "http://runner.sock",
      sessionManager: this.sessions,
      readMaxBytes: RUNNER_MESSAGE_MAX_BYTES,
      // A unix socket on the same machine: compressing only burns the sandbox's CPU.
      acceptCompression: [],
      writeMaxBytes: RUNNER_MESSAGE_MAX_BYTES,
    });
    const transport = createRunnerTransport({
      sessions: this.sessions,
      readMaxBytes: RUNNER_MESSAGE_MAX_BYTES,
      fallback: general,
    });
    this.exec = createClient(ExecService, transport);
    this.fs = createClient(FsService, transport);
    this.jobs = createClient(JobService, transport);
    this.pty = createClient(PtyService, transport);
    this.runner = createClient(RunnerService, transport);
  }

  close(): void {
    this.sessions.abort();
  }
}
