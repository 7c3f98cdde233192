import http from "node:http";
import type { AddressInfo } from "node:net";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterEach, describe, expect, test } from "vitest";
import { ExecService } from "../../gen/sandkasten/v1/exec_pb.js";
import { createLogger } from "../../src/log.js";
import { startTracing } from "../../src/observability/tracing.js";
import { type CliConfig, collect, daemonConfig, spawnCli, untilListening } from "../support/cli.js";

/**
 * With OTEL_EXPORTER_OTLP_ENDPOINT set, the daemon sends a span per RPC over
 * OTLP/HTTP (JSON) — here to a collector in this process on loopback —
 * named after the RPC and carrying the session it is about.
 */

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: number | string };
}
interface OtlpSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  kind: number;
  attributes: OtlpAttribute[];
  status?: { code?: number; message?: string };
}
interface OtlpExport {
  resourceSpans: Array<{
    resource: { attributes: OtlpAttribute[] };
    scopeSpans: Array<{ spans: OtlpSpan[] }>;
  }>;
}

/** A loopback OTLP/HTTP collector: what reached POST /v1/traces, as sent. */
async function startCollector() {
  const exports: OtlpExport[] = [];
  const contentTypes: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method === "POST" && req.url === "/v1/traces") {
        contentTypes.push(String(req.headers["content-type"]));
        exports.push(JSON.parse(Buffer.concat(chunks).toString("utf8")) as OtlpExport);
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exports,
    contentTypes,
    spans: () =>
      exports.flatMap((e) => e.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans))),
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

const attr = (span: OtlpSpan | undefined, key: string) => {
  const v = span?.attributes.find((a) => a.key === key)?.value;
  return v?.stringValue ?? (v?.intValue === undefined ? undefined : Number(v.intValue));
};

let config: (CliConfig & { apiKey: string }) | undefined;
let collector: Awaited<ReturnType<typeof startCollector>> | undefined;
afterEach(async () => {
  config?.remove();
  config = undefined;
  await collector?.close();
  collector = undefined;
});

describe("traces", () => {
  test("a span per create, exec and file call reaches the collector, with the session's id", async () => {
    collector = await startCollector();
    const c = collector;
    config = daemonConfig();
    // A long batch delay: everything is sent by the flush at SIGTERM.
    const child = spawnCli(["serve", "--config", config.file], {
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: c.url,
        OTEL_SERVICE_NAME: "sandkasten-under-test",
        OTEL_BSP_SCHEDULE_DELAY: "600000",
      },
    });
    const out = collect(child);
    let stopped = false;
    let sessionId = "";
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const parentId = "00f067aa0ba902b7";
    try {
      const url = await untilListening(child, out);
      const authorization = `Bearer ${config.apiKey}`;
      const rest = async (method: string, path: string, body?: unknown, requestId?: string) => {
        const res = await fetch(`${url}${path}`, {
          method,
          headers: { authorization, ...(requestId ? { "x-request-id": requestId } : {}) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await res.text();
        expect(res.status, text).toBeLessThan(300);
        return JSON.parse(text) as Record<string, unknown>;
      };
      sessionId = String(
        (await rest("POST", "/v1/sessions", { image: "base" }, "trace-create-1")).id,
      );
      const exec = createClient(ExecService, createGrpcTransport({ baseUrl: url }));
      await exec.exec(
        { sessionId, cmd: "true" },
        { headers: { authorization, traceparent: `00-${traceId}-${parentId}-01` } },
      );
      for await (const _ of exec.execStream(
        { sessionId, cmd: "echo hi" },
        { headers: { authorization } },
      )) {
        // drained
      }
      await exec
        .exec({ sessionId: "nosuchsession", cmd: "true" }, { headers: { authorization } })
        .catch(() => {});
      await rest("POST", `/v1/sessions/${sessionId}/fs/write`, { path: "a.txt", text: "x" });
      await rest("GET", `/v1/sessions/${sessionId}/fs/read?path=a.txt`);
      await rest("DELETE", `/v1/sessions/${sessionId}`);
      expect(c.spans()).toEqual([]);
      child.kill("SIGTERM");
      stopped = true;
    } finally {
      if (!stopped) child.kill("SIGKILL");
    }
    const r = await out.exited;
    expect(r.code, r.stderr).toBe(0);

    expect(new Set(c.contentTypes)).toEqual(new Set(["application/json"]));
    const service = c.exports[0]?.resourceSpans[0]?.resource.attributes.find(
      (a) => a.key === "service.name",
    );
    expect(service?.value.stringValue).toBe("sandkasten-under-test");
    const spans = c.spans();
    const named = (name: string) => spans.filter((s) => s.name === `sandkasten.v1.${name}`);
    for (const name of [
      "SessionService/CreateSession",
      "ExecService/ExecStream",
      "FsService/WriteFile",
      "FsService/ReadFile",
      "SessionService/DestroySession",
    ]) {
      expect(
        named(name).map((s) => attr(s, "sandkasten.session_id")),
        name,
      ).toEqual([sessionId]);
    }
    const create = named("SessionService/CreateSession")[0];
    expect(attr(create, "sandkasten.request_id")).toBe("trace-create-1");
    expect(attr(create, "sandkasten.protocol")).toBe("rest");
    expect(create?.kind).toBe(2); // SERVER

    const execs = named("ExecService/Exec");
    const ok = execs.find((s) => attr(s, "sandkasten.session_id") === sessionId);
    // A child of the caller's span (W3C traceparent).
    expect(ok?.traceId).toBe(traceId);
    expect(ok?.parentSpanId).toBe(parentId);
    expect(attr(ok, "rpc.system")).toBe("grpc");
    expect(attr(ok, "rpc.grpc.status_code")).toBe(0);
    const failed = execs.find((s) => attr(s, "sandkasten.session_id") === "nosuchsession");
    expect(failed?.status?.code).toBe(2); // ERROR
    expect(attr(failed, "rpc.grpc.status_code")).toBe(5); // NotFound
  });

  test("without an OTLP endpoint nothing is set up", async () => {
    const log = createLogger("error");
    expect(await startTracing({}, log, "test")).toBeUndefined();
    expect(await startTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: "" }, log, "test")).toBeUndefined();
    expect(
      await startTracing(
        { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:1", OTEL_SDK_DISABLED: "true" },
        log,
        "test",
      ),
    ).toBeUndefined();
  });
});
