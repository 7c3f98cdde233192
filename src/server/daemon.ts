import type { AddressInfo } from "node:net";
import { type Config, hostOf, portOf } from "../config/load.js";
import { type AppContext, type ContextOverrides, createAppContext } from "../context.js";
import { createPreviewUpgrade, wantsPreviewUpgrade } from "../preview/forward-upgrade.js";
import { reconcile } from "../sessions/reconcile.js";
import { createHttpHandler } from "./http-handler.js";
import { createOnePortServer, type OnePortServer } from "./one-port.js";

export interface Daemon {
  ctx: AppContext;
  /** "host:port" actually bound (the port is chosen when the config says 0). */
  address: string;
  url: string;
  /**
   * Stops taking requests, lets calls under way (execs included) finish for
   * up to `graceMs`, then closes every connection and the store.
   */
  stop(graceMs?: number): Promise<void>;
}

export interface DaemonOptions extends ContextOverrides {
  /** How often expired sessions are looked for. */
  reapIntervalMs?: number;
}

/** How often running sessions' containers are checked (an engine restart stops them all). */
const CONTAINER_CHECK_INTERVAL_MS = 5_000;

/** Starts the daemon: store, handlers, the one port, and the reaper. */
export async function startDaemon(config: Config, o: DaemonOptions = {}): Promise<Daemon> {
  const ctx = await createAppContext(config, o);
  // An engine that is away must not keep the daemon from starting: it
  // answers with clear errors meanwhile and reconciles once the engine is back.
  let reconciling: NodeJS.Timeout | undefined;
  const reconcileThenFillPool = async (): Promise<void> => {
    try {
      ctx.log.info("reconciled with the engine", { ...(await reconcile(ctx)) });
      ctx.pool.start();
    } catch (err) {
      ctx.log.warn("could not reconcile with the engine; retrying in 10 s", { error: String(err) });
      reconciling = setTimeout(() => void reconcileThenFillPool(), 10_000);
    }
  };
  await reconcileThenFillPool();
  const ports: OnePortServer = createOnePortServer(createHttpHandler(ctx), {
    wants: wantsPreviewUpgrade(ctx),
    handle: createPreviewUpgrade(ctx),
  });
  const host = hostOf(config.listen);
  await new Promise<void>((resolve, reject) => {
    ports.server.once("error", reject);
    ports.server.listen(portOf(config.listen), host, () => {
      ports.server.off("error", reject);
      resolve();
    });
  });
  const bound = ports.server.address() as AddressInfo;
  const address = `${bound.family === "IPv6" ? `[${bound.address}]` : bound.address}:${bound.port}`;
  const reaper = setInterval(() => {
    ctx.sessions
      .reapExpired()
      .catch((err) => ctx.log.warn("reaper failed", { error: String(err) }));
  }, o.reapIntervalMs ?? 5_000);
  const containerCheck = setInterval(() => {
    ctx.sessions
      .failStopped()
      .catch((err) => ctx.log.warn("container check failed", { error: String(err) }));
  }, CONTAINER_CHECK_INTERVAL_MS);
  ctx.log.info("listening", { address });
  return {
    ctx,
    address,
    url: `http://${address}`,
    async stop(graceMs = 0) {
      clearInterval(reaper);
      clearInterval(containerCheck);
      clearTimeout(reconciling);
      const left = await ctx.drain.drain(graceMs);
      if (left > 0) ctx.log.warn("stopping with calls still running", { calls: left });
      await ports.close();
      await ctx.pool.stop();
      await ctx.close();
    },
  };
}
