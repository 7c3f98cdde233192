import { timestampDate } from "@bufbuild/protobuf/wkt";
import { callFailure, type DaemonOptions, daemonClients, resolveDaemon } from "./api-client.js";
import { formatBytes, printTable } from "./table.js";

/** Lists the daemon's workspaces as a table. */
export async function listWorkspaces(o: DaemonOptions): Promise<number> {
  const target = resolveDaemon(o);
  const clients = daemonClients(target);
  try {
    const { workspaces } = await clients.workspaces.listWorkspaces({});
    const rows = workspaces.map((w) => [
      w.id,
      w.driver,
      formatBytes(Number(w.sizeBytes)) +
        (w.quotaBytes > 0n ? ` / ${formatBytes(Number(w.quotaBytes))}` : "") +
        (w.overQuota ? " (over quota)" : ""),
      w.sessionIds.join(",") || "-",
      w.createdAt ? timestampDate(w.createdAt).toISOString() : "",
      w.lastUsedAt ? timestampDate(w.lastUsedAt).toISOString() : "",
    ]);
    printTable(["ID", "DRIVER", "SIZE", "SESSIONS", "CREATED", "LAST USED"], rows);
    return 0;
  } catch (err) {
    throw callFailure(target, err);
  } finally {
    clients.close();
  }
}

/** Deletes each workspace (--force: destroying the sessions that have it attached first). */
export async function removeWorkspaces(
  o: DaemonOptions & { ids: string[]; force: boolean },
): Promise<number> {
  const target = resolveDaemon(o);
  const clients = daemonClients(target);
  let failed = 0;
  try {
    for (const id of o.ids) {
      try {
        await clients.workspaces.deleteWorkspace({ id, force: o.force });
        process.stdout.write(`${id}\n`);
      } catch (err) {
        failed++;
        process.stderr.write(
          `sandkasten workspaces rm: ${id}: ${callFailure(target, err).message}\n`,
        );
      }
    }
  } finally {
    clients.close();
  }
  return failed === 0 ? 0 : 1;
}
