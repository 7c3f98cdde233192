import { type Client, createClient, type Interceptor, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { ExecService } from "../gen/sandkasten/v1/exec_pb.js";
import { SessionService } from "../gen/sandkasten/v1/session_pb.js";
import type { DaemonProcess } from "./daemon-process.js";
import { WideWindowSessionManager } from "./wide-window.js";

export interface RpcClients {
  sessions: Client<typeof SessionService>;
  exec: Client<typeof ExecService>;
}

const bearer =
  (key: string): Interceptor =>
  (next) =>
  (req) => {
    req.header.set("authorization", `Bearer ${key}`);
    return next(req);
  };

function clients(transport: Transport): RpcClients {
  return {
    sessions: createClient(SessionService, transport),
    exec: createClient(ExecService, transport),
  };
}

/** gRPC over HTTP/2 cleartext on the daemon's one port, Node's default windows. */
export function grpcClients(d: DaemonProcess): RpcClients {
  return clients(createGrpcTransport({ baseUrl: d.url, interceptors: [bearer(d.apiKey)] }));
}

/** gRPC h2c with an 8 MiB client window (stream and connection), for streaming. */
export function wideGrpcClients(d: DaemonProcess): RpcClients {
  return clients(
    createGrpcTransport({
      baseUrl: d.url,
      interceptors: [bearer(d.apiKey)],
      sessionManager: new WideWindowSessionManager(d.url),
    }),
  );
}

/** The Connect protocol over HTTP/1.1, JSON or binary (protobuf) messages. */
export function connectClients(d: DaemonProcess, binary: boolean): RpcClients {
  return clients(
    createConnectTransport({
      baseUrl: d.url,
      httpVersion: "1.1",
      useBinaryFormat: binary,
      interceptors: [bearer(d.apiKey)],
    }),
  );
}
