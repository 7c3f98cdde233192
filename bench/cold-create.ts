import { bareCreateStart, removeContainer } from "./bare-docker.js";
import type { BenchContext } from "./context.js";
import { latencyFigure } from "./report.js";

/**
 * Cold session create over gRPC (until the shell answers), taking turns
 * with docker create + start of `sleep infinity`; each destroyed untimed.
 */
export async function coldCreate(ctx: BenchContext): Promise<void> {
  ctx.log("cold create");
  const ours: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < ctx.settings.runs + 2; i++) {
    let t0 = performance.now();
    const { session } = await ctx.grpc.sessions.createSession({ image: "base" });
    if (i >= 2) ours.push(performance.now() - t0);
    await ctx.grpc.sessions.destroySession({ id: session?.id ?? "" });
    if (session?.pooled) throw new Error("a cold create came from a pool");
    t0 = performance.now();
    const box = await bareCreateStart(ctx.settings.image);
    if (i >= 2) bare.push(performance.now() - t0);
    await removeContainer(box);
  }
  ctx.add(
    latencyFigure("cold session create, gRPC", ours, {
      name: "docker create+start",
      samples: bare,
    }),
  );
}
