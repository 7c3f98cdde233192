import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ConnectRouter, Interceptor } from "@connectrpc/connect";
import { Code, ConnectError, createRouterTransport } from "@connectrpc/connect";
import type { RestGatewayOptions } from "../../src/rest/gateway.js";
import { createRestGateway } from "../../src/rest/gateway.js";

export const API_KEY = "test-key";
export const auth = { authorization: `Bearer ${API_KEY}` };

export interface RestHarness {
  base: string;
  port: number;
  logs: { msg: string; fields?: Record<string, unknown> }[];
  close(): Promise<void>;
}

// The handler side checks the forwarded Authorization header again, as the
// daemon's auth interceptor does.
const requireKey: Interceptor = (next) => async (req) => {
  if (req.header.get("authorization") !== `Bearer ${API_KEY}`) {
    throw new ConnectError("handler side: bad key", Code.Unauthenticated);
  }
  return next(req);
};

export async function startRest(
  routes: (router: ConnectRouter) => void,
  options: Partial<Omit<RestGatewayOptions, "transport">> = {},
): Promise<RestHarness> {
  const transport = createRouterTransport(routes, { router: { interceptors: [requireKey] } });
  const logs: RestHarness["logs"] = [];
  const gateway = createRestGateway({
    transport,
    authenticate: async (header) => header === `Bearer ${API_KEY}`,
    maxBodyBytes: 64 * 1024,
    maxUploadBytes: 4 * 1024 * 1024,
    log: (msg, fields) => logs.push({ msg, fields }),
    ...options,
  });
  const server = http.createServer((req, res) => {
    if (!gateway(req, res)) {
      res.writeHead(418, { "content-type": "text/plain" });
      res.end("not the gateway's");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    logs,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

// A request through node:http, for what fetch would change: a body without a
// Content-Type, chunked bodies, raw paths.
export function rawRequest(
  port: number,
  method: string,
  path: string,
  body?: string | Buffer,
  headers: http.OutgoingHttpHeaders = auth,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

export interface SseEvent {
  event: string;
  data: unknown;
}

// Splits an event stream into events; comment lines come out as event ":".
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split("\n\n")) {
    if (block === "") continue;
    if (block.startsWith(":")) {
      events.push({ event: ":", data: block.slice(1).trim() });
      continue;
    }
    let event = "message";
    let data = "";
    for (const line of block.split("\n")) {
      if (line.startsWith("event: ")) event = line.slice(7);
      else if (line.startsWith("data: ")) data += line.slice(6);
    }
    events.push({ event, data: JSON.parse(data) });
  }
  return events;
}

export function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (condition()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error("timed out waiting"));
      else setTimeout(check, 10);
    };
    check();
  });
}

// The JSON error body's message.
export async function errorOf(res: Response): Promise<string> {
  const body = (await res.json()) as { error?: unknown };
  return String(body.error);
}
