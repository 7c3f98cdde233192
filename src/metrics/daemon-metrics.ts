import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { daemonVersion } from "../daemon-version.js";
import { LABELS } from "./labels.js";
import { registerScrapeGauges, type ScrapeSources } from "./scrape-gauges.js";

const SECONDS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120,
];
const CREATE_SECONDS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The daemon's Prometheus metrics, in a registry of its own (daemons in one
 * process keep apart). Counters and histograms are fed where things happen
 * (the RPC interceptor, the HTTP handler, the session manager); the state of
 * sessions, pool and engine is read when /metrics is scraped.
 */
export function createDaemonMetrics(sources: ScrapeSources) {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: "sandkasten_build_info",
    help: "The daemon's version (always 1).",
    labelNames: ["version"],
    registers,
  }).set({ version: daemonVersion() }, 1);
  registerScrapeGauges(registry, sources);
  return {
    registry,
    rpcRequests: new Counter({
      name: "sandkasten_rpc_requests_total",
      help: "RPCs answered, by procedure, code (ok or the error's) and protocol (grpc, grpc-web, connect, or rest and mcp for the routes that call them).",
      labelNames: LABELS.rpc,
      registers,
    }),
    rpcSeconds: new Histogram({
      name: "sandkasten_rpc_duration_seconds",
      help: "Time from an RPC's arrival to its answer (streams: to their end).",
      labelNames: LABELS.rpcDuration,
      buckets: SECONDS,
      registers,
    }),
    createSeconds: new Histogram({
      name: "sandkasten_session_create_seconds",
      help: "Time to create a session until its shell answers, by source: pool (a ready container) or cold.",
      labelNames: LABELS.create,
      buckets: CREATE_SECONDS,
      registers,
    }),
    execSeconds: new Histogram({
      name: "sandkasten_exec_seconds",
      help: "Time of an exec from its arrival to its result (unary) or its stream's end (stream), waiting for an earlier command included.",
      labelNames: LABELS.exec,
      buckets: SECONDS,
      registers,
    }),
    streamBytes: new Counter({
      name: "sandkasten_exec_stream_bytes_total",
      help: "Output bytes sent by streaming execs, by stream (stdout, stderr).",
      labelNames: LABELS.streamBytes,
      registers,
    }),
    runnerFailures: new Counter({
      name: "sandkasten_runner_failures_total",
      help: "Calls to a session's runner that failed in transport (runner or container gone, connection lost, deadline), by code.",
      labelNames: LABELS.runnerFailures,
      registers,
    }),
    httpRequests: new Counter({
      name: "sandkasten_http_requests_total",
      help: "Answers of the HTTP routes (REST, MCP, dashboard, metrics; RPCs count in sandkasten_rpc_requests_total), by route and status.",
      labelNames: LABELS.http,
      registers,
    }),
  };
}

export type DaemonMetrics = ReturnType<typeof createDaemonMetrics>;
