import { callFailure, type DaemonOptions, daemonClients, resolveDaemon } from "./api-client.js";

/** Destroys each session; prints the ids it destroyed, one a line, and says which failed. */
export async function rm(o: DaemonOptions & { ids: string[] }): Promise<number> {
  const target = resolveDaemon(o);
  const clients = daemonClients(target);
  let failed = 0;
  try {
    for (const id of o.ids) {
      try {
        await clients.sessions.destroySession({ id });
        process.stdout.write(`${id}\n`);
      } catch (err) {
        failed++;
        process.stderr.write(`sandkasten rm: ${id}: ${callFailure(target, err).message}\n`);
      }
    }
  } finally {
    clients.close();
  }
  return failed === 0 ? 0 : 1;
}
