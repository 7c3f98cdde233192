import { Code, ConnectError, type Interceptor, type Transport } from "@connectrpc/connect";
import { type Api, createApi } from "./api.js";
import { call } from "./calls.js";
import { poolStatus, sessionInfo } from "./convert.js";
import { InvalidArgumentError } from "./errors.js";
import { Sandboxes } from "./sandboxes.js";
import { Session } from "./session.js";
import type {
  CallOptions,
  CreateSessionOptions,
  PoolStatus,
  SessionInfo,
  WorkspaceInfo,
} from "./types.js";
import { deleteWorkspace, listWorkspaces, Workspace } from "./workspaces.js";

export interface ConnectionOptions {
  /** The daemon's address, e.g. "http://127.0.0.1:8080". */
  baseUrl: string;
  /** Sent as `authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Run around every call, after the one that adds the API key. */
  interceptors?: Interceptor[];
}

/** A transport and how to release what it holds (HTTP/2 sessions, sockets). */
export interface Connection {
  transport: Transport;
  /** Client-streaming calls work (not over fetch). */
  streamsRequests: boolean;
  close(): void;
}

/** Makes a Connection whose transport runs these interceptors first. */
export type Connect = (interceptors: Interceptor[]) => Connection;

function bearer(apiKey: string | undefined): Interceptor {
  return (next) => (req) => {
    if (apiKey) req.header.set("authorization", `Bearer ${apiKey}`);
    return next(req);
  };
}

function checkBaseUrl(baseUrl: string): void {
  const protocol = URL.canParse(baseUrl) ? new URL(baseUrl).protocol : "";
  if (protocol !== "http:" && protocol !== "https:") {
    throw new InvalidArgumentError(
      `baseUrl must be an http:// or https:// URL, e.g. "http://127.0.0.1:8080"; got ${JSON.stringify(baseUrl)}`,
      "invalid_argument",
    );
  }
}

/**
 * The client for one daemon, whatever carries the calls: the Node entry
 * ("@sandkasten/client") and the browser entry ("@sandkasten/client/web")
 * each subclass it with their transports.
 */
export class SandboxClientBase implements AsyncDisposable {
  /** Sandboxes and volumes as the peer product's SDK makes them: `client.sandboxes.create({ image, volumes })`. */
  readonly sandboxes: Sandboxes = new Sandboxes(this);
  private readonly api: Api;
  private readonly connection: Connection;
  private closed = false;

  constructor(options: ConnectionOptions, connect: Connect) {
    checkBaseUrl(options.baseUrl);
    // A closed client fails its calls instead of quietly reconnecting.
    const open: Interceptor = (next) => (req) => {
      if (this.closed)
        throw new ConnectError("the SandboxClient is closed", Code.FailedPrecondition);
      return next(req);
    };
    this.connection = connect([open, bearer(options.apiKey), ...(options.interceptors ?? [])]);
    this.api = createApi(this.connection.transport, this.connection.streamsRequests);
  }

  /** Starts a session (or takes one from the pool) once its shell is ready. */
  async createSession(options: CreateSessionOptions = {}): Promise<Session> {
    const { limits } = options;
    const request = {
      image: options.image ?? "",
      workspaceId: options.workspaceId ?? "",
      ttlSeconds: options.ttlSeconds ?? 0,
      env: options.env ?? {},
      limits: limits && {
        cpuLimit: limits.cpu ?? 0,
        memLimitMb: limits.memoryMb ?? 0,
        pidsLimit: limits.pids ?? 0,
      },
    };
    const r = await call(options, (o) => this.api.sessions.createSession(request, o));
    return new Session(this.api, sessionInfo(r.session));
  }

  /** A handle on an existing session; NotFoundError when there is none. */
  async getSession(id: string, options: CallOptions = {}): Promise<Session> {
    const r = await call(options, (o) => this.api.sessions.getSession({ id }, o));
    return new Session(this.api, sessionInfo(r.session));
  }

  /** The sessions that are not destroyed. */
  async listSessions(options: CallOptions = {}): Promise<SessionInfo[]> {
    const r = await call(options, (o) => this.api.sessions.listSessions({}, o));
    return r.sessions.map(sessionInfo);
  }

  /** The pre-warmed pool, image by image. */
  async poolStatus(options: CallOptions = {}): Promise<PoolStatus> {
    return poolStatus(await call(options, (o) => this.api.sessions.getPoolStatus({}, o)));
  }

  listWorkspaces(options?: CallOptions): Promise<WorkspaceInfo[]> {
    return listWorkspaces(this.api, options);
  }

  getWorkspace(id: string, options?: CallOptions): Promise<WorkspaceInfo> {
    return this.workspace(id).info(options);
  }

  /** Deletes a workspace for good; force destroys the sessions using it first. */
  deleteWorkspace(id: string, options?: CallOptions & { force?: boolean }): Promise<void> {
    return deleteWorkspace(this.api, id, options);
  }

  /** File calls on one workspace, without a session (it need not exist yet). */
  workspace(id: string): Workspace {
    return new Workspace(this.api, id);
  }

  /** Closes the connections; calls still running fail. */
  close(): void {
    this.closed = true;
    this.connection.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }
}
