import type { MessageInitShape } from "@bufbuild/protobuf";
import type { CreateSessionRequestSchema } from "../../gen/sandkasten/v1/session_pb.js";
import {
  optionalNumber,
  optionalString,
  optionalStringMap,
  optionalUint32,
} from "./body-fields.js";
import type { RestContext, RestRoute } from "./context.js";
import type { JsonObject } from "./json-body.js";
import { readJsonObject } from "./json-body.js";
import { sendJson } from "./respond.js";
import { sessionStatsToJson, sessionToJson } from "./session-json.js";

export const sessionRoutes: readonly RestRoute[] = [
  { method: "POST", path: "/v1/sessions", handle: createSession },
  { method: "GET", path: "/v1/sessions", handle: listSessions },
  { method: "GET", path: "/v1/sessions/:id", handle: getSession },
  { method: "DELETE", path: "/v1/sessions/:id", handle: destroySession },
  { method: "GET", path: "/v1/sessions/:id/stats", handle: getSessionStats },
  { method: "POST", path: "/v1/sessions/:id/extend", handle: extendSession },
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
  const body = await readJsonObject(ctx.req, ctx.maxBodyBytes);
  const { session } = await ctx.clients.sessions.extendSession(
    { id: ctx.params.id, ttlSeconds: optionalUint32(body, "ttl_seconds") ?? 0 },
    ctx.callOptions,
  );
  if (session === undefined) throw new Error("ExtendSession answered without a session");
  sendJson(ctx.res, 200, sessionToJson(session));
}

async function createSession(ctx: RestContext): Promise<void> {
  const body = await readJsonObject(ctx.req, ctx.maxBodyBytes);
  const { session } = await ctx.clients.sessions.createSession(
    createSessionRequest(body),
    ctx.callOptions,
  );
  if (session === undefined) throw new Error("CreateSession answered without a session");
  sendJson(ctx.res, 201, sessionToJson(session));
}

function createSessionRequest(
  body: JsonObject,
): MessageInitShape<typeof CreateSessionRequestSchema> {
  const cpuLimit = optionalNumber(body, "cpu_limit");
  const memLimitMb = optionalUint32(body, "mem_limit_mb");
  const pidsLimit = optionalUint32(body, "pids_limit");
  const hasLimits = cpuLimit !== undefined || memLimitMb !== undefined || pidsLimit !== undefined;
  return {
    image: optionalString(body, "image") ?? "",
    ttlSeconds: optionalUint32(body, "ttl_seconds") ?? 0,
    workspaceId: optionalString(body, "workspace_id") ?? "",
    env: optionalStringMap(body, "env") ?? {},
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
  const { sessions } = await ctx.clients.sessions.listSessions({}, ctx.callOptions);
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
