import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import * as z from "zod";
import type { Session } from "../../gen/sandkasten/v1/session_pb.js";
import { sessionToJson } from "../rest/session-json.js";
import { callOptionsFor, type SandboxApi } from "./clients.js";
import { sessionId } from "./schemas.js";
import { guarded, toolResult } from "./tool-result.js";

const MAX_TTL_SECONDS = 30 * 24 * 3600;

const session = z.looseObject({}).describe("The session, as the REST API shows it");

export function registerSessionTools(server: McpServer, api: SandboxApi): void {
  server.registerTool(
    "create_session",
    {
      title: "Create a sandbox session",
      description:
        "Starts an isolated Linux container with a persistent bash shell. Returns the session; pass its id to the other tools. Destroy it with destroy_session when done.",
      inputSchema: {
        image: z
          .string()
          .max(255)
          .regex(/^[A-Za-z0-9][A-Za-z0-9._/:@-]*$/, "not an image name")
          .optional()
          .describe("Runtime image: base, python or node (or any image the daemon allows)"),
        workspace_id: z
          .string()
          .regex(/^[a-z0-9_-][a-z0-9._-]{0,62}$/, "not a workspace id")
          .optional()
          .describe("A persistent workspace to mount at /workspace; created when missing"),
        ttl_seconds: z
          .number()
          .int()
          .min(1)
          .max(MAX_TTL_SECONDS)
          .optional()
          .describe("Lifetime; the daemon's default when absent"),
        env: z
          .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/), z.string().max(32768))
          .optional()
          .describe("Environment variables of the shell"),
      },
      outputSchema: { session },
    },
    (input, extra) =>
      guarded(async () => {
        const { session } = await api.sessions.createSession(
          {
            image: input.image ?? "",
            workspaceId: input.workspace_id ?? "",
            ttlSeconds: input.ttl_seconds ?? 0,
            env: input.env ?? {},
          },
          callOptionsFor(api, extra.signal),
        );
        return sessionResult(session, (s) => `Created session ${s.id} (image ${s.image}).`);
      }),
  );

  server.registerTool(
    "destroy_session",
    {
      title: "Destroy a sandbox session",
      description: "Stops and removes the session's container. A workspace it used is kept.",
      inputSchema: { session_id: sessionId },
      annotations: { destructiveHint: true, idempotentHint: true },
    },
    (input, extra) =>
      guarded(async () => {
        await api.sessions.destroySession(
          { id: input.session_id },
          callOptionsFor(api, extra.signal),
        );
        return toolResult(`Destroyed session ${input.session_id}.`, { destroyed: true });
      }),
  );

  server.registerTool(
    "list_sessions",
    {
      title: "List sandbox sessions",
      description: "Lists the daemon's sessions.",
      annotations: { readOnlyHint: true },
      outputSchema: { sessions: z.array(session) },
    },
    (extra) =>
      guarded(async () => {
        const { sessions } = await api.sessions.listSessions({}, callOptionsFor(api, extra.signal));
        const json = sessions.map(sessionToJson);
        const lines = json.map((s) => `${s.id}  ${s.image}  ${s.status}  expires ${s.expires_at}`);
        return toolResult(lines.length > 0 ? lines.join("\n") : "No sessions.", {
          sessions: json,
        });
      }),
  );

  server.registerTool(
    "extend_session",
    {
      title: "Extend a sandbox session",
      description: "Sets the session to expire ttl_seconds from now.",
      inputSchema: {
        session_id: sessionId,
        ttl_seconds: z.number().int().min(1).max(MAX_TTL_SECONDS),
      },
      outputSchema: { session },
    },
    (input, extra) =>
      guarded(async () => {
        const { session } = await api.sessions.extendSession(
          { id: input.session_id, ttlSeconds: input.ttl_seconds },
          callOptionsFor(api, extra.signal),
        );
        return sessionResult(session, (s) => `Session ${s.id} now expires at ${s.expires_at}.`);
      }),
  );
}

function sessionResult(
  session: Session | undefined,
  describe: (json: Record<string, unknown>) => string,
) {
  if (session === undefined) throw new Error("the daemon answered without a session");
  const json = sessionToJson(session);
  return toolResult(`${describe(json)}\n${JSON.stringify(json, null, 2)}`, { session: json });
}
