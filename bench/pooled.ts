import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { bareCreateStart, bareExec, removeContainer } from "./bare-docker.js";
import type { BenchContext } from "./context.js";
import { latencyFigure } from "./report.js";
import { ms, summarize } from "./stats.js";

interface SessionJson {
  id: string;
  acquire_source?: string;
  acquire_detail?: string;
}

/** Waits (untimed) until every ready container the pool wants is there. */
async function poolFull(ctx: BenchContext): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { images } = await ctx.grpc.sessions.getPoolStatus({});
    if (images.length > 0 && images.every((i) => i.ready >= i.target && i.creating === 0)) return;
    if (Date.now() > deadline) throw new Error("the pool did not fill within 120 s");
    await sleep(20);
  }
}

/**
 * Pooled create + first exec over REST (POST /v1/sessions, then POST …/exec
 * `true`), ephemeral and with a workspace, each run from a full pool; beside
 * docker create + start + exec. `ctx` is a daemon with the pool on.
 */
export async function pooledCreate(ctx: BenchContext): Promise<void> {
  const { rest, settings } = ctx;
  const workspace = `bench-ws-${randomBytes(3).toString("hex")}`;
  let workspaceMade = false;
  try {
    for (const workspaceId of ["", workspace]) {
      ctx.log(`pooled create + first exec${workspaceId ? " with a workspace" : ""}`);
      const total: number[] = [];
      const create: number[] = [];
      let misses = 0;
      for (let i = 0; i < settings.runs + 2; i++) {
        await poolFull(ctx);
        const t0 = performance.now();
        const session = await rest.json<SessionJson>(
          "POST",
          "/v1/sessions",
          workspaceId ? { image: "base", workspace_id: workspaceId } : { image: "base" },
        );
        const t1 = performance.now();
        workspaceMade ||= workspaceId !== "";
        try {
          const result = await rest.json<{ exit_code: number }>(
            "POST",
            `/v1/sessions/${session.id}/exec`,
            { cmd: "true" },
          );
          const t2 = performance.now();
          if (result.exit_code !== 0) throw new Error(`true exited ${result.exit_code}`);
          if (session.acquire_source !== "pool") {
            misses++;
            ctx.log(`  not from the pool: ${session.acquire_detail ?? "?"}`);
          } else if (i >= 2) {
            total.push(t2 - t0);
            create.push(t1 - t0);
          }
        } finally {
          await rest.json("DELETE", `/v1/sessions/${session.id}`);
        }
      }
      const bare: number[] = [];
      for (let i = 0; i < settings.runs + 2; i++) {
        const t0 = performance.now();
        const box = await bareCreateStart(settings.image);
        try {
          await bareExec(box, ["true"]);
          if (i >= 2) bare.push(performance.now() - t0);
        } finally {
          await removeContainer(box);
        }
      }
      const note = ` (create alone ${ms(summarize(create).median)})${misses ? `, ${misses} pool misses left out` : ""}`;
      const figure = latencyFigure(
        `pooled create + first exec, REST, ${workspaceId ? "with workspace" : "ephemeral"}`,
        total,
        { name: "docker create+start+exec", samples: bare },
        workspaceId ? 15 : 10,
        note,
      );
      figure.values.create_only = summarize(create);
      figure.values.pool_misses = misses;
      ctx.add(figure);
    }
  } finally {
    if (workspaceMade) await rest.json("DELETE", `/v1/workspaces/${workspace}`);
  }
}
