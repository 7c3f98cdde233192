import type { AppContext } from "../context.js";
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
 * Makes the store and the runtime agree at start-up. Running sessions whose
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
  const sandboxes = await ctx.runtime.list();
  const sandboxBySession = new Map(sandboxes.map((s) => [s.sessionId, s]));
  const live = new Set<string>();

  for (const row of await sessions.listLive()) {
    const sandbox = sandboxBySession.get(row.id);
    if (row.status === "creating") {
      await ctx.sessions.teardown(row.id, "destroyed", "the daemon stopped while creating it");
      report.abandonedCreates++;
    } else if (!sandbox) {
      await ctx.sessions.teardown(row.id, "failed", "its container is gone");
      report.failed++;
    } else if (!sandbox.running) {
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

  // Those nobody owns; one a teardown above removed is gone already (not counted).
  for (const s of sandboxes) {
    if (s.sessionId && live.has(s.sessionId)) continue;
    if (await ctx.runtime.remove(s.id)) report.removedContainers++;
  }

  const swept = await ctx.runtime.sweep(live);
  report.removedVolumes = swept.removedVolumes;
  const workspaces = new WorkspacesRepo(ctx.db);
  for (const workspace of swept.workspaces) {
    if (!(await workspaces.get(workspace))) {
      await workspaces.upsertUsed(workspace, "volume");
      report.adoptedWorkspaces++;
    }
  }
  return report;
}
