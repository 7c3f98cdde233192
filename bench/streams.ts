import { setTimeout as sleep } from "node:timers/promises";
import type Docker from "dockerode";
import { OutputStream } from "../gen/sandkasten/v1/exec_pb.js";
import { bareExec } from "./bare-docker.js";
import { containerUsage } from "./cgroup.js";
import { connectClients, type RpcClients, wideGrpcClients } from "./clients.js";
import type { BenchContext } from "./context.js";
import { type Figure, rateFigure } from "./report.js";
import { type BenchSession, withBox, withSession } from "./sessions.js";
import { readSseStream } from "./sse-count.js";
import { mib, timeTurns } from "./stats.js";

/** Reads an ExecStream to its end; resolves with the stdout bytes. */
async function rpcStream(c: RpcClients, sessionId: string, cmd: string): Promise<number> {
  let bytes = 0;
  let exitCode: number | undefined;
  for await (const e of c.exec.execStream({ sessionId, cmd })) {
    if (e.event.case === "output" && e.event.value.stream === OutputStream.STDOUT) {
      bytes += e.event.value.data.length;
    } else if (e.event.case === "ended") {
      exitCode = e.event.value.exitCode;
    }
  }
  if (exitCode !== 0) throw new Error(`stream ended with exit code ${exitCode}`);
  return bytes;
}

const expect = (want: number, what: string) => (got: number) => {
  if (got !== want) throw new Error(`${what}: got ${got} of ${want} bytes`);
};

/**
 * 200 MB of stdout (`head -c … /dev/zero`) over gRPC h2c (8 MiB client
 * window), Connect binary over HTTP/1.1 and REST SSE (decoded chunk bytes
 * counted), taking turns with `docker exec` of the same command read to
 * its end. Then both containers' memory, idle after the streams.
 */
export async function streamThroughput(ctx: BenchContext): Promise<void> {
  ctx.log("streaming");
  const { streamBytes: n, streamRuns } = ctx.settings;
  const cmd = `head -c ${n} /dev/zero`;
  const grpc = wideGrpcClients(ctx.daemon);
  const connect = connectClients(ctx.daemon, true);
  await withSession(ctx.grpc, (s) =>
    withBox(ctx.settings.image, async (box) => {
      const t = await timeTurns(
        streamRuns,
        {
          grpc: async () => expect(n, "gRPC")(await rpcStream(grpc, s.id, cmd)),
          connect: async () => expect(n, "Connect")(await rpcStream(connect, s.id, cmd)),
          sse: async () => {
            const count = await readSseStream(ctx.rest, s.id, cmd);
            expect(n, "SSE")(count.stdoutBytes);
            if (count.done?.exit_code !== 0) throw new Error("SSE stream ended without exit 0");
          },
          bare: async () => expect(n, "docker exec")(await bareExec(box, ["sh", "-c", cmd])),
        },
        1,
      );
      const bare = { name: "docker exec", samples: t.bare };
      ctx.add(rateFigure("stream 200 MB, gRPC (h2c, 8 MiB window)", n, t.grpc, bare, 1));
      ctx.add(rateFigure("stream 200 MB, Connect binary (HTTP/1.1)", n, t.connect, bare, 1));
      ctx.add(rateFigure("stream 200 MB, REST SSE (decoded bytes)", n, t.sse, bare, 0.7));
      ctx.add(await memoryAfter(s, box));
    }),
  );
}

/** Memory of the session and of the bare container, idle 2 s after the streams. */
async function memoryAfter(s: BenchSession, box: Docker.Container): Promise<Figure> {
  await sleep(2000);
  const ours = containerUsage(s.containerId).memoryBytes;
  const bare = containerUsage(box.id).memoryBytes;
  return {
    measure: "idle memory after the streams (cgroup)",
    runs: "1",
    ours: mib(ours),
    bare: `the docker exec container: ${mib(bare)}`,
    ratio: `${(ours / bare).toFixed(1)}x memory`,
    values: { unit: "bytes", ours, bare },
  };
}
