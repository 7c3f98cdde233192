import { readdirSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { afterEach, describe, expect, test } from "vitest";
import type { UploadRequestSchema } from "../../gen/sandkasten/v1/fs_pb.js";
import { SessionStatus } from "../../gen/sandkasten/v1/session_pb.js";
import type { Clients } from "../support/clients.js";
import { waitForProcess } from "../support/exec-helpers.js";
import {
  type ChildConfig,
  type ChildDaemon,
  childClients,
  cleanUpChild,
  killDaemon,
  spawnDaemon,
  writeChildConfig,
} from "../support/fault-child-daemon.js";
import { expectConsistent, expectNewSessionWorks } from "../support/fault-consistency.js";
import {
  instanceContainers,
  mountsUnder,
  sorted,
  storedSessions,
} from "../support/fault-engine-state.js";

/**
 * The daemon dies by SIGKILL in the middle of something and is started again
 * with the same config. Whatever it was doing, the restart leaves store and
 * engine in agreement: nothing stuck in "creating", exactly the running
 * sessions' containers, no orphaned volumes or mounts, and it serves again.
 */

let config: ChildConfig | undefined;
let daemon: ChildDaemon | undefined;

afterEach(async () => {
  if (config) await cleanUpChild(config, daemon);
  config = undefined;
  daemon = undefined;
});

async function start(name: string, extra: Record<string, unknown> = {}): Promise<Clients> {
  config = await writeChildConfig(`kill-${name}`, extra);
  daemon = await spawnDaemon(config);
  return childClients(config);
}

/** SIGKILL, then the same config again. */
async function killAndRestart(): Promise<void> {
  if (!config || !daemon) throw new Error("no daemon");
  const gone = await killDaemon(daemon);
  expect(gone.signal).toBe("SIGKILL");
  daemon = await spawnDaemon(config);
}

/** Settles a call into its ConnectError, or undefined when it succeeded. */
const outcome = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (err) => ConnectError.from(err),
  );

/** Polls often (a phase may be short) until `check` holds. */
async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("the create never reached the phase");
    await sleep(5);
  }
}

const ABANDONED = "the daemon stopped while creating it";

