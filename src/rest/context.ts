import type { CallOptions, Client } from "@connectrpc/connect";
import type { ConfigService } from "../../gen/sandkasten/v1/config_pb.js";
import type { ExecService } from "../../gen/sandkasten/v1/exec_pb.js";
import type { FsService } from "../../gen/sandkasten/v1/fs_pb.js";
import type { JobService } from "../../gen/sandkasten/v1/job_pb.js";
import type { PtyService } from "../../gen/sandkasten/v1/pty_pb.js";
import type { SessionService } from "../../gen/sandkasten/v1/session_pb.js";
import type { SnapshotService } from "../../gen/sandkasten/v1/snapshot_pb.js";
import type { WatchService } from "../../gen/sandkasten/v1/watch_pb.js";
import type { WorkspaceService } from "../../gen/sandkasten/v1/workspace_pb.js";
import type { RestRequest, RestResponse } from "./http-types.js";
import type { JsonObject } from "./json-body.js";
import type { Maxima } from "./lowered.js";

export interface RestClients {
  sessions: Client<typeof SessionService>;
  exec: Client<typeof ExecService>;
  jobs: Client<typeof JobService>;
  fs: Client<typeof FsService>;
  pty: Client<typeof PtyService>;
  workspaces: Client<typeof WorkspaceService>;
  snapshots: Client<typeof SnapshotService>;
  config: Client<typeof ConfigService>;
  watch: Client<typeof WatchService>;
}

export type RestLog = (msg: string, fields?: Record<string, unknown>) => void;

export interface RestContext {
  req: RestRequest;
  res: RestResponse;
  // Path parameters, decoded, by the names in the route's path (":id" → id).
  params: Readonly<Record<string, string>>;
  query: ReadonlyMap<string, string>;
  clients: RestClients;
  // The caller's Authorization header and `signal`; pass them to every call.
  callOptions: CallOptions;
  // Aborted when the client goes away before the answer is complete.
  signal: AbortSignal;
  maxBodyBytes: number;
  maxUploadBytes: number;
  // What ttl_seconds and timeout_ms are lowered to (see lowered.ts).
  maxima: Maxima;
  // The preview host form's domain ("" when off).
  previewDomain: string;
  // Reads the JSON body (any Content-Type; empty is {}), refusing fields the
  // route does not declare and bodies past maxBytes (default maxBodyBytes).
  body(maxBytes?: number): Promise<JsonObject>;
  // When the gateway began to serve (ms since the epoch): the daemon's uptime.
  startedAt: number;
  log: RestLog;
}

export type RestMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface RestRoute {
  method: RestMethod;
  // Segments starting with ":" are parameters, e.g. "/v1/sessions/:id".
  path: string;
  // Answered without an API key.
  public?: boolean;
  // The JSON body fields and query parameters the route takes; any other is
  // refused with 400 naming it.
  // "any": the body is a map of names the handler checks itself.
  body?: readonly string[] | "any";
  query?: readonly string[];
  handle(ctx: RestContext): Promise<void>;
}
