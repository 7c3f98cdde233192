import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { AppContext } from "../context.js";
import { isNotFound } from "../docker/docker-client.js";
import { instanceFilter, LABEL_SESSION, LABEL_WORKSPACE } from "../docker/labels.js";
import { SessionsRepo } from "../store/sessions-repo.js";
import { WorkspacesRepo } from "../store/workspaces-repo.js";

export interface ReconcileReport {
  adopted: number;
  failed: number;
  abandonedCreates: number;
  removedContainers: number;
  removedVolumes: number;
  adoptedWorkspaces: number;
}

/**
 * Makes the store and the engine agree at start-up. Running sessions whose
 * container still runs are adopted (their runner and shell lived on);
 * sessions caught half-created are cleaned up; sessions whose container is
 * gone or stopped are marked failed; containers, session volumes and socket
 * directories nobody knows are removed; workspace volumes nobody knows are
 * adopted (they hold users' data).
 */
export async function reconcile(ctx: AppContext): Promise<ReconcileReport> {
  const report: ReconcileReport = {
    adopted: 0,
    failed: 0,
    abandonedCreates: 0,
    removedContainers: 0,
    removedVolumes: 0,
    adoptedWorkspaces: 0,
  };
  const sessions = new SessionsRepo(ctx.db);
  const filters = JSON.stringify(instanceFilter(ctx.config.instance));
  const containers = await ctx.docker.call("container list", (api) =>
    api.listContainers({ all: true, filters }),
  );
  const containerOf = new Map(containers.map((c) => [c.Labels[LABEL_SESSION] ?? "", c]));
  const live = new Set<string>();

  for (const row of await sessions.listLive()) {
    const container = containerOf.get(row.id);
    if (row.status === "creating") {
      await ctx.sessions.teardown(row.id, "destroyed", "the daemon stopped while creating it");
      report.abandonedCreates++;
    } else if (!container) {
      await ctx.sessions.teardown(row.id, "failed", "its container is gone");
      report.failed++;
    } else if (container.State !== "running") {
      await ctx.sessions.teardown(
        row.id,
        "failed",
        "its container stopped while the daemon was away",
      );
      report.failed++;
    } else if (row.network === "allowlist") {
      await ctx.sessions.teardown(row.id, "failed", "its egress proxy ended with the daemon");
      report.failed++;
    } else {
      live.add(row.id);
      report.adopted++;
    }
  }
  await ctx.sessions.egress.sweep(live);

  for (const c of containers) {
    const session = c.Labels[LABEL_SESSION];
    if (session && live.has(session)) continue;
    if (await removeContainer(ctx, c.Id)) report.removedContainers++;
  }

  const { Volumes } = await ctx.docker.call("volume list", (api) => api.listVolumes({ filters }));
  const workspaces = new WorkspacesRepo(ctx.db);
  for (const v of Volumes ?? []) {
    const workspace = v.Labels?.[LABEL_WORKSPACE];
    const session = v.Labels?.[LABEL_SESSION];
    if (workspace) {
      if (!(await workspaces.get(workspace))) {
        await workspaces.upsertUsed(workspace, "volume");
        report.adoptedWorkspaces++;
      }
    } else if (session && !live.has(session)) {
      await ctx.docker
        .call("volume remove", (api) => api.getVolume(v.Name).remove())
        .catch(() => {});
      report.removedVolumes++;
    }
  }

  // Pool containers of an earlier run were removed above with the strangers;
  // their host mounts go now (unmounted first, never emptied while mounted).
  for (const name of safeReaddir(join(ctx.config.data_dir, "pool"))) {
    if (!live.has(name)) await ctx.sessions.poolEntries.releaseMounts(name);
  }
  const socketDirs = join(ctx.config.data_dir, "sessions");
  for (const name of safeReaddir(socketDirs)) {
    if (!live.has(name)) rmSync(join(socketDirs, name), { recursive: true, force: true });
  }
  return report;
}

/** False when the container was gone already (a teardown above removed it). */
async function removeContainer(ctx: AppContext, id: string): Promise<boolean> {
  try {
    await ctx.docker.call("container remove", (api) =>
      api.getContainer(id).remove({ force: true, v: true }),
    );
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
