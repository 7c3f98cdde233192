import { bareStats } from "./bare-docker.js";
import type { BenchContext } from "./context.js";
import { latencyFigure } from "./report.js";
import { withBox, withSession } from "./sessions.js";
import { timeRuns } from "./stats.js";

/** GET /v1/sessions/{id}/stats, then one reading of the engine's stats API (stream=false, one-shot). */
export async function sessionStats(ctx: BenchContext): Promise<void> {
  ctx.log("stats");
  await withSession(ctx.grpc, (s) =>
    withBox(ctx.settings.image, async (box) => {
      const ours = await timeRuns(
        ctx.settings.execRuns,
        () => ctx.rest.json("GET", `/v1/sessions/${s.id}/stats`),
        5,
      );
      // The engine waits for its next collection (about 1 s, one-shot too): fewer runs.
      const bare = await timeRuns(ctx.settings.runs, () => bareStats(box), 1);
      ctx.add(
        latencyFigure(
          "session stats, REST",
          ours,
          { name: "docker stats API (one-shot)", samples: bare },
          5,
        ),
      );
    }),
  );
}
