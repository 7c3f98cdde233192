import http2 from "node:http2";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { FsService } from "../gen/sandkasten/v1/fs_pb.js";
import { PtyService } from "../gen/sandkasten/v1/pty_pb.js";
import { createFsService } from "./fs/service.js";
import type { SandboxUser } from "./privileges.js";
import { PtyTable } from "./pty/pty-table.js";
import { createPtyService } from "./pty-service.js";
import type { StreamHandler } from "./server.js";

// WriteFile carries up to 16 MiB of content (fs.proto), plus the message's framing.
const MAX_REQUEST_BYTES = 17 << 20;

export interface FilesAndTerminalsOptions {
  workspaceDir: string;
  user: SandboxUser;
  ptyhost: string;
  /** The variables a terminal starts with. */
  environment: () => Record<string, string> | undefined;
}

/**
 * FsService and PtyService, through connect. main.ts loads this module on
 * the first call that isn't an exec: most sessions only ever run commands,
 * and connect with protobuf's descriptors is most of what the runner would
 * otherwise keep in memory. Streams reach connect's node adapter through an
 * http2 server of its own that never listens: its "stream" event makes the
 * request and response objects connect takes, as a listening server does.
 */
export function filesAndTerminals(o: FilesAndTerminalsOptions): StreamHandler {
  const ptys = new PtyTable(8);
  const adapter = connectNodeAdapter({
    routes(router) {
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
    },
    connect: false,
    grpcWeb: false,
    readMaxBytes: MAX_REQUEST_BYTES,
  });
  const requests = http2.createServer(adapter);
  return (stream, headers, flags, rawHeaders) =>
    requests.emit("stream", stream, headers, flags, rawHeaders);
}
