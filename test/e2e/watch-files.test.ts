import { readFileSync } from "node:fs";
import { type Client, Code, createClient } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  WatchEventKind,
  type WatchFilesResponse,
  WatchService,
} from "../../gen/sandkasten/v1/watch_pb.js";
import { type Clients, clientsFor, transportFor } from "../support/clients.js";
import { connectErrorOf, readSse, runnerHostPid } from "../support/exec-helpers.js";
import { startTestDaemon, type TestDaemon } from "../support/test-daemon.js";

/**
 * WatchFiles: inotify events from the runner's helper (native/watcher), in
 * order, coalesced in a bounded queue that overflows instead of growing.
 */
let d: TestDaemon;
let api: Clients;
let watch: Client<typeof WatchService>;
let sessionId = "";
let containerId = "";

beforeAll(async () => {
  d = await startTestDaemon();
  api = clientsFor(d);
  watch = createClient(WatchService, transportFor(d, "grpc"));
  sessionId = (await api.sessions.createSession({ image: "base" })).session?.id ?? "";
  containerId = (await d.daemon.ctx.sessions.get(sessionId)).container_id;
  await sh("mkdir -p /workspace/order /workspace/tree /workspace/flood /workspace/rest");
}, 60_000);

afterAll(async () => {
  await d?.stop();
});

async function sh(cmd: string): Promise<void> {
  const r = await api.exec.exec({ sessionId, cmd, timeoutMs: 120_000 });
  expect(r.exitCode, `${cmd}: ${r.output}`).toBe(0);
}

interface OpenWatch {
  /** The next event; fails after `ms` without one. */
  next(ms?: number): Promise<WatchFilesResponse>;
  /** Events until one matches, that one included. */
  until(match: (e: WatchFilesResponse) => boolean, ms?: number): Promise<WatchFilesResponse[]>;
  close(): void;
}

