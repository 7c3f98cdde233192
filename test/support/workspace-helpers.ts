import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect } from "vitest";
import { volumeName } from "../../src/workspaces/drivers/volume-driver.js";
import { engine } from "./engine.js";
import type { WorkspaceDaemon, WorkspaceDriverName } from "./workspace-daemon.js";

export const execFileAsync = promisify(execFile);

export const text = (s: string) => new TextEncoder().encode(s);
export const decode = (b: Uint8Array) => new TextDecoder().decode(b);

/** Creates a session (with the workspace when given) and returns its id. */
export async function newSession(
  d: WorkspaceDaemon,
  workspaceId = "",
  image = "base",
): Promise<string> {
  const { session } = await d.api.sessions.createSession({ image, workspaceId });
  if (!session) throw new Error("no session in CreateSession's answer");
  return session.id;
}

/** Runs a command that must succeed and returns its output. */
export async function sh(d: WorkspaceDaemon, sessionId: string, cmd: string): Promise<string> {
  const r = await d.api.exec.exec({ sessionId, cmd, timeoutMs: 60_000 });
  expect(r.exitCode, `${cmd} → ${r.output}`).toBe(0);
  return r.output;
}

/** Reads a whole server stream of `data` messages. */
export async function collect(stream: AsyncIterable<{ data: Uint8Array }>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const m of stream) chunks.push(Buffer.from(m.data));
  return Buffer.concat(chunks);
}

export interface RestAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the answers are JSON of several shapes
  json: any;
  body: Buffer;
}

/** One REST call with the daemon's key; a JSON body when given (with its Content-Type). */
export async function rest(
  d: WorkspaceDaemon,
  method: string,
  path: string,
  body?: unknown,
): Promise<RestAnswer> {
  const headers: Record<string, string> = { authorization: `Bearer ${d.apiKey}` };
  let payload: RequestInit["body"];
  if (body instanceof FormData || body instanceof Uint8Array) payload = body as RequestInit["body"];
  else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const res = await fetch(`${d.url}${path}`, { method, headers, body: payload });
  const raw = Buffer.from(await res.arrayBuffer());
  let json: unknown;
  if ((res.headers.get("content-type") ?? "").includes("json")) json = JSON.parse(raw.toString());
  return { status: res.status, json, body: raw };
}

/**
 * A REST call whose path goes out exactly as written: fetch would resolve
 * "%2E%2E" and ".." segments before sending.
 */
export function restRaw(
  d: WorkspaceDaemon,
  method: string,
  rawPath: string,
  body?: unknown,
): Promise<RestAnswer> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      `${d.url}/`,
      {
        method,
        path: rawPath,
        headers: {
          authorization: `Bearer ${d.apiKey}`,
          ...(payload ? { "content-type": "application/json" } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const raw = Buffer.concat(chunks);
          const isJson = (res.headers["content-type"] ?? "").includes("json");
          resolve({
            status: res.statusCode ?? 0,
            json: isJson ? JSON.parse(raw.toString()) : undefined,
            body: raw,
          });
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

/** Whether the engine has this exact volume. */
export async function volumeExists(name: string): Promise<boolean> {
  const { Volumes } = await engine.listVolumes({ filters: JSON.stringify({ name: [name] }) });
  return (Volumes ?? []).some((v) => v.Name === name);
}

/** Whether the storage of a workspace exists, as the driver keeps it. */
export async function storageExists(
  d: WorkspaceDaemon,
  driver: WorkspaceDriverName,
  id: string,
): Promise<boolean> {
  return driver === "volume"
    ? volumeExists(volumeName(id))
    : existsSync(join(d.dataDir, "workspaces", id));
}
