import type { EngineStatus } from "../../gen/sandkasten/v1/config_pb.js";
import type { Session } from "../../gen/sandkasten/v1/session_pb.js";
import { SessionStatus } from "../../gen/sandkasten/v1/session_pb.js";
import { daemonVersion } from "../daemon-version.js";
import type { RestContext, RestRoute } from "./context.js";
import { sendJson } from "./respond.js";
import { sessionStatusName } from "./session-json.js";
import { timestampToJson } from "./timestamp-json.js";

export const statusRoutes: readonly RestRoute[] = [
  { method: "GET", path: "/api/status", handle: status },
];

// A summary for the dashboard, from what the session service reports.
async function status(ctx: RestContext): Promise<void> {
  const [{ sessions }, pool, daemon] = await Promise.all([
    ctx.clients.sessions.listSessions({}, ctx.callOptions),
    ctx.clients.sessions.getPoolStatus({}, ctx.callOptions),
    ctx.clients.config.getDaemonStatus({}, ctx.callOptions),
  ]);
  sendJson(ctx.res, 200, {
    status: "ok",
    version: daemonVersion(),
    uptime_seconds: Math.floor((Date.now() - ctx.startedAt) / 1000),
    sessions: countSessions(sessions),
    pool: {
      enabled: pool.enabled,
      images: pool.images.map((i) => ({
        image: i.image,
        target: i.target,
        ready: i.ready,
        creating: i.creating,
      })),
    },
    engine: engineJson(daemon.engine),
  });
}

function engineJson(engine: EngineStatus | undefined) {
  return {
    reachable: engine?.reachable ?? false,
    version: engine?.version ?? "",
    api_version: engine?.apiVersion ?? "",
    ping_ms: engine?.pingMs ?? 0,
    socket: engine?.socket ?? "",
    last_error: engine?.lastError ?? "",
    last_error_at: timestampToJson(engine?.lastErrorAt),
    failed_calls: Number(engine?.failedCalls ?? 0n),
  };
}

function countSessions(sessions: readonly Session[]): Record<string, number> {
  const counts: Record<string, number> = { total: sessions.length };
  for (const status of Object.values(SessionStatus)) {
    if (typeof status === "number" && status !== SessionStatus.UNSPECIFIED) {
      counts[sessionStatusName(status)] = 0;
    }
  }
  for (const session of sessions) {
    const name = sessionStatusName(session.status);
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}
