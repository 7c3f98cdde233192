import { randomBytes } from "node:crypto";
import { Code, ConnectError } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Clients, clientsFor } from "../support/clients.js";
import { containerIdOf, engine } from "../support/engine.js";
import { startTestDaemon, type TestDaemon } from "../support/test-daemon.js";
import { fetchMetrics, Scrape } from "./metrics-scrape.js";

/**
 * GET /metrics answers Prometheus text (read here by a Prometheus text
 * parser) whose counters, gauges and histograms move with real calls over
 * gRPC, Connect and REST, behind a key of its own.
 */
const METRICS_KEY = `sk-metrics-${randomBytes(8).toString("hex")}`;
const IMAGE = "sandbox-runtime:base";
let d: TestDaemon;
let api: Clients;
const scrape = () => Scrape.of(d.url, METRICS_KEY);

beforeAll(async () => {
  d = await startTestDaemon({ metrics: { api_key: METRICS_KEY } });
  api = clientsFor(d);
});

afterAll(async () => {
  await d.stop();
});

const rpc = (s: Scrape, method: string, code = "OK", protocol = "grpc") =>
  s.value("sandkasten_rpc_requests_total", {
    procedure: `sandkasten.v1.${method}`,
    code,
    protocol,
  });

describe("/metrics", () => {
  test("counts a create, two execs, a stream, a failed call and a destroy over gRPC", async () => {
    const before = await scrape();
    const { session } = await api.sessions.createSession({ image: "base" });
    const id = session?.id ?? "";
    const during = await scrape();
    expect(during.value("sandkasten_sessions", { status: "running", image: IMAGE })).toBe(
      before.value("sandkasten_sessions", { status: "running", image: IMAGE }) + 1,
    );
    await api.exec.exec({ sessionId: id, cmd: "true" });
    await api.exec.exec({ sessionId: id, cmd: "echo hello" });
    for await (const _ of api.exec.execStream({
      sessionId: id,
      cmd: "printf abc; printf de >&2",
    })) {
      // drained: the stream's bytes count as they go out
    }
    const missing = await api.exec
      .exec({ sessionId: "nosuchsession", cmd: "true" })
      .catch((e) => e);
    expect(ConnectError.from(missing).code).toBe(Code.NotFound);
    await api.sessions.destroySession({ id });
    const after = await scrape();

    const moved = (read: (s: Scrape) => number) => read(after) - read(before);
    expect(moved((s) => rpc(s, "SessionService/CreateSession"))).toBe(1);
    expect(moved((s) => rpc(s, "ExecService/Exec"))).toBe(2);
    expect(moved((s) => rpc(s, "ExecService/Exec", "NotFound"))).toBe(1);
    expect(moved((s) => rpc(s, "ExecService/ExecStream"))).toBe(1);
    expect(moved((s) => rpc(s, "SessionService/DestroySession"))).toBe(1);
    expect(
      moved((s) =>
        s.count("sandkasten_rpc_duration_seconds", {
          procedure: "sandkasten.v1.ExecService/Exec",
          protocol: "grpc",
        }),
      ),
    ).toBe(3);
    // Latencies of work done: the failed exec is not among them.
    const execs = (kind: string) => (s: Scrape) =>
      s.count("sandkasten_exec_seconds", { kind, protocol: "grpc" });
    expect(moved(execs("unary"))).toBe(2);
    expect(moved(execs("stream"))).toBe(1);
    expect(moved((s) => s.count("sandkasten_session_create_seconds", { source: "cold" }))).toBe(1);
    const bytes = (stream: string) => (s: Scrape) =>
      s.value("sandkasten_exec_stream_bytes_total", { stream });
    expect(moved(bytes("stdout"))).toBe(3);
    expect(moved(bytes("stderr"))).toBe(2);
    expect(after.value("sandkasten_sessions", { status: "running", image: IMAGE })).toBe(
      before.value("sandkasten_sessions", { status: "running", image: IMAGE }),
    );
    expect(
      moved((s) => s.value("sandkasten_sessions", { status: "destroyed", image: IMAGE })),
    ).toBe(1);

    expect(after.family("sandkasten_rpc_requests_total").type).toBe("COUNTER");
    expect(after.family("sandkasten_exec_seconds").type).toBe("HISTOGRAM");
    expect(after.family("sandkasten_sessions").type).toBe("GAUGE");
    expect(after.family("sandkasten_engine_errors_total").type).toBe("COUNTER");
    expect(after.value("sandkasten_engine_errors_total")).toBe(0);
    expect(after.family("sandkasten_runner_failures_total").type).toBe("COUNTER");
    expect(after.family("process_cpu_seconds_total").type).toBe("COUNTER");
  });

  test("counts REST answers by route and status, and the RPCs behind them as protocol rest", async () => {
    const rest = (method: string, path: string, body?: unknown) =>
      fetch(`${d.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${d.apiKey}` },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const http = (s: Scrape, method: string, route: string, status: string) =>
      s.value("sandkasten_http_requests_total", { handler: "rest", route, method, status });
    const before = await scrape();
    const created = await rest("POST", "/v1/sessions", { image: "base" });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await rest("POST", `/v1/sessions/${id}/exec`, { cmd: "true" })).status).toBe(200);
    expect((await rest("GET", "/v1/sessions/nosuchsession")).status).toBe(404);
    expect((await rest("POST", `/v1/sessions/${id}/exec`, { cmd: 7 })).status).toBe(400);
    // Connect over HTTP/1.1 too.
    await clientsFor(d, "connect").exec.exec({ sessionId: id, cmd: "true" });
    expect((await rest("DELETE", `/v1/sessions/${id}`)).status).toBe(200);
    const after = await scrape();

    const moved = (read: (s: Scrape) => number) => read(after) - read(before);
    expect(moved((s) => http(s, "POST", "/v1/sessions", "201"))).toBe(1);
    expect(moved((s) => http(s, "POST", "/v1/sessions/:id/exec", "200"))).toBe(1);
    expect(moved((s) => http(s, "POST", "/v1/sessions/:id/exec", "400"))).toBe(1);
    expect(moved((s) => http(s, "GET", "/v1/sessions/:id", "404"))).toBe(1);
    expect(moved((s) => http(s, "DELETE", "/v1/sessions/:id", "200"))).toBe(1);
    expect(moved((s) => rpc(s, "SessionService/CreateSession", "OK", "rest"))).toBe(1);
    expect(moved((s) => rpc(s, "SessionService/GetSession", "NotFound", "rest"))).toBe(1);
    expect(moved((s) => rpc(s, "ExecService/Exec", "OK", "rest"))).toBe(1);
    expect(moved((s) => rpc(s, "ExecService/Exec", "OK", "connect"))).toBe(1);
    expect(
      moved((s) => s.count("sandkasten_exec_seconds", { kind: "unary", protocol: "rest" })),
    ).toBe(1);
    // Scrapes count as well (the one that read `after` is not done yet when it is read).
    expect(
      moved((s) =>
        s.value("sandkasten_http_requests_total", { handler: "metrics", route: "/metrics" }),
      ),
    ).toBe(1);
  });

  test("counts a runner call that fails under a stream whose container is killed", async () => {
    const { session } = await api.sessions.createSession({ image: "base" });
    const id = session?.id ?? "";
    const before = await scrape();
    const stream = api.exec.execStream({ sessionId: id, cmd: "sleep 60" });
    const failed = (async () => {
      for await (const event of stream) {
        if (event.event.case === "started")
          await engine.getContainer(await containerIdOf(d, id)).kill();
      }
    })().catch((e) => e);
    expect(await failed).toBeInstanceOf(ConnectError);
    const after = await scrape();
    expect(after.value("sandkasten_runner_failures_total")).toBe(
      before.value("sandkasten_runner_failures_total") + 1,
    );
    expect(
      after.value("sandkasten_rpc_requests_total", {
        procedure: "sandkasten.v1.ExecService/ExecStream",
        code: "OK",
      }),
    ).toBe(
      before.value("sandkasten_rpc_requests_total", {
        procedure: "sandkasten.v1.ExecService/ExecStream",
        code: "OK",
      }),
    );
    await api.sessions.destroySession({ id });
  });

  test("wants the metrics key or an API key; the metrics key opens nothing else", async () => {
    expect((await fetchMetrics(d.url)).status).toBe(401);
    expect((await fetchMetrics(d.url, "sk-wrong")).status).toBe(401);
    expect((await fetchMetrics(d.url, METRICS_KEY)).status).toBe(200);
    expect((await fetchMetrics(d.url, d.apiKey)).status).toBe(200);
    const rest = await fetch(`${d.url}/v1/sessions`, {
      headers: { authorization: `Bearer ${METRICS_KEY}` },
    });
    expect(rest.status).toBe(401);
    const grpc = await clientsFor(d, "grpc", METRICS_KEY)
      .sessions.listSessions({})
      .catch((e) => e);
    expect(ConnectError.from(grpc).code).toBe(Code.Unauthenticated);
    expect(
      (
        await fetch(`${d.url}/metrics`, {
          method: "POST",
          headers: { authorization: `Bearer ${METRICS_KEY}` },
        })
      ).status,
    ).toBe(405);
  });
});
