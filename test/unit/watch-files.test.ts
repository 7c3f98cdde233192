import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, test } from "vitest";
import { WatchEventKind } from "../../gen/sandkasten/v1/watch_pb.js";
import { watchEvent } from "../../runner/watch/watch-event.js";
import { type WatcherLine, watcherLines } from "../../runner/watch/watcher-lines.js";
import { sessionContainerSpec } from "../../src/docker/container-spec.js";

async function linesOf(chunks: Buffer[]): Promise<WatcherLine[]> {
  const out: WatcherLine[] = [];
  for await (const line of watcherLines(Readable.from(chunks))) out.push(line);
  return out;
}

describe("the runner's reading of native/watcher", () => {
  test("a line and a character split between chunks arrive whole", async () => {
    const text = Buffer.from('{"k":"created","p":"/workspace/ä"}\n{"k":"ready"}\n');
    const cut = text.indexOf("ä") + 1; // inside the two bytes of ä
    const lines = await linesOf([text.subarray(0, cut), text.subarray(cut)]);
    expect(lines).toEqual([{ k: "created", p: "/workspace/ä" }, { k: "ready" }]);
  });

  test("a line that is not JSON is an internal error, not a crash", async () => {
    await expect(linesOf([Buffer.from("nonsense\n")])).rejects.toThrow("not JSON");
  });

  test("a start error names the path with its code", () => {
    let err: ConnectError | undefined;
    try {
      watchEvent({ k: "error", e: "ENOENT", m: "stat: no such file" }, "/workspace/x");
    } catch (e) {
      err = ConnectError.from(e);
    }
    expect(err?.code).toBe(Code.NotFound);
    expect(err?.rawMessage).toContain("/workspace/x");
  });

  test("a rename keeps both paths", () => {
    const e = watchEvent({ k: "renamed", p: "/w/b", o: "/w/a" }, "/w");
    expect(e).toMatchObject({ kind: WatchEventKind.RENAMED, path: "/w/b", oldPath: "/w/a" });
  });
});

describe("the session container's file watch helper", () => {
  const spec = (ptyhost: string) =>
    sessionContainerSpec({
      instance: "t",
      sessionId: "s",
      image: "i",
      env: {},
      cpuLimit: 1,
      memLimitMb: 256,
      pidsLimit: 64,
      networkMode: "none",
      readonlyRootfs: false,
      socketDir: "/tmp/sock",
      runnerNode: "/x/node",
      runnerBundle: "/x/runner.mjs",
      runnerPtyhost: ptyhost,
    });
  const watcherTargets = (ptyhost: string) =>
    (spec(ptyhost).HostConfig?.Mounts ?? []).filter((m) => m.Target === "/opt/sandkasten/watcher");

  test("is mounted from beside ptyhost when it is there, and left out when not", () => {
    const dir = mkdtempSync("/tmp/skt-watch-spec-");
    try {
      expect(watcherTargets(join(dir, "ptyhost"))).toEqual([]);
      writeFileSync(join(dir, "watcher"), "");
      expect(watcherTargets(join(dir, "ptyhost"))).toEqual([
        {
          Type: "bind",
          Source: join(dir, "watcher"),
          Target: "/opt/sandkasten/watcher",
          ReadOnly: true,
        },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
