import {
  CancelledError,
  ConflictError,
  NotFoundError,
  SandboxClient,
  type Session,
} from "@sandkasten/client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TestDaemon } from "../../support/test-daemon.js";
import { bytesOf, closeSdkSession, eventsOf, inPieces, openSdkSession, textOf } from "./helpers.js";

// Every Session method, and the client's session calls, over gRPC (the
// default transport; client.test.ts runs the core calls over the others).

let daemon: TestDaemon;
let client: SandboxClient;
let session: Session;
beforeAll(async () => {
  ({ daemon, client, session } = await openSdkSession());
});
afterAll(() => closeSdkSession({ daemon, client, session }));

describe("creating and finding sessions", () => {
  test("createSession applies image, env and ttl", async () => {
    const before = Date.now();
    await using s = await client.createSession({
      image: "python",
      env: { GREETING: "hi there" },
      ttlSeconds: 600,
    });
    expect(s.info).toMatchObject({ image: "sandbox-runtime:python", status: "running" });
    expect(s.info.expiresAt?.getTime()).toBeGreaterThanOrEqual(before + 590_000);
    expect((await s.exec('echo "$GREETING"; python3 -c "print(6*7)"')).output).toBe(
      "hi there\n42\n",
    );
  });

  test("createSession applies resource limits", async () => {
    await using s = await client.createSession({ limits: { memoryMb: 256, pids: 64, cpu: 0.5 } });
    const stats = await s.stats();
    expect(stats.memoryLimit).toBe(256 * 1024 * 1024);
    const pidsMax = "cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max";
    expect((await s.exec(pidsMax)).output).toBe("64\n");
  });

  test("getSession returns a working handle on an existing session", async () => {
    const again = await client.getSession(session.id);
    expect(again.info.id).toBe(session.id);
    expect((await again.exec("echo same")).output).toBe("same\n");
  });

  test("listSessions lists it; poolStatus answers", async () => {
    expect((await client.listSessions()).map((s) => s.id)).toContain(session.id);
    const pool = await client.poolStatus();
    expect(typeof pool.enabled).toBe("boolean");
    expect(Array.isArray(pool.images)).toBe(true);
  });
});

describe("exec", () => {
  test("the shell keeps its state between commands", async () => {
    await session.exec("mkdir -p /tmp/w && cd /tmp/w && export KEPT=yes");
    const r = await session.exec('echo "$KEPT"');
    expect(r).toMatchObject({ output: "yes\n", cwd: "/tmp/w", exitCode: 0 });
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
    await session.exec("cd /workspace");
  });

  test("a command past timeoutMs is stopped and reported, and the shell goes on", async () => {
    const r = await session.exec("echo started; sleep 30", { timeoutMs: 500 });
    expect(r.timedOut).toBe(true);
    expect(r.output).toContain("started");
    expect((await session.exec("echo after")).output).toBe("after\n");
  });

  test("rawOutput keeps carriage returns", async () => {
    const raw = await session.exec("printf 'a\\rb\\n'", { rawOutput: true });
    expect(raw.output).toBe("a\rb\n");
  });
});

describe("execStream", () => {
  test("combineOutput sends stderr through stdout in order", async () => {
    const events = await eventsOf(
      session.execStream("echo one; echo two >&2; echo three", { combineOutput: true }),
    );
    expect(textOf(events, "stdout")).toBe("one\ntwo\nthree\n");
    expect(textOf(events, "stderr")).toBe("");
  });

  test("a character split across two chunks arrives whole", async () => {
    // The sleep makes the daemon send the two bytes of "ä" in separate events.
    const events = await eventsOf(
      session.execStream("printf '\\xc3'; sleep 0.5; printf '\\xa4\\n'"),
    );
    expect(textOf(events, "stdout")).toBe("ä\n");
  });

  test("output arrives while the command still runs", async () => {
    const arrived: Record<string, number> = {};
    for await (const e of session.execStream("echo first; sleep 1; echo second")) {
      if (e.type === "stdout") arrived[e.data.trim()] ??= Date.now();
      if (e.type === "exit") arrived.exit = Date.now();
    }
    expect(Object.keys(arrived)).toEqual(["first", "second", "exit"]);
    expect((arrived.exit ?? 0) - (arrived.first ?? 0)).toBeGreaterThanOrEqual(900);
  });

  test("aborting the signal ends the iteration with CancelledError and stops the command", async () => {
    const abort = new AbortController();
    const events: string[] = [];
    const iterate = (async () => {
      for await (const e of session.execStream("echo go; sleep 30; touch /tmp/never", {
        signal: abort.signal,
      })) {
        events.push(e.type);
        if (e.type === "stdout") abort.abort();
      }
    })();
    await expect(iterate).rejects.toBeInstanceOf(CancelledError);
    expect(events).toEqual(["stdout"]);
    // The shell is free at once: the 30 s sleep was killed, not waited for.
    const next = await session.exec("echo next; pgrep -x sleep || echo no-sleep", {
      timeoutMs: 10_000,
    });
    expect(next).toMatchObject({ output: "next\nno-sleep\n", timedOut: false });
  });

  test("breaking out of the loop cancels the command too", async () => {
    for await (const e of session.execStream("echo go; sleep 30")) {
      if (e.type === "stdout") break;
    }
    const next = await session.exec("pgrep -x sleep || echo no-sleep", { timeoutMs: 10_000 });
    expect(next.output).toBe("no-sleep\n");
  });

  test("a timed-out command ends with a timedOut exit event", async () => {
    const events = await eventsOf(session.execStream("sleep 30", { timeoutMs: 500 }));
    expect(events.at(-1)).toMatchObject({ type: "exit", timedOut: true });
  });
});

