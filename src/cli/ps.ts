import { timestampDate } from "@bufbuild/protobuf/wkt";
import { SessionStatus } from "../../gen/sandkasten/v1/session_pb.js";
import { callFailure, type DaemonOptions, daemonClients, resolveDaemon } from "./api-client.js";
import { printTable } from "./table.js";

/** Lists the daemon's sessions as a table. */
export async function ps(o: DaemonOptions): Promise<number> {
  const target = resolveDaemon(o);
  const clients = daemonClients(target);
  try {
    const { sessions } = await clients.sessions.listSessions({});
    const rows = sessions.map((s) => [
      s.id,
      s.image,
      SessionStatus[s.status].toLowerCase(),
      s.workspaceId || "-",
      s.createdAt ? timestampDate(s.createdAt).toISOString() : "",
      s.expiresAt ? timestampDate(s.expiresAt).toISOString() : "",
      s.cwd,
    ]);
    printTable(["ID", "IMAGE", "STATUS", "WORKSPACE", "CREATED", "EXPIRES", "CWD"], rows);
    return 0;
  } catch (err) {
    throw callFailure(target, err);
  } finally {
    clients.close();
  }
}