describe("a SIGKILLed daemon, restarted", () => {
  test("cleans up sessions it was creating, whatever phase the create was in", async () => {
    const api = await start("create");
    const c = config as ChildConfig;
    // Fixed delays hit whatever phase they hit (no row yet, a row without a
    // container, a container whose runner is starting); the last two kills
    // wait for a phase: the container exists in the engine but not yet in
    // the store, and the store has it while its runner is still starting.
    const moments: (number | "in engine" | "in store")[] = [20, 80, 200, "in engine", "in store"];
    const db = `${c.dataDir}/sandkasten.db`;
    for (const moment of moments) {
      const before = new Set((await instanceContainers(c.instance)).map((x) => x.id));
      const known = new Set(storedSessions(db).map((r) => r.id));
      const creating = outcome(api.sessions.createSession({ image: "base" }));
      if (moment === "in engine") {
        await until(async () =>
          (await instanceContainers(c.instance)).some((x) => !before.has(x.id)),
        );
      } else if (moment === "in store") {
        await until(async () =>
          storedSessions(db).some(
            (r) => !known.has(r.id) && r.status === "creating" && r.container_id !== "",
          ),
        );
      } else {
        await sleep(moment);
      }
      await killAndRestart();
      const failed = await creating;
      if (typeof moment === "string") {
        // The create was cut off, and the restart says so.
        expect(failed, `create at ${moment}`).toBeInstanceOf(ConnectError);
        const last = storedSessions(db).at(-1);
        expect(last?.status).toBe("destroyed");
        expect(last?.status_reason).toBe(ABANDONED);
      }
      await expectConsistent(c, api, {
        also: storedSessions(db).map((r) => r.id),
      });
      await expectNewSessionWorks(api);
    }
    // No socket directory of an abandoned create is left.
    const view = await expectConsistent(c, api);
    expect(sorted(readdirSync(`${c.dataDir}/sessions`))).toEqual(sorted(view.running));
  });

  test("adopts a session whose exec it was running: exec works, shell state is intact", async () => {
    const api = await start("exec");
    const { session } = await api.sessions.createSession({ image: "base" });
    const id = session?.id ?? "";
    await api.exec.exec({
      sessionId: id,
      cmd: "mkdir -p /tmp/fault && cd /tmp/fault && export FAULT_VAR=kept",
    });
    const running = outcome(api.exec.exec({ sessionId: id, cmd: "sleep 3; echo done > /tmp/f" }));
    expect(await waitForProcess(session?.containerId ?? "", "sleep 3")).toBe(true);
    const killedAt = Date.now();
    await killAndRestart();
    expect(await running).toBeInstanceOf(ConnectError);

    const view = await expectConsistent(config as ChildConfig, api);
    expect(view.running).toEqual(new Set([id]));
    expect(view.containerOf.get(id)).toBe(session?.containerId);
    const after = await api.exec.exec({ sessionId: id, cmd: 'pwd; echo "$FAULT_VAR"' });
    expect(after.output).toBe("/tmp/fault\nkept\n");
    expect(after.shellRestarted).toBe(false);
    // The command lost its caller with the daemon: it was stopped, not left to run on.
    await sleep(Math.max(0, killedAt + 3_500 - Date.now()));
    const f = await api.exec.exec({
      sessionId: id,
      cmd: "test -e /tmp/f && echo ran-on || echo stopped",
    });
    expect(f.output).toBe("stopped\n");
    await expectNewSessionWorks(api);
  });

  test("leaves no partial file and no temporary file of an upload it was receiving", async () => {
    const api = await start("upload");
    const { session } = await api.sessions.createSession({ image: "base" });
    const id = session?.id ?? "";
    let sent = 0;
    let stop = false;
    async function* slowUpload(): AsyncGenerator<MessageInitShape<typeof UploadRequestSchema>> {
      const chunk = new Uint8Array(64 * 1024).fill(120);
      yield { sessionId: id, path: "big.bin", data: chunk };
      sent++;
      while (!stop && sent < 600) {
        await sleep(50);
        yield { data: chunk };
        sent++;
      }
    }
    const uploading = outcome(api.fs.upload(slowUpload()));
    while (sent < 5) await sleep(20);
    // The runner is writing the file under a temporary name by now.
    const during = await api.exec.exec({ sessionId: id, cmd: "ls -A /workspace" });
    expect(during.output).toMatch(/^\.sandkasten-[0-9a-f]+\.tmp\n$/);
    await killAndRestart();
    stop = true;
    expect(await uploading).toBeInstanceOf(ConnectError);

    const view = await expectConsistent(config as ChildConfig, api);
    expect(view.running).toEqual(new Set([id]));
    const left = await api.exec.exec({ sessionId: id, cmd: "ls -A /workspace; echo end" });
    expect(left.output).toBe("end\n");
    const stat = await outcome(api.fs.stat({ sessionId: id, path: "big.bin" }));
    expect(stat?.code).toBe(Code.NotFound);
    await expectNewSessionWorks(api);
  });

  test("reclaims the containers and mounts of a pool it was filling, and fills a new one", async () => {
    const image = "sandbox-runtime:base";
    const api = await start("pool", { pool: { enabled: true, images: { [image]: 2 } } });
    const c = config as ChildConfig;
    const poolDir = `${c.dataDir}/pool`;
    const deadline = Date.now() + 20_000;
    while ((await instanceContainers(c.instance)).length === 0) {
      if (Date.now() > deadline) throw new Error("the pool never started filling");
      await sleep(5);
    }
    await killDaemon(daemon as ChildDaemon);
    // A create the engine had already received may still finish.
    await sleep(500);
    const old = await instanceContainers(c.instance);
    const oldMounts = mountsUnder(poolDir);
    expect(old.length).toBeGreaterThan(0);
    expect(oldMounts.length).toBeGreaterThan(0);

    daemon = await spawnDaemon(c);
    const ready = async () =>
      (await api.sessions.getPoolStatus({})).images.find((i) => i.image === image)?.ready;
    const filled = Date.now() + 30_000;
    while ((await ready()) !== 2 && Date.now() < filled) await sleep(100);
    expect(await ready()).toBe(2);

    const now = await instanceContainers(c.instance);
    const oldIds = new Set(old.map((x) => x.id));
    expect(
      now.filter((x) => oldIds.has(x.id)),
      "old pool containers",
    ).toEqual([]);
    expect(now.map((x) => x.state)).toEqual(["running", "running"]);
    const poolSessions = new Set(now.map((x) => x.session));
    // Only the new pool's mounts remain, and only its directories.
    const newMounts = sorted([...poolSessions].map((s) => `${poolDir}/${s}`));
    expect(sorted(new Set(mountsUnder(poolDir)))).toEqual(newMounts);
    for (const m of oldMounts) expect(newMounts).not.toContain(m);
    expect(sorted(readdirSync(poolDir)).map((s) => `${poolDir}/${s}`)).toEqual(newMounts);

    const view = await expectConsistent(c, api, { poolSessions });
    expect(view.running.size).toBe(0);
    const { session } = await api.sessions.createSession({ image: "base" });
    expect(session?.pooled).toBe(true);
    expect(session?.status).toBe(SessionStatus.RUNNING);
    const r = await api.exec.exec({ sessionId: session?.id ?? "", cmd: "echo pooled" });
    expect(r.output).toBe("pooled\n");
    await api.sessions.destroySession({ id: session?.id ?? "" });
  });
});
