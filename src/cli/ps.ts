import { timestampDate } from "@bufbuild/protobuf/wkt";
import { SessionStatus } from "../../gen/sandkasten/v1/session_pb.js";
import { sessionClient } from "./api-client.js";
import { loadCliConfig } from "./config-file.js";

/** Lists the daemon's sessions as a table. */
export async function ps(configFile: string | undefined): Promise<number> {
  const { sessions } = await sessionClient(loadCliConfig(configFile)).listSessions({});
  const rows = sessions.map((s) => [
    s.id,
    s.image,
    SessionStatus[s.status].toLowerCase(),
    s.workspaceId || "-",
    s.createdAt ? timestampDate(s.createdAt).toISOString() : "",
    s.expiresAt ? timestampDate(s.expiresAt).toISOString() : "",
    s.cwd,
  ]);
  const header = ["ID", "IMAGE", "STATUS", "WORKSPACE", "CREATED", "EXPIRES", "CWD"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  for (const row of [header, ...rows]) {
    process.stdout.write(`${row.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ")}\n`);
  }
  return 0;
}
