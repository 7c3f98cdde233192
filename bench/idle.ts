import { setTimeout as sleep } from "node:timers/promises";
import { containerUsage } from "./cgroup.js";
import type { BenchContext } from "./context.js";
import { withBox, withSession } from "./sessions.js";
import { mib } from "./stats.js";

const MEMORY_TARGET_MIB = 20;
/** "~0 CPU": at most a thousandth of one core. */
const CPU_TARGET_SHARE = 0.001;

/**
 * What an idle session costs: a fresh session and a bare `sleep infinity`
 * container side by side, left alone for BENCH_IDLE_SECONDS; CPU time over
 * that window and memory at its end, from their cgroups.
 */
export async function idleCost(ctx: BenchContext): Promise<void> {
  const seconds = ctx.settings.idleSeconds;
  ctx.log(`idle cost (${seconds} s)`);
  await withSession(ctx.grpc, (s) =>
    withBox(ctx.settings.image, async (box) => {
      await sleep(3000);
      const ours0 = containerUsage(s.containerId);
      const bare0 = containerUsage(box.id);
      await sleep(seconds * 1000);
      const ours1 = containerUsage(s.containerId);
      const bare1 = containerUsage(box.id);
      const cpu = (a: number, b: number) => (b - a) / 1000;
      const oursCpu = cpu(ours0.cpuUsec, ours1.cpuUsec);
      const bareCpu = cpu(bare0.cpuUsec, bare1.cpuUsec);
      const share = (ms: number) => `${((ms / (seconds * 1000)) * 100).toFixed(3)}% of a core`;
      ctx.add({
        measure: "idle session memory (cgroup, fresh)",
        runs: "1",
        ours: mib(ours1.memoryBytes),
        bare: `sleep infinity container: ${mib(bare1.memoryBytes)}`,
        ratio: `${(ours1.memoryBytes / bare1.memoryBytes).toFixed(1)}x memory`,
        target: {
          text: `≤ ${MEMORY_TARGET_MIB} MiB`,
          met: ours1.memoryBytes <= MEMORY_TARGET_MIB * 1024 * 1024,
        },
        values: { unit: "bytes", ours: ours1.memoryBytes, bare: bare1.memoryBytes },
      });
      ctx.add({
        measure: `idle session CPU over ${seconds} s (cgroup)`,
        runs: "1",
        ours: `${oursCpu.toFixed(1)} ms (${share(oursCpu)})`,
        bare: `sleep infinity container: ${bareCpu.toFixed(1)} ms`,
        ratio: "",
        target: {
          text: `≤ ${CPU_TARGET_SHARE * 100}% of a core`,
          met: oursCpu <= CPU_TARGET_SHARE * seconds * 1000,
        },
        values: { unit: "ms", seconds, ours: oursCpu, bare: bareCpu },
      });
    }),
  );
}
