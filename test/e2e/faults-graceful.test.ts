import { setTimeout as sleep } from "node:timers/promises";
import { Code, ConnectError } from "@connectrpc/connect";
import { afterAll, describe, expect, test } from "vitest";
import {
  type ChildConfig,
  type ChildDaemon,
  childClients,
  cleanUpChild,
  killDaemon,
  spawnDaemon,
  writeChildConfig,
} from "../support/fault-child-daemon.js";
import { instanceContainers, mountsUnder, sorted } from "../support/fault-engine-state.js";

/**
 * SIGTERM to `sandkasten serve`: the exec under way finishes, new calls are
 * refused while it does, the process exits 0, and the pool's ready
 * containers go with it; the session's container stays (a restart adopts it).
 */
const IMAGE = "sandbox-runtime:base";
let config: ChildConfig | undefined;
let daemon: ChildDaemon | undefined;

afterAll(async () => {
  if (config) await cleanUpChild(config, daemon);
});

describe("SIGTERM to the daemon process", () => {
  test("drains the running exec, refuses new calls, exits 0 and removes the pool's containers", async () => {
    config = await writeChildConfig("graceful", {
      pool: { enabled: true, images: { [IMAGE]: 2 } },
      shutdown_grace_seconds: 20,
    });
    daemon = await spawnDaemon(config);
    const api = childClients(config);
    const ready = async () =>
      (await api.sessions.getPoolStatus({})).images.find((i) => i.image === IMAGE)?.ready;
    const filled = async () => {
      const deadline = Date.now() + 30_000;
      while ((await ready()) !== 2 && Date.now() < deadline) await sleep(100);
      return ready();
    };
    expect(await filled()).toBe(2);
    const { session } = await api.sessions.createSession({ image: "base" });
    expect(session?.pooled).toBe(true);
    const id = session?.id ?? "";
    const big = (await api.sessions.createSession({ image: "base" })).session?.id ?? "";
    // The pool refills after the takes: two ready containers besides the sessions'.
    expect(await filled()).toBe(2);
    expect((await instanceContainers(config.instance)).length).toBe(4);

    const running = api.exec.exec({ sessionId: id, cmd: "sleep 2; echo finished" });
    // An answer that takes a while to write must go out whole, too.
    const large = api.exec.exec({
      sessionId: big,
      cmd: "sleep 2; head -c 1000000 /dev/zero | tr '\\0' x",
    });
    await sleep(500);
    daemon.child.kill("SIGTERM");
    await sleep(300);
    const refused = await api.sessions
      .listSessions({})
      .then(() => undefined)
      .catch((err) => ConnectError.from(err));
    expect(refused?.code).toBe(Code.Unavailable);
    expect(refused?.rawMessage).toMatch(/shutting down|ECONNREFUSED/);

    const [small, whole] = await Promise.all([running, large]);
    expect(small.output).toBe("finished\n");
    expect(whole.output).toBe("x".repeat(1_000_000));
    const exit = await daemon.exited;
    expect(exit, daemon.stderr()).toEqual({ code: 0, signal: null });

    const left = await instanceContainers(config.instance);
    expect(sorted(left.map((c) => c.session))).toEqual(sorted([id, big]));
    expect(left.map((c) => c.state)).toEqual(["running", "running"]);
    // Only the sessions' own pool mounts are left; the ready containers' are released.
    const poolDir = `${config.dataDir}/pool`;
    expect(sorted(new Set(mountsUnder(poolDir)))).toEqual(
      sorted([id, big].map((s) => `${poolDir}/${s}`)),
    );

    // A restart adopts the session, which still has its shell.
    daemon = await spawnDaemon(config);
    const after = await api.exec.exec({ sessionId: id, cmd: "echo adopted" });
    expect(after.output).toBe("adopted\n");
    await killDaemon(daemon, "SIGTERM");
  });
});

describe("SIGTERM while the pool is filling", () => {
  test("exits 0 and leaves no pool container or mount behind", async () => {
    const c = await writeChildConfig("graceful-fill", {
      pool: { enabled: true, images: { [IMAGE]: 2 } },
    });
    const d = await spawnDaemon(c);
    try {
      const deadline = Date.now() + 20_000;
      while ((await instanceContainers(c.instance)).length === 0 && Date.now() < deadline) {
        await sleep(5);
      }
      d.child.kill("SIGTERM");
      expect(await d.exited, d.stderr()).toEqual({ code: 0, signal: null });
      await sleep(500);
      expect(await instanceContainers(c.instance)).toEqual([]);
      expect(mountsUnder(`${c.dataDir}/pool`)).toEqual([]);
    } finally {
      await cleanUpChild(c, d);
    }
  });
});
