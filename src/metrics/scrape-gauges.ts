import type { Registry } from "prom-client";
import { Counter, Gauge } from "prom-client";
import type { PoolManager } from "../pool/pool-manager.js";
import type { SessionRuntime } from "../runtime/runtime.js";
import type { Db } from "../store/database.js";
import { LABELS } from "./labels.js";

export interface ScrapeSources {
  db: Db;
  runtime: SessionRuntime;
  pool: PoolManager;
}

/** Metrics read from the store, the pool and the runtime when /metrics is scraped. */
export function registerScrapeGauges(registry: Registry, s: ScrapeSources): void {
  const registers = [registry];
  new Gauge({
    name: "sandkasten_sessions",
    help: "Sessions in the store, by status (creating, running, expired, destroyed, failed) and image.",
    labelNames: LABELS.sessions,
    registers,
    async collect() {
      const rows = await s.db
        .selectFrom("sessions")
        .select(["status", "image", (eb) => eb.fn.countAll<number>().as("n")])
        .groupBy(["status", "image"])
        .execute();
      this.reset();
      for (const row of rows) this.set({ status: row.status, image: row.image }, Number(row.n));
    },
  });
  new Gauge({
    name: "sandkasten_tenant_live_sessions",
    help: "Live sessions (creating or running) of each tenant, and the memory they were given.",
    labelNames: LABELS.tenant,
    registers,
    async collect() {
      const rows = await s.db
        .selectFrom("sessions")
        .select(["tenant", (eb) => eb.fn.countAll<number>().as("n")])
        .where("status", "in", ["creating", "running"])
        .groupBy("tenant")
        .execute();
      this.reset();
      for (const row of rows) this.set({ tenant: row.tenant }, Number(row.n));
    },
  });
  new Gauge({
    name: "sandkasten_tenant_memory_mb",
    help: "Memory limits of each tenant's live sessions, summed (what max_memory_mb counts).",
    labelNames: LABELS.tenant,
    registers,
    async collect() {
      const rows = await s.db
        .selectFrom("sessions")
        .select(["tenant", (eb) => eb.fn.sum<number>("mem_limit_mb").as("mb")])
        .where("status", "in", ["creating", "running"])
        .groupBy("tenant")
        .execute();
      this.reset();
      for (const row of rows) this.set({ tenant: row.tenant }, Number(row.mb));
    },
  });
  new Gauge({
    name: "sandkasten_tenant_workspaces",
    help: "Workspaces of each tenant.",
    labelNames: LABELS.tenant,
    registers,
    async collect() {
      const rows = await s.db
        .selectFrom("workspaces")
        .select(["tenant", (eb) => eb.fn.countAll<number>().as("n")])
        .groupBy("tenant")
        .execute();
      this.reset();
      for (const row of rows) this.set({ tenant: row.tenant }, Number(row.n));
    },
  });
  const poolGauge = (name: string, help: string, value: (p: PoolState) => number) =>
    new Gauge({
      name,
      help,
      labelNames: LABELS.pool,
      registers,
      collect() {
        this.reset();
        for (const p of s.pool.status()) this.set({ image: p.image }, value(p));
      },
    });
  poolGauge(
    "sandkasten_pool_target",
    "Ready containers the pool keeps per image.",
    (p) => p.target,
  );
  poolGauge("sandkasten_pool_ready", "Ready containers in the pool now.", (p) => p.ready);
  poolGauge("sandkasten_pool_creating", "Pool containers being made now.", (p) => p.creating);
  // The pool counts its takes itself: these counters show its totals.
  const poolCounter = (name: string, help: string, value: (p: PoolState) => number) =>
    new Counter({
      name,
      help,
      labelNames: LABELS.pool,
      registers,
      collect() {
        this.reset();
        for (const p of s.pool.status()) this.inc({ image: p.image }, value(p));
      },
    });
  poolCounter("sandkasten_pool_hits_total", "Creates served by a ready container.", (p) => p.hits);
  poolCounter(
    "sandkasten_pool_misses_total",
    "Creates of a pooled image that found no ready container (created cold).",
    (p) => p.misses,
  );
  new Counter({
    name: "sandkasten_engine_errors_total",
    help: "Docker engine calls that failed for want of an engine: unreachable, past their deadline, connection reset (not the engine's own error answers).",
    registers,
    collect() {
      this.reset();
      this.inc(s.runtime.engineFailureCount);
    },
  });
}

type PoolState = ReturnType<PoolManager["status"]>[number];
