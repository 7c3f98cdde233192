import { randomBytes } from "node:crypto";
import {
  type Client,
  type Code,
  ConnectError,
  createClient,
  type Interceptor,
} from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { expect } from "vitest";
import { ConfigService } from "../../gen/sandkasten/v1/config_pb.js";
import { ExecService } from "../../gen/sandkasten/v1/exec_pb.js";
import { FsService } from "../../gen/sandkasten/v1/fs_pb.js";
import { PtyService } from "../../gen/sandkasten/v1/pty_pb.js";
import { SessionService } from "../../gen/sandkasten/v1/session_pb.js";
import { WorkspaceService } from "../../gen/sandkasten/v1/workspace_pb.js";
import { codeName } from "./connect-errors.js";
import { PtyTerminal } from "./pty-terminal.js";
import { startWorkspaceDaemon, type WorkspaceDaemon } from "./workspace-daemon.js";

/** An api_keys entry of sandkasten.yaml: a key of one tenant, a user's unless told. */
export interface TenantKey {
  key: string;
  tenant: string;
  role: "user" | "admin";
  max_sessions?: number;
  max_workspaces?: number;
  max_memory_mb?: number;
}

export function tenantKey(
  tenant: string,
  quotas: Omit<Partial<TenantKey>, "key" | "tenant"> = {},
): TenantKey {
  return {
    key: `sk-${tenant}-${randomBytes(12).toString("hex")}`,
    tenant,
    role: "user",
    ...quotas,
  };
}

/** A daemon (workspaces in directories) whose api_keys are `keys`, beside its admin api_key. */
export function startTenantDaemon(
  keys: TenantKey[],
  overrides: Record<string, unknown> = {},
): Promise<WorkspaceDaemon> {
  return startWorkspaceDaemon({ api_keys: keys, workspace: { driver: "directory" }, ...overrides });
}

export interface TenantClients {
  sessions: Client<typeof SessionService>;
  exec: Client<typeof ExecService>;
  fs: Client<typeof FsService>;
  pty: Client<typeof PtyService>;
  workspaces: Client<typeof WorkspaceService>;
  config: Client<typeof ConfigService>;
}

const bearer =
  (key: string): Interceptor =>
  (next) =>
  (req) => {
    req.header.set("authorization", `Bearer ${key}`);
    return next(req);
  };

/** Clients of every service at `url` that send `key`: gRPC (HTTP/2) or Connect (HTTP/1.1). */
export function clientsAt(
  url: string,
  key: string,
  protocol: "grpc" | "connect" = "grpc",
): TenantClients {
  const interceptors = [bearer(key)];
  const transport =
    protocol === "grpc"
      ? createGrpcTransport({ baseUrl: url, interceptors })
      : createConnectTransport({ baseUrl: url, httpVersion: "1.1", interceptors });
  return {
    sessions: createClient(SessionService, transport),
    exec: createClient(ExecService, transport),
    fs: createClient(FsService, transport),
    pty: createClient(PtyService, transport),
    workspaces: createClient(WorkspaceService, transport),
    config: createClient(ConfigService, transport),
  };
}

export interface RestAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the answers are JSON of several shapes
  json: any;
}

/** One REST call with `key`, as curl makes it; a JSON body when given. */
export async function restAt(
  url: string,
  key: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<RestAnswer> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const json = (res.headers.get("content-type") ?? "").includes("json") ? JSON.parse(text) : text;
  return { status: res.status, json };
}

/** Awaits a call that must fail with `code` and returns its message; `label` names the call. */
export async function failsWith(
  call: Promise<unknown> | (() => Promise<unknown>),
  code: Code,
  label = "the call",
): Promise<string> {
  try {
    await (typeof call === "function" ? call() : call);
  } catch (err) {
    const e = ConnectError.from(err);
    expect(codeName(e.code), `${label}: ${e.rawMessage}`).toBe(codeName(code));
    return e.rawMessage;
  }
  throw new Error(`${label} succeeded but was expected to fail with ${codeName(code)}`);
}

