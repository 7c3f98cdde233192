import http from "node:http";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { Code, ConnectError } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  ExecRequest,
  ExecStreamRequest,
  ExecStreamResponseSchema,
} from "../../gen/sandkasten/v1/exec_pb.js";
import { ExecService, OutputStream } from "../../gen/sandkasten/v1/exec_pb.js";
import type { RestHarness } from "./rest-harness.js";
import { auth, errorOf, parseSse, rawRequest, startRest, waitFor } from "./rest-harness.js";

type StreamEvent = MessageInitShape<typeof ExecStreamResponseSchema>;

const started: StreamEvent = { event: { case: "started", value: { startedAtMs: 1n } } };
const out = (data: string | Uint8Array, stream = OutputStream.STDOUT): StreamEvent => ({
  event: {
    case: "output",
    value: { stream, data: typeof data === "string" ? Buffer.from(data) : data },
  },
});
const ended = (exitCode = 0): StreamEvent => ({
  event: {
    case: "ended",
    value: { exitCode, cwd: "/tmp", durationMs: 12n, timedOut: false, shellRestarted: true },
  },
});

const FLOOD_TOTAL = 64 * 1024 * 1024;
const FLOOD_CHUNK = 256 * 1024;

describe("exec routes", () => {
  let rest: RestHarness;
  const execRequests: ExecRequest[] = [];
  const streamRequests: ExecStreamRequest[] = [];
  let floodProduced = 0;
  let abortSeen = 0;

  const waitForAbort = (context: HandlerContext) =>
    new Promise<void>((resolve) => {
      context.signal.addEventListener("abort", () => {
        abortSeen++;
        resolve();
      });
    });

  const streams: Record<string, (context: HandlerContext) => AsyncIterable<StreamEvent>> = {
    async *framing() {
      yield started;
      yield out("hello\r\n");
      yield { event: { case: "keepalive", value: {} } };
      yield out("oops\n", OutputStream.STDERR);
      yield ended(3);
    },
    async *split() {
      const bytes = Buffer.from("grüße 🎉!");
      yield out(bytes.subarray(0, 3));
      yield out(bytes.subarray(3, 11));
      yield out(bytes.subarray(11));
      yield out("\x1b[3");
      yield out("err \x1b[3", OutputStream.STDERR);
      yield out("m\r");
      yield out("1mred\x1b[0", OutputStream.STDERR);
      yield out("\nnext\x1b");
      yield out("m!", OutputStream.STDERR);
      yield ended();
    },
    async *missing() {
      yield* [];
      throw new ConnectError("session not found", Code.NotFound);
    },
    async *midway() {
      yield out("part");
      throw new ConnectError("runner went away", Code.Unavailable);
    },
    async *unended() {
      yield out("part");
    },
    async *flood() {
      yield started;
      const chunk = Buffer.alloc(FLOOD_CHUNK, "x");
      while (floodProduced < FLOOD_TOTAL) {
        floodProduced += chunk.length;
        yield out(chunk);
      }
      yield ended();
    },
    async *hang(context) {
      yield out("waiting");
      await waitForAbort(context);
    },
    async *hangBefore(context) {
      await waitForAbort(context);
      yield* [];
    },
  };

  beforeAll(async () => {
    rest = await startRest((router) => {
      router.service(ExecService, {
        exec(req) {
          execRequests.push(req);
          if (req.sessionId === "gone") throw new ConnectError("session not found", Code.NotFound);
          return {
            exitCode: 1,
            cwd: "/workspace/sub",
            output: "out\n",
            truncated: true,
            durationMs: 42n,
            timedOut: true,
            shellRestarted: false,
          };
        },
        execStream(req, context) {
          streamRequests.push(req);
          const stream = streams[req.cmd];
          if (stream === undefined) throw new ConnectError("no such fake", Code.InvalidArgument);
          return stream(context);
        },
      });
    });
  });
  afterAll(() => rest.close());

  const post = (path: string, body: unknown) =>
    fetch(`${rest.base}${path}`, { method: "POST", headers: auth, body: JSON.stringify(body) });

  it("maps exec to ExecService.Exec and back; a timed-out command is 504 COMMAND_TIMEOUT with its result", async () => {
    const res = await post("/v1/sessions/s1/exec", {
      cmd: "ls",
      timeout_ms: 5000,
      raw_output: true,
    });
    expect(res.status).toBe(504);
    const message = "the command did not finish within timeout_ms 5000; it was stopped";
    expect(await res.json()).toEqual({
      error: message,
      error_code: "COMMAND_TIMEOUT",
      message,
      exit_code: 1,
      cwd: "/workspace/sub",
      output: "out\n",
      truncated: true,
      duration_ms: 42,
      timed_out: true,
      shell_restarted: false,
      output_bytes: 0,
      omitted_bytes: 0,
      head_bytes: 0,
      tail_bytes: 0,
    });
    expect(execRequests.at(-1)).toMatchObject({
      sessionId: "s1",
      cmd: "ls",
      timeoutMs: 5000,
      rawOutput: true,
    });
  });

  it("answers exec errors with their status", async () => {
    const res = await post("/v1/sessions/gone/exec", { cmd: "ls" });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: "session not found" });
    const bad = await post("/v1/sessions/s1/exec", { cmd: "ls", timeout_ms: "soon" });
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toMatch(/timeout_ms/);
  });

  it("streams output as server-sent events", async () => {
    const res = await post("/v1/sessions/s1/exec/stream", { cmd: "framing", timeout_ms: 100 });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    const text = await res.text();
    expect(text).toMatch(/^event: chunk\ndata: \{.*\}\n\n: keepalive\n\nevent: chunk\n/);
    const events = parseSse(text);
    expect(events.map((e) => e.event)).toEqual(["chunk", ":", "chunk", "done"]);
    expect(events[0]?.data).toMatchObject({ chunk: "hello\n", stream: "stdout" });
    expect(
      Math.abs(((events[0]?.data ?? {}) as { timestamp: number }).timestamp - Date.now()),
    ).toBeLessThan(60_000);
    expect(events[2]?.data).toMatchObject({ chunk: "oops\n", stream: "stderr" });
    expect(events[3]?.data).toEqual({
      exit_code: 3,
      cwd: "/tmp",
      duration_ms: 12,
      timed_out: false,
      shell_restarted: true,
      stdout_bytes: 0,
      stderr_bytes: 0,
    });
    expect(streamRequests.at(-1)).toMatchObject({
      sessionId: "s1",
      timeoutMs: 100,
      combineOutput: false,
    });
  });

  const streamText = (events: ReturnType<typeof parseSse>, stream: string) =>
    events
      .filter((e) => e.event === "chunk" && (e.data as { stream: string }).stream === stream)
      .map((e) => (e.data as { chunk: string }).chunk)
      .join("");

  it("keeps UTF-8 and escape sequences split between chunks intact", async () => {
    const res = await post("/v1/sessions/s1/exec/stream", { cmd: "split" });
    const events = parseSse(await res.text());
    expect(streamText(events, "stdout")).toBe("grüße 🎉!\nnext");
    expect(streamText(events, "stderr")).toBe("err red!");
    expect(events.at(-1)?.event).toBe("done");
    const chunks = events.filter((e) => e.event === "chunk").map((e) => JSON.stringify(e.data));
    expect(chunks.join("")).not.toContain("\\ufffd");
  });

  it("passes output through unchanged with raw_output", async () => {
    const res = await post("/v1/sessions/s1/exec/stream", { cmd: "split", raw_output: true });
    const events = parseSse(await res.text());
    expect(streamText(events, "stdout")).toBe("grüße 🎉!\x1b[3m\r\nnext\x1b");
    expect(streamText(events, "stderr")).toBe("err \x1b[31mred\x1b[0m!");
  });

  it("answers a JSON error status when the stream fails before its first event", async () => {
    const res = await post("/v1/sessions/s1/exec/stream", { cmd: "missing" });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toMatchObject({ error: "session not found" });
  });

  it("sends an error event when the stream fails after it started", async () => {
    const res = await post("/v1/sessions/s1/exec/stream", { cmd: "midway" });
    expect(res.status).toBe(200);
    const events = parseSse(await res.text());
    expect(events).toEqual([
      { event: "chunk", data: expect.objectContaining({ chunk: "part" }) },
      { event: "error", data: expect.objectContaining({ error: "runner went away" }) },
    ]);
    const unended = parseSse(
      await (await post("/v1/sessions/s1/exec/stream", { cmd: "unended" })).text(),
    );
    expect(unended.at(-1)).toEqual({
      event: "error",
      data: expect.objectContaining({ error: "the command's output ended without a result" }),
    });
  });

  it("pulls events no faster than the client reads them", async () => {
    floodProduced = 0;
    let received = 0;
    const gaps: number[] = [];
    const text = await new Promise<string>((resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port: rest.port,
          method: "POST",
          path: "/v1/sessions/s1/exec/stream",
          headers: auth,
        },
        (res) => {
          res.pause();
          // A stalled reader: the gateway must stop pulling from the stream.
          setTimeout(() => {
            gaps.push(floodProduced - received);
            let tail = "";
            res.on("data", (chunk: Buffer) => {
              received += chunk.length;
              gaps.push(floodProduced - received);
              tail = (tail + chunk.toString("latin1")).slice(-300);
            });
            res.on("end", () => resolve(tail));
            res.resume();
          }, 500);
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify({ cmd: "flood" }));
    });
    expect(received).toBeGreaterThan(FLOOD_TOTAL);
    expect(text).toContain("event: done");
    expect(Math.max(...gaps)).toBeLessThan(12 * 1024 * 1024);
    expect(gaps[0]).toBeLessThan(12 * 1024 * 1024);
  });

  it("aborts the call when the client disconnects mid-stream", async () => {
    const before = abortSeen;
    await new Promise<void>((resolve) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port: rest.port,
          method: "POST",
          path: "/v1/sessions/s1/exec/stream",
          headers: auth,
        },
        (res) => {
          res.once("data", () => {
            req.destroy();
            resolve();
          });
        },
      );
      req.on("error", () => {});
      req.end(JSON.stringify({ cmd: "hang" }));
    });
    await waitFor(() => abortSeen > before);
  });

  it("aborts the call when the client disconnects before the first event", async () => {
    const before = abortSeen;
    const req = http.request({
      host: "127.0.0.1",
      port: rest.port,
      method: "POST",
      path: "/v1/sessions/s1/exec/stream",
      headers: auth,
    });
    req.on("error", () => {});
    req.end(JSON.stringify({ cmd: "hangBefore" }));
    await waitFor(() => streamRequests.at(-1)?.cmd === "hangBefore");
    req.destroy();
    await waitFor(() => abortSeen > before);
    // The gateway stays healthy.
    expect((await rawRequest(rest.port, "GET", "/healthz")).status).toBe(200);
  });
});
