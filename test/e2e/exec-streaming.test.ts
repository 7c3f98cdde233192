import { createHash } from "node:crypto";
import { OutputStream } from "../../gen/sandkasten/v1/exec_pb.js";
import { readSse, restPost, streamExec, type TimedEvent } from "../support/exec-helpers.js";
import { describe, expect, test } from "../support/fixtures.js";

/** Arrival time of the first stdout event whose data contains `text`. */
function arrivalOf(events: TimedEvent[], text: string): number {
  const e = events.find(
    (x) => x.event.case === "output" && Buffer.from(x.event.value.data).toString().includes(text),
  );
  if (!e) throw new Error(`no output event with ${JSON.stringify(text)}`);
  return e.at;
}

describe("ExecStream (gRPC)", () => {
  test("output arrives as it is produced, not when the command ends", async ({ api, session }) => {
    const r = await streamExec(api, session.id, "sleep 1; echo a; sleep 1; echo b");
    expect(r.stdout.toString()).toBe("a\nb\n");
    const started = r.events[0]?.at ?? 0;
    const a = arrivalOf(r.events, "a");
    const b = arrivalOf(r.events, "b");
    const end = r.events.at(-1)?.at ?? 0;
    // `a` came out a second before `b` and before the end: it must reach us that early.
    expect(b - a).toBeGreaterThanOrEqual(700);
    expect(end - a).toBeGreaterThanOrEqual(700);
    expect(a - started).toBeGreaterThanOrEqual(700);
  });

  test("started comes first and ended last, with exit code, cwd, duration and timed_out", async ({
    api,
    session,
  }) => {
    const r = await streamExec(
      api,
      session.id,
      "cd /tmp; echo hi; sleep 0.3; exit_with() { return $1; }; exit_with 5",
    );
    expect(r.events[0]?.event.case).toBe("started");
    const started = r.events[0]?.event.case === "started" ? r.events[0].event.value : undefined;
    expect(Number(started?.startedAtMs)).toBeGreaterThan(Date.now() - 60_000);
    expect(r.events.at(-1)?.event.case).toBe("ended");
    const middle = r.events.slice(1, -1).map((e) => e.event.case);
    expect(middle.every((c) => c === "output" || c === "keepalive")).toBe(true);
    expect(r.ended).toMatchObject({
      exitCode: 5,
      cwd: "/tmp",
      timedOut: false,
      shellRestarted: false,
    });
    expect(Number(r.ended?.durationMs)).toBeGreaterThanOrEqual(300);
  });

  test("stderr arrives as OUTPUT_STREAM_STDERR, apart from stdout", async ({ api, session }) => {
    const r = await streamExec(api, session.id, "echo out; echo err >&2");
    expect(r.stdout.toString()).toBe("out\n");
    expect(r.stderr.toString()).toBe("err\n");
    const streams = r.events.flatMap((e) =>
      e.event.case === "output"
        ? [[e.event.value.stream, Buffer.from(e.event.value.data).toString()]]
        : [],
    );
    expect(streams).toContainEqual([OutputStream.STDOUT, "out\n"]);
    expect(streams).toContainEqual([OutputStream.STDERR, "err\n"]);
  });

  test("combine_output sends stderr through stdout in its exact order", async ({
    api,
    session,
  }) => {
    const r = await streamExec(api, session.id, "for i in 1 2 3; do echo o$i; echo e$i >&2; done", {
      combineOutput: true,
    });
    expect(r.stdout.toString()).toBe("o1\ne1\no2\ne2\no3\ne3\n");
    expect(r.stderr.length).toBe(0);
  });

  test("50 MB through one exec arrive whole: byte count and sha256 match the container's", async ({
    api,
    session,
  }) => {
    const size = 50_000_000;
    const hash = createHash("sha256");
    let received = 0;
    let stderr = "";
    const r = await streamExec(
      api,
      session.id,
      `head -c ${size} /dev/urandom > /tmp/big && sha256sum /tmp/big >&2 && cat /tmp/big; rm -f /tmp/big`,
      {
        keep: false,
        onOutput: (stream, data) => {
          if (stream === OutputStream.STDERR) stderr += Buffer.from(data).toString();
          if (stream !== OutputStream.STDOUT) return;
          received += data.length;
          hash.update(data);
        },
      },
    );
    expect(r.ended?.exitCode).toBe(0);
    expect(received).toBe(size);
    // sha256sum's line (on stderr): "<hex>  /tmp/big".
    expect(stderr.split(" ")[0]).toBe(hash.digest("hex"));
  });
});

describe("ExecStream over REST (SSE)", () => {
  test("chunks arrive in order, stdout and stderr apart, done last", async ({
    daemon,
    session,
  }) => {
    const cmd =
      "for i in $(seq 1 3000); do echo line-$i; done; sleep 0.3; echo oops >&2; sleep 0.3; echo after";
    const res = await restPost(daemon, `/v1/sessions/${session.id}/exec/stream`, { cmd });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const events = await readSse(res);
    expect(events.at(-1)?.event).toBe("done");
    expect(events.at(-1)?.data).toMatchObject({
      exit_code: 0,
      timed_out: false,
      shell_restarted: false,
    });
    const chunks = events.filter((e) => e.event === "chunk");
    expect(chunks.length + 1).toBe(events.length);
    const stdout = chunks
      .filter((c) => c.data.stream === "stdout")
      .map((c) => c.data.chunk)
      .join("");
    const lines = Array.from({ length: 3000 }, (_, i) => `line-${i + 1}\n`).join("");
    expect(stdout).toBe(`${lines}after\n`);
    // Across streams, the order in which they were produced (0.3 s apart) is kept.
    const sequence = chunks.map((c) => c.data.stream);
    const firstErr = sequence.indexOf("stderr");
    expect(firstErr).toBeGreaterThan(0);
    expect(chunks[firstErr]?.data.chunk).toBe("oops\n");
    expect(sequence.slice(0, firstErr).every((s) => s === "stdout")).toBe(true);
    expect(chunks.slice(firstErr + 1).map((c) => c.data.chunk)).toEqual(["after\n"]);
  });
});