describe("files", () => {
  test("write with a mode, stat, read with maxBytes", async () => {
    const script = "#!/bin/sh\necho ran\n";
    const written = await session.write("bin/run.sh", script, { mode: 0o755 });
    expect(written).toEqual({ path: "/workspace/bin/run.sh", size: script.length });
    const info = await session.stat("bin/run.sh");
    expect(info).toMatchObject({ name: "run.sh", isDir: false, size: script.length, mode: 0o755 });
    expect((await session.exec("./bin/run.sh")).output).toBe("ran\n");
    expect(new TextDecoder().decode(await session.read("bin/run.sh", { maxBytes: 9 }))).toBe(
      "#!/bin/sh",
    );
  });

  test("binary content survives write and read unchanged", async () => {
    const bytes = bytesOf(4096);
    await session.write("data.bin", bytes);
    expect(Buffer.from(await session.read("data.bin")).equals(Buffer.from(bytes))).toBe(true);
  });

  test("mkdir, list, remove", async () => {
    expect(await session.mkdir("a/b/c", { parents: true })).toBe("/workspace/a/b/c");
    await session.write("a/b/file.txt", "x");
    const entries = await session.list("a/b");
    expect(entries.map((e) => [e.name, e.isDir])).toEqual([
      ["c", true],
      ["file.txt", false],
    ]);
    await session.remove("a", { recursive: true });
    await expect(session.stat("a")).rejects.toBeInstanceOf(NotFoundError);
  });

  test("upload takes bytes, text, async and sync iterables; download and downloadStream give them back", async () => {
    const bytes = bytesOf(3 * 1024 * 1024 + 5);
    expect((await session.upload("up/whole.bin", bytes)).size).toBe(bytes.length);
    expect((await session.upload("up/stream.bin", inPieces(bytes, 999_999))).size).toBe(
      bytes.length,
    );
    expect(
      (await session.upload("up/sync.bin", [bytes.subarray(0, 10), bytes.subarray(10)])).size,
    ).toBe(bytes.length);
    expect((await session.upload("up/text.txt", "hällo")).size).toBe(6);
    expect((await session.upload("up/empty", new Uint8Array())).size).toBe(0);
    for (const name of ["whole.bin", "stream.bin", "sync.bin"]) {
      expect(Buffer.from(await session.download(`up/${name}`)).equals(Buffer.from(bytes))).toBe(
        true,
      );
    }
    let chunks = 0;
    let length = 0;
    for await (const chunk of session.downloadStream("up/stream.bin")) {
      chunks++;
      length += chunk.length;
    }
    expect(length).toBe(bytes.length);
    expect(chunks).toBeGreaterThan(1);
    expect(await session.readText("up/text.txt")).toBe("hällo");
    expect((await session.download("up/empty")).length).toBe(0);
  });
});

describe("lifecycle", () => {
  test("refresh, extend and stats report the session", async () => {
    const info = await session.refresh();
    expect(info).toMatchObject({ id: session.id, status: "running" });
    const extended = await session.extend(3600);
    expect(extended.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    const stats = await session.stats();
    expect(stats.memoryBytes).toBeGreaterThan(0);
    expect(stats.pids).toBeGreaterThan(0);
  });

  test("destroy removes the session; a second destroy is no error", async () => {
    const s = await client.createSession();
    await s.destroy();
    expect((await s.refresh()).status).toBe("destroyed");
    await expect(s.exec("echo")).rejects.toBeInstanceOf(ConflictError);
    await s.destroy();
  });

  test("`await using` destroys the session when the scope ends", async () => {
    let id = "";
    {
      await using s = await client.createSession();
      id = s.id;
      expect((await s.exec("echo inside")).output).toBe("inside\n");
    }
    expect((await client.getSession(id)).info.status).toBe("destroyed");
  });

  test("`await using` on the client closes its connection", async () => {
    let s: Session;
    {
      await using scoped = new SandboxClient({ baseUrl: daemon.url, apiKey: daemon.apiKey });
      s = await scoped.getSession(session.id);
      expect((await s.exec("echo via scoped")).output).toBe("via scoped\n");
    }
    // Closed: calls through it fail instead of opening a new connection.
    await expect(s.exec("echo")).rejects.toThrow("the SandboxClient is closed");
  });
});
