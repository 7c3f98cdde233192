import { bareExec } from "./bare-docker.js";
import { connectClients } from "./clients.js";
import type { BenchContext } from "./context.js";
import { latencyFigure } from "./report.js";
import { withBox, withSession } from "./sessions.js";
import { timeRuns, timeTurns } from "./stats.js";

const check = (exitCode: number) => {
  if (exitCode !== 0) throw new Error(`true exited ${exitCode}`);
};

/**
 * Turns of each client before the timed ones: a daemon that has served a
 * few hundred calls has its hot path compiled, as one serving agents has.
 */
const EXEC_WARMUP_TURNS = 150;

/** Exec of `true` over gRPC, Connect JSON and REST (taking turns), then `docker exec true`. */
export async function execRoundTrip(ctx: BenchContext): Promise<void> {
  ctx.log("exec round trip");
  const connect = connectClients(ctx.daemon, false);
  await withSession(ctx.grpc, (s) =>
    withBox(ctx.settings.image, async (box) => {
      const t = await timeTurns(
        ctx.settings.execRuns,
        {
          grpc: async () =>
            check((await ctx.grpc.exec.exec({ sessionId: s.id, cmd: "true" })).exitCode),
          connect: async () =>
            check((await connect.exec.exec({ sessionId: s.id, cmd: "true" })).exitCode),
          rest: async () =>
            check(
              (
                await ctx.rest.json<{ exit_code: number }>("POST", `/v1/sessions/${s.id}/exec`, {
                  cmd: "true",
                })
              ).exit_code,
            ),
        },
        EXEC_WARMUP_TURNS,
      );
      // Apart: what a docker exec leaves the engine doing would fall on the next call.
      const bare = {
        name: "docker exec",
        samples: await timeRuns(ctx.settings.execRuns, () => bareExec(box, ["true"]), 5),
      };
      ctx.add(latencyFigure("exec true, gRPC (h2c, shared port)", t.grpc, bare, 2));
      ctx.add(latencyFigure("exec true, Connect JSON (HTTP/1.1)", t.connect, bare, 2));
      ctx.add(latencyFigure("exec true, REST", t.rest, bare, 2));
    }),
  );
}
