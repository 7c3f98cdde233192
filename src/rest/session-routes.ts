import type { MessageInitShape } from "@bufbuild/protobuf";
import {
  type CreateSessionRequestSchema,
  SessionStatus,
} from "../../gen/sandkasten/v1/session_pb.js";
import {
  optionalNumber,
  optionalString,
  optionalStringList,
  optionalStringMap,
  optionalUint32,
} from "./body-fields.js";
import type { RestContext, RestRoute } from "./context.js";
import { HttpError } from "./http-error.js";
import type { JsonObject } from "./json-body.js";
import { atMost, type Lowered, loweredField, loweredHeaders } from "./lowered.js";
import { optionalQueryBoolean } from "./query-params.js";
import { sendJson } from "./respond.js";
import { sessionStatsToJson, sessionStatusNames, sessionToJson } from "./session-json.js";

export const sessionRoutes: readonly RestRoute[] = [
  {
    method: "POST",
    path: "/v1/sessions",
    body: [
      "image",
      "ttl_seconds",
      "workspace_id",
      "env",
      "cpu_limit",
      "mem_limit_mb",
      "pids_limit",
      "network",
      "allow",
    ],
    handle: createSession,
  },
  {
    method: "GET",
    path: "/v1/sessions",
    query: ["status", "include_pool"],
    handle: listSessions,
  },
  { method: "GET", path: "/v1/sessions/:id", handle: getSession },
  { method: "DELETE", path: "/v1/sessions/:id", handle: destroySession },
  { method: "GET", path: "/v1/sessions/:id/stats", handle: getSessionStats },
  {
    method: "POST",
    path: "/v1/sessions/:id/extend",
    body: ["ttl_seconds"],
    handle: extendSession,
  },
  { method: "GET", path: "/v1/pool", handle: poolStatus },
];

async function poolStatus(ctx: RestContext): Promise<void> {
  const status = await ctx.clients.sessions.getPoolStatus({}, ctx.callOptions);
  sendJson(ctx.res, 200, {
    enabled: status.enabled,
    images: status.images.map((i) => ({
      image: i.image,
      target: i.target,
      ready: i.ready,
      creating: i.creating,
      hits: Number(i.hits),
      misses: Number(i.misses),
      take_p50_ms: i.takeP50Ms,
      take_p95_ms: i.takeP95Ms,
    })),
  });
}

async function extendSession(ctx: RestContext): Promise<void> {
  const body = await ctx.body();
  const lowered: Lowered = {};
  const ttl = optionalUint32(body, "ttl_seconds") ?? 0;
  const { session } = await ctx.clients.sessions.extendSession(
    { id: ctx.params.id, ttlSeconds: atMost(ttl, ctx.maxima.ttlSeconds, "ttl_seconds", lowered) },
    ctx.callOptions,
  );
  if (session === undefined) throw new Error("ExtendSession answered without a session");
  sendJson(
    ctx.res,
    200,
    { ...sessionToJson(session), ...loweredField(lowered) },
    loweredHeaders(lowered),
  );
}

async function createSession(ctx: RestContext): Promise<void> {
  const body = await ctx.body();
  const lowered: Lowered = {};
  const { session } = await ctx.clients.sessions.createSession(
    createSessionRequest(body, ctx.maxima.ttlSeconds, lowered),
    ctx.callOptions,
  );
  if (session === undefined) throw new Error("CreateSession answered without a session");
  sendJson(
    ctx.res,
    201,
    { ...sessionToJson(session), ...loweredField(lowered) },
    loweredHeaders(lowered),
  );
}

function createSessionRequest(
  body: JsonObject,
  maxTtlSeconds: number,
  lowered: Lowered,
): MessageInitShape<typeof CreateSessionRequestSchema> {
  const cpuLimit = optionalNumber(body, "cpu_limit");
  const memLimitMb = optionalUint32(body, "mem_limit_mb");
  const pidsLimit = optionalUint32(body, "pids_limit");
  const hasLimits = cpuLimit !== undefined || memLimitMb !== undefined || pidsLimit !== undefined;
  return {
    image: optionalString(body, "image") ?? "",
    ttlSeconds: atMost(
      optionalUint32(body, "ttl_seconds") ?? 0,
      maxTtlSeconds,
      "ttl_seconds",
      lowered,
    ),
    workspaceId: optionalString(body, "workspace_id") ?? "",
    env: optionalStringMap(body, "env") ?? {},
    network: optionalString(body, "network") ?? "",
    allow: optionalStringList(body, "allow") ?? [],
    ...(hasLimits
      ? {
          limits: {
            cpuLimit: cpuLimit ?? 0,
            memLimitMb: memLimitMb ?? 0,
            pidsLimit: pidsLimit ?? 0,
          },
        }
      : {}),
  };
}

async function listSessions(ctx: RestContext): Promise<void> {
  const status = queryStatuses(ctx.query.get("status"));
  // As the original daemon, the list shows the pool's ready containers (pool_idle).
  const includePool = optionalQueryBoolean(ctx.query, "include_pool") ?? true;
  const { sessions } = await ctx.clients.sessions.listSessions(
    { status, includePool },
    ctx.callOptions,
  );
  sendJson(ctx.res, 200, sessions.map(sessionToJson));
}

async function getSession(ctx: RestContext): Promise<void> {
  const { session } = await ctx.clients.sessions.getSession({ id: ctx.params.id }, ctx.callOptions);
  if (session === undefined) throw new Error("GetSession answered without a session");
  sendJson(ctx.res, 200, sessionToJson(session));
}

async function destroySession(ctx: RestContext): Promise<void> {
  await ctx.clients.sessions.destroySession({ id: ctx.params.id }, ctx.callOptions);
  sendJson(ctx.res, 200, { ok: true });
}

async function getSessionStats(ctx: RestContext): Promise<void> {
  const stats = await ctx.clients.sessions.getSessionStats({ id: ctx.params.id }, ctx.callOptions);
  sendJson(ctx.res, 200, sessionStatsToJson(stats));
}

// ?status=running or ?status=running,expired
function queryStatuses(value: string | undefined): SessionStatus[] {
  if (value === undefined || value === "") return [];
  const byName = new Map(
    Object.entries(sessionStatusNames)
      .filter(([status]) => Number(status) !== SessionStatus.UNSPECIFIED)
      .map(([status, name]) => [name, Number(status) as SessionStatus]),
  );
  return value.split(",").map((name) => {
    const status = byName.get(name.trim());
    if (status === undefined) {
      throw new HttpError(400, `status "${name}" is not one of ${[...byName.keys()].join(", ")}`);
    }
    return status;
  });
}