/** Reads a server stream to its end (where a refusal shows). */
export async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of stream) {
    // nothing: only the end matters
  }
}

/** A client stream of the given messages. */
export async function* streamOf<T>(...messages: T[]): AsyncIterable<T> {
  yield* messages;
}

/** A session id of the daemon's form that names no session. */
export function unknownSessionId(): string {
  return `s${randomBytes(10).toString("hex").slice(0, 19)}`;
}

const bytes = (s: string) => new TextEncoder().encode(s);

/** A call that names a session or a workspace by id. */
export type Call = (api: TenantClients, id: string) => Promise<unknown>;

/** Calls on a session, by id; their paths are those of a session with a workspace. */
export const SESSION_CALLS: Record<string, Call> = {
  GetSession: (api, id) => api.sessions.getSession({ id }),
  GetSessionStats: (api, id) => api.sessions.getSessionStats({ id }),
  ExtendSession: (api, id) => api.sessions.extendSession({ id, ttlSeconds: 600 }),
  Exec: (api, id) => api.exec.exec({ sessionId: id, cmd: "touch /tmp/beta-was-here" }),
  ExecStream: (api, id) => drain(api.exec.execStream({ sessionId: id, cmd: "touch /tmp/beta" })),
  ReadFile: (api, id) => api.fs.readFile({ sessionId: id, path: "/workspace/secret.txt" }),
  WriteFile: (api, id) =>
    api.fs.writeFile({ sessionId: id, path: "/workspace/secret.txt", content: bytes("beta") }),
  ListDir: (api, id) => api.fs.listDir({ sessionId: id, path: "/workspace" }),
  Upload: (api, id) =>
    api.fs.upload(streamOf({ sessionId: id, path: "/workspace/up.txt", data: bytes("beta") })),
  Download: (api, id) => drain(api.fs.download({ sessionId: id, path: "/workspace/secret.txt" })),
  OpenPty: (api, id) => PtyTerminal.open(api, id),
  WritePty: (api, id) => api.pty.writePty({ sessionId: id, ptyId: "p1", data: bytes("ls\r") }),
  DestroySession: (api, id) => api.sessions.destroySession({ id }),
};

/** Calls on an existing workspace, by id. */
export const WORKSPACE_CALLS: Record<string, Call> = {
  GetWorkspace: (api, id) => api.workspaces.getWorkspace({ id }),
  ListWorkspaceDir: (api, id) => api.workspaces.listWorkspaceDir({ workspaceId: id, path: "" }),
  StatWorkspacePath: (api, id) =>
    api.workspaces.statWorkspacePath({ workspaceId: id, path: "secret.txt" }),
  ReadWorkspaceFile: (api, id) =>
    api.workspaces.readWorkspaceFile({ workspaceId: id, path: "secret.txt" }),
  DownloadWorkspaceFile: (api, id) =>
    drain(api.workspaces.downloadWorkspaceFile({ workspaceId: id, path: "secret.txt" })),
  ExportWorkspace: (api, id) => drain(api.workspaces.exportWorkspace({ workspaceId: id })),
  RemoveWorkspacePath: (api, id) =>
    api.workspaces.removeWorkspacePath({ workspaceId: id, path: "secret.txt" }),
  DeleteWorkspace: (api, id) => api.workspaces.deleteWorkspace({ id, force: true }),
};

/** Calls that would create the workspace they name. */
export const CLAIMING_CALLS: Record<string, Call> = {
  CreateSession: (api, id) => api.sessions.createSession({ image: "base", workspaceId: id }),
  WriteWorkspaceFile: (api, id) =>
    api.workspaces.writeWorkspaceFile({ workspaceId: id, path: "secret.txt", content: bytes("b") }),
  MakeWorkspaceDir: (api, id) => api.workspaces.makeWorkspaceDir({ workspaceId: id, path: "d" }),
  UploadWorkspaceFile: (api, id) =>
    api.workspaces.uploadWorkspaceFile(streamOf({ workspaceId: id, path: "u", data: bytes("b") })),
  ImportWorkspace: (api, id) => api.workspaces.importWorkspace(streamOf({ workspaceId: id })),
};
