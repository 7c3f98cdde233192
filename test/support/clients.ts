import { type Client, createClient, type Interceptor, type Transport } from "@connectrpc/connect";
import {
  createConnectTransport,
  createGrpcTransport,
  createGrpcWebTransport,
} from "@connectrpc/connect-node";
import { ExecService } from "../../gen/sandkasten/v1/exec_pb.js";
import { FsService } from "../../gen/sandkasten/v1/fs_pb.js";
import { PtyService } from "../../gen/sandkasten/v1/pty_pb.js";
import { SessionService } from "../../gen/sandkasten/v1/session_pb.js";
import type { TestDaemon } from "./test-daemon.js";

export interface Clients {
  sessions: Client<typeof SessionService>;
  exec: Client<typeof ExecService>;
  fs: Client<typeof FsService>;
  pty: Client<typeof PtyService>;
}

export type Protocol = "grpc" | "connect" | "grpc-web";

const bearer =
  (key: string | undefined): Interceptor =>
  (next) =>
  (req) => {
    if (key !== undefined) req.header.set("authorization", `Bearer ${key}`);
    return next(req);
  };

export function transportFor(
  d: TestDaemon,
  protocol: Protocol,
  key: string | undefined = d.apiKey,
): Transport {
  const interceptors = [bearer(key)];
  switch (protocol) {
    case "grpc":
      return createGrpcTransport({ baseUrl: d.url, interceptors });
    case "grpc-web":
      return createGrpcWebTransport({ baseUrl: d.url, httpVersion: "1.1", interceptors });
    case "connect":
      return createConnectTransport({ baseUrl: d.url, httpVersion: "1.1", interceptors });
  }
}

/** Generated clients for the daemon; gRPC over HTTP/2 cleartext unless told otherwise. */
export function clientsFor(d: TestDaemon, protocol: Protocol = "grpc", key?: string): Clients {
  const transport = transportFor(d, protocol, key ?? d.apiKey);
  return {
    sessions: createClient(SessionService, transport),
    exec: createClient(ExecService, transport),
    fs: createClient(FsService, transport),
    pty: createClient(PtyService, transport),
  };
}
