import type { ExecEvent, Session } from "@sandkasten/client";
import { SandboxClient } from "@sandkasten/client";
import { SandboxClient as WebSandboxClient } from "@sandkasten/client/web";
import { startTestDaemon, type TestDaemon } from "../../support/test-daemon.js";

/** What one stream said, joined. */
export function textOf(events: ExecEvent[], type: "stdout" | "stderr"): string {
  return events.map((e) => (e.type === type ? e.data : "")).join("");
}

export async function eventsOf(stream: AsyncIterable<ExecEvent>): Promise<ExecEvent[]> {
  const events: ExecEvent[] = [];
  for await (const e of stream) events.push(e);
  return events;
}

/** Every way to reach the daemon: the Node entry's three transports, the web entry's two. */
export const TRANSPORTS = {
  "node grpc": (d: TestDaemon, apiKey = d.apiKey) =>
    new SandboxClient({ baseUrl: d.url, apiKey, transport: "grpc" }),
  "node connect": (d: TestDaemon, apiKey = d.apiKey) =>
    new SandboxClient({ baseUrl: d.url, apiKey, transport: "connect" }),
  "node grpc-web": (d: TestDaemon, apiKey = d.apiKey) =>
    new SandboxClient({ baseUrl: d.url, apiKey, transport: "grpc-web" }),
  "web connect (fetch)": (d: TestDaemon, apiKey = d.apiKey) =>
    new WebSandboxClient({ baseUrl: d.url, apiKey }),
  "web grpc-web (fetch)": (d: TestDaemon, apiKey = d.apiKey) =>
    new WebSandboxClient({ baseUrl: d.url, apiKey, transport: "grpc-web" }),
};

export type TransportName = keyof typeof TRANSPORTS;

export function bytesOf(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
  return bytes;
}

export async function* inPieces(bytes: Uint8Array, piece: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += piece) yield bytes.slice(at, at + piece);
}

export interface SdkSession {
  daemon: TestDaemon;
  client: SandboxClient;
  session: Session;
}

/** A daemon, an SDK client for it (gRPC) and one base session: a test file's shared setup. */
export async function openSdkSession(): Promise<SdkSession> {
  const daemon = await startTestDaemon();
  const client = new SandboxClient({ baseUrl: daemon.url, apiKey: daemon.apiKey });
  return { daemon, client, session: await client.createSession({ image: "base" }) };
}

export async function closeSdkSession({ daemon, client, session }: SdkSession): Promise<void> {
  await session.destroy();
  client.close();
  await daemon.stop();
}