/** Opens a watch and waits for its ready event. */
async function openWatch(path: string, recursive: boolean, id = sessionId): Promise<OpenWatch> {
  const abort = new AbortController();
  const events = watch
    .watchFiles({ sessionId: id, path, recursive }, { signal: abort.signal })
    [Symbol.asyncIterator]();
  const next = async (ms = 5_000) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no watch event within ${ms} ms`)), ms);
    });
    try {
      const r = await Promise.race([events.next(), late]);
      if (r.done) throw new Error("the watch ended");
      return r.value;
    } finally {
      clearTimeout(timer);
    }
  };
  const w: OpenWatch = {
    next,
    async until(match, ms = 5_000) {
      const seen: WatchFilesResponse[] = [];
      const deadline = Date.now() + ms;
      for (;;) {
        const e = await next(Math.max(1, deadline - Date.now()));
        seen.push(e);
        if (match(e)) return seen;
      }
    },
    close: () => abort.abort(),
  };
  const first = await next(10_000);
  expect(first.kind).toBe(WatchEventKind.READY);
  return w;
}

const is = (kind: WatchEventKind, path: string) => (e: WatchFilesResponse) =>
  e.kind === kind && e.path === path;

function runnerRssKiB(hostPid: number): number {
  const status = readFileSync(`/proc/${hostPid}/status`, "utf8");
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? Number.NaN);
}

describe("WatchFiles", () => {
  test("create, modify, rename and delete arrive in that order", async () => {
    const w = await openWatch("order", false);
    try {
      await sh("echo one > /workspace/order/f");
      await sh("echo two >> /workspace/order/f");
      await sh("mv /workspace/order/f /workspace/order/g");
      await sh("rm /workspace/order/g");
      const seen = await w.until(is(WatchEventKind.DELETED, "/workspace/order/g"));
      const at = (match: (e: WatchFilesResponse) => boolean, from = 0) =>
        seen.findIndex((e, i) => i >= from && match(e));
      const created = at(is(WatchEventKind.CREATED, "/workspace/order/f"));
      const modified = at(is(WatchEventKind.MODIFIED, "/workspace/order/f"), created + 1);
      const renamed = at(
        (e) =>
          is(WatchEventKind.RENAMED, "/workspace/order/g")(e) && e.oldPath === "/workspace/order/f",
      );
      const deleted = at(is(WatchEventKind.DELETED, "/workspace/order/g"));
      expect(created, JSON.stringify(seen)).toBeGreaterThanOrEqual(0);
      expect(modified).toBeGreaterThan(created);
      expect(renamed).toBeGreaterThan(modified);
      expect(deleted).toBeGreaterThan(renamed);
    } finally {
      w.close();
    }
  });

  test("a directory made under a recursive watch is watched too", async () => {
    const w = await openWatch("/workspace/tree", true);
    try {
      // The file is made before the new directory's watch can be in place: it is announced.
      await sh("mkdir -p /workspace/tree/sub/deeper && echo x > /workspace/tree/sub/deeper/early");
      const first = await w.until(is(WatchEventKind.CREATED, "/workspace/tree/sub/deeper/early"));
      expect(first.find(is(WatchEventKind.CREATED, "/workspace/tree/sub"))?.isDir).toBe(true);
      await sh("echo y > /workspace/tree/sub/deeper/later");
      await w.until(is(WatchEventKind.CREATED, "/workspace/tree/sub/deeper/later"));
    } finally {
      w.close();
    }
  });

  test("100k rapid writes end in one overflow, the runner's memory stays bounded and the watch goes on", async () => {
    const w = await openWatch("flood", true);
    const hostPid = await runnerHostPid(containerId);
    let peakKiB = runnerRssKiB(hostPid);
    // The daemon runs in this process: its memory is this process's.
    const daemonBefore = process.memoryUsage().rss;
    let daemonPeak = daemonBefore;
    const sampler = setInterval(() => {
      peakKiB = Math.max(peakKiB, runnerRssKiB(hostPid));
      daemonPeak = Math.max(daemonPeak, process.memoryUsage().rss);
    }, 50);
    try {
      // Nobody reads the watch meanwhile: the events pile up where they are kept.
      await sh("for i in $(seq 100000); do echo $i > /workspace/flood/f$((i%5000)); done");
      // Generous: on a loaded machine the 4096 events held before it take a while.
      const seen = await w.until((e) => e.kind === WatchEventKind.OVERFLOW, 120_000);
      expect(seen.filter((e) => e.kind === WatchEventKind.OVERFLOW)).toHaveLength(1);
      await sh("echo after > /workspace/flood/after-overflow");
      await w.until(is(WatchEventKind.CREATED, "/workspace/flood/after-overflow"), 60_000);
    } finally {
      clearInterval(sampler);
      w.close();
    }
    expect(peakKiB).toBeLessThan(120 * 1024);
    // Nothing piles up in the daemon either: it relays at the client's pace.
    expect(daemonPeak - daemonBefore).toBeLessThan(64 * 1024 * 1024);
  }, 300_000);

  test("a missing path is NotFound, an unreadable one PermissionDenied, each named", async () => {
    const missing = await connectErrorOf(openWatch("no/such/dir", true));
    expect(missing.code).toBe(Code.NotFound);
    expect(missing.rawMessage).toContain("/workspace/no/such/dir");
    const closed = await connectErrorOf(openWatch("/root", false));
    expect(closed.code).toBe(Code.PermissionDenied);
    expect(closed.rawMessage).toContain("/root");
  });

  test("a link as path is followed as the shell would; events name the path as given", async () => {
    await sh("mkdir -p /workspace/real && ln -sfn /workspace/real /workspace/link");
    const w = await openWatch("link", false);
    try {
      await sh("touch /workspace/real/through");
      await w.until(is(WatchEventKind.CREATED, "/workspace/link/through"));
    } finally {
      w.close();
    }
  });

  test("the REST route streams the events as server-sent events", async () => {
    const abort = new AbortController();
    const res = await fetch(`${d.url}/v1/sessions/${sessionId}/watch?path=rest&recursive=true`, {
      headers: { authorization: `Bearer ${d.apiKey}` },
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    let wrote = false;
    const events = await readSse(res, (e) => {
      if (e.event === "ready" && !wrote) {
        wrote = true;
        void sh("touch /workspace/rest/hello");
      }
      return e.event === "created";
    });
    abort.abort();
    expect(events.map((e) => e.event)).toEqual(["ready", "created"]);
    expect(events[1]?.data).toMatchObject({ path: "/workspace/rest/hello", is_dir: false });
  });

  test("the watch ends when its session ends", async () => {
    const other = (await api.sessions.createSession({ image: "base" })).session?.id ?? "";
    const w = await openWatch("", false, other);
    await api.sessions.destroySession({ id: other });
    await expect(w.next(20_000)).rejects.toThrow("the watch ended");
  }, 60_000);
});
