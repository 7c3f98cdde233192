import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { loadConfig } from "../../src/config/load.js";
import { createLogger } from "../../src/log.js";
import { type Daemon, startDaemon } from "../../src/server/daemon.js";
import { clientsFor } from "../support/clients.js";
import { engine } from "../support/engine.js";
import { waitUntil } from "../support/exec-helpers.js";
import { describe, expect, test } from "../support/fixtures.js";
import { type TestDaemon, testInstance } from "../support/test-daemon.js";

/**
 * The 5 s container check against the real engine, for as long as
 * SANDKASTEN_SOAK_SECONDS says (60 by default; the soak ran it for an
 * hour): with sessions running, exec and stats traffic beside it, the log
 * gets no engine error at all, and the check still notices a container that
 * dies. (Node's default agent keeps idle connections exactly 5 s, and a
 * check every 5 s met a connection as it was being closed: ECONNRESET on
 * about one check in five.)
 */
const SECONDS = Number(process.env.SANDKASTEN_SOAK_SECONDS ?? 60);

describe("engine soak", () => {
  test(`${SECONDS} s of container checks: zero engine errors, and a dead container is still found`, {
    timeout: (SECONDS + 120) * 1000,
  }, async () => {
    const lines: string[] = [];
    const apiKey = `sk-test-${randomBytes(12).toString("hex")}`;
    const dataDir = mkdtempSync("/tmp/skt-");
    const config = loadConfig({
      env: {},
      overrides: {
        listen: "127.0.0.1:0",
        api_key: apiKey,
        data_dir: dataDir,
        instance: `${testInstance()}-soak`,
        log_level: "info",
      },
    });
    const log = createLogger("info", (line) => {
      lines.push(line);
      return true;
    });
    let daemon: Daemon | undefined;
    try {
      daemon = await startDaemon(config, { log });
      const api = clientsFor({ url: daemon.url, apiKey } as TestDaemon);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        // Alive for the whole soak (the default ttl is 30 minutes).
        const ttlSeconds = SECONDS + 300;
        ids.push(
          (await api.sessions.createSession({ image: "base", ttlSeconds })).session?.id ?? "",
        );
      }
      const end = Date.now() + SECONDS * 1000;
      let calls = 0;
      while (Date.now() < end) {
        for (const id of ids) {
          await api.exec.exec({ sessionId: id, cmd: "true" });
          await api.sessions.getSessionStats({ id });
          calls += 2;
        }
        await new Promise((r) => setTimeout(r, 1000 + Math.random() * 2000));
      }
      const problems = lines.filter((l) => /"level":"(warn|error)"/.test(l));
      console.log(
        `engine soak: ${SECONDS} s, ${calls} calls beside the checks, ${problems.length} warnings, ${daemon.ctx.docker.failureCount} failed engine calls`,
      );
      expect(problems).toEqual([]);
      expect(daemon.ctx.docker.failureCount).toBe(0);

      // The check still works: a container killed behind the daemon's back fails its session.
      const victim = ids[0] ?? "";
      const row = await daemon.ctx.sessions.get(victim);
      await engine.getContainer(row.container_id).kill();
      expect(
        await waitUntil(
          async () => (await daemon?.ctx.sessions.get(victim))?.status === "failed",
          15_000,
        ),
      ).toBe(true);
    } finally {
      if (daemon) {
        for (const s of await daemon.ctx.sessions.list()) {
          await daemon.ctx.sessions.destroy(s.id).catch(() => {});
        }
        await daemon.stop();
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
