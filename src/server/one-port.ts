import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import type stream from "node:stream";
import { answerClientError } from "./client-error.js";

const PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
const SNIFF_TIMEOUT_MS = 10_000;

type Handler = (
  req: http.IncomingMessage | http2.Http2ServerRequest,
  res: http.ServerResponse | http2.Http2ServerResponse,
) => void;

/** HTTP/1.1 upgrades (WebSocket) to serve: those `wants` picks; any other is a plain request. */
export interface UpgradeHandler {
  wants(req: http.IncomingMessage): boolean;
  handle(req: http.IncomingMessage, socket: stream.Duplex, head: Buffer): void;
}

export interface OnePortServer {
  server: net.Server;
  http1: http.Server;
  http2: http2.Http2Server;
  /** Stops accepting and closes every open connection. */
  close(): Promise<void>;
}

/**
 * HTTP/1.1 and cleartext HTTP/2 (prior knowledge) on one port. Node's h2c
 * server does not answer HTTP/1.1, so each connection's first bytes decide:
 * the HTTP/2 preface goes to the HTTP/2 server, anything else to the
 * HTTP/1.1 server; either gets the socket with the sniffed bytes put back.
 */
export function createOnePortServer(handler: Handler, upgrade?: UpgradeHandler): OnePortServer {
  const http1 = http.createServer(
    { shouldUpgradeCallback: (req) => upgrade?.wants(req) ?? false },
    handler,
  );
  if (upgrade) http1.on("upgrade", upgrade.handle);
  http1.requestTimeout = 0;
  http1.headersTimeout = 60_000;
  http1.keepAliveTimeout = 65_000;
  http1.on("clientError", answerClientError);
  // An http.Server starts checking headersTimeout (slow-loris clients) when it
  // emits "listening"; this one never listens itself, so it is told to here.
  http1.emit("listening");
  const h2 = http2.createServer({ settings: { maxConcurrentStreams: 1000 } }, handler);
  const sessions = new Set<http2.ServerHttp2Session>();
  h2.on("session", (session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
  });
  // http1 never listens itself, so it tracks no connections (closeAllConnections
  // does nothing): the port keeps its own list to close them all on stop.
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    sniff(socket, http1, h2);
  });
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      http1.close(() => {}); // stops the headersTimeout checks
      for (const session of sessions) session.destroy();
      for (const socket of sockets) socket.destroy();
    });
  return { server, http1, http2: h2, close };
}

function sniff(socket: net.Socket, http1: http.Server, h2: http2.Http2Server): void {
  // RPCs are small request/answer exchanges: Nagle's delay would cost ~40 ms each.
  socket.setNoDelay(true);
  let seen = Buffer.alloc(0);
  const timer = setTimeout(() => socket.destroy(), SNIFF_TIMEOUT_MS);
  const onError = () => clearTimeout(timer);
  const onData = (chunk: Buffer) => {
    seen = Buffer.concat([seen, chunk]);
    const n = Math.min(seen.length, PREFACE.length);
    const looksLikeH2 = seen.subarray(0, n).equals(PREFACE.subarray(0, n));
    if (looksLikeH2 && n < PREFACE.length) return;
    clearTimeout(timer);
    socket.off("data", onData);
    socket.off("error", onError);
    socket.pause();
    socket.unshift(seen);
    if (looksLikeH2) {
      // Node's HTTP/2 session takes over the socket natively and first feeds
      // itself what the socket already holds (the unshifted preface): no JS
      // stream in between, which once cost a third of a stream's CPU.
      h2.emit("connection", socket);
    } else {
      http1.emit("connection", socket);
      socket.resume();
    }
  };
  socket.on("data", onData);
  socket.on("error", onError);
}
