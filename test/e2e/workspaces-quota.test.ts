import { randomBytes } from "node:crypto";
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectCode } from "../support/connect-errors.js";
import {
  DRIVERS,
  freshWorkspaceId,
  startWorkspaceDaemon,
  type WorkspaceDaemon,
} from "../support/workspace-daemon.js";
import { newSession, rest, sh } from "../support/workspace-helpers.js";
import { tarArchive } from "../support/workspace-tar.js";

/**
 * workspace.max_size_mb bounds what the API may write into a workspace. A
 * session is not stopped by it, but the workspace then reports itself over
 * quota and the API refuses to add more.
 */

const MiB = 1024 * 1024;

describe.each(DRIVERS)("workspace quota, max_size_mb: 1 (%s driver)", (driver) => {
  let d: WorkspaceDaemon;

  beforeAll(async () => {
    d = await startWorkspaceDaemon({ workspace: { driver, max_size_mb: 1 } });
  });

  afterAll(async () => {
    await d?.stop();
  });

  /** Every name in the workspace, hidden temporaries included. */
  async function allNames(id: string): Promise<string[]> {
    const s = await newSession(d, id);
    const out = await sh(d, s, "cd /workspace && find . -mindepth 1 | sort");
    await d.api.sessions.destroySession({ id: s });
    return out.split("\n").filter(Boolean);
  }

  test("an API write that would pass 1 MiB is ResourceExhausted (REST 413) and leaves nothing partial", async () => {
    const id = freshWorkspaceId("quota");
    // One write larger than the quota into an empty workspace.
    const tooBig = randomBytes(MiB + 1);
    const err = await expectCode(
      d.ws.writeWorkspaceFile({ workspaceId: id, path: "big.bin", content: tooBig }),
      Code.ResourceExhausted,
    );
    expect(err.rawMessage).toMatch(/limit of 1048576 bytes/);
    await expectCode(d.ws.statWorkspacePath({ workspaceId: id, path: "big.bin" }), Code.NotFound);

    // Fill most of it, then one write that would pass the rest.
    const first = randomBytes(600 * 1024);
    await d.ws.writeWorkspaceFile({ workspaceId: id, path: "first.bin", content: first });
    const second = randomBytes(600 * 1024);
    await expectCode(
      d.ws.writeWorkspaceFile({ workspaceId: id, path: "second.bin", content: second }),
      Code.ResourceExhausted,
    );
    const viaRest = await rest(d, "POST", `/v1/workspaces/${id}/fs/write`, {
      path: "second.bin",
      content_base64: second.toString("base64"),
    });
    expect(viaRest.status).toBe(413);
    expect(viaRest.json.error).toMatch(/limit of \d+ bytes/);
    // Streamed upload: refused once the data passes the room left.
    await expectCode(
      d.ws.uploadWorkspaceFile(
        (async function* () {
          yield { workspaceId: id, path: "streamed.bin" };
          for (let i = 0; i < 8; i++) yield { data: randomBytes(128 * 1024) };
        })(),
      ),
      Code.ResourceExhausted,
    );
    const form = new FormData();
    form.append("file", new Blob([second]), "multi.bin");
    expect((await rest(d, "POST", `/v1/workspaces/${id}/fs/upload`, form)).status).toBe(413);
    // An archive holding too much.
    const archive = tarArchive([{ name: "in-tar.bin", content: second }]);
    await expectCode(
      d.ws.importWorkspace(
        (async function* () {
          yield { workspaceId: id, data: archive };
        })(),
      ),
      Code.ResourceExhausted,
    );
    // Refused while the archive is still arriving, several times over: each
    // answer must come, and the connection must stay usable for the next.
    for (let i = 0; i < 3; i++) {
      const big = tarArchive([{ name: `big-${i}.bin`, content: randomBytes(MiB + 200_000) }]);
      const r = await rest(d, "POST", `/v1/workspaces/${id}/archive`, big);
      expect(r.status).toBe(413);
      expect(r.json.error).toMatch(/more than the limit/);
    }

    // Only the first file, whole; no temporary or partial file anywhere.
    const w = (await d.ws.getWorkspace({ id })).workspace;
    expect(w?.sizeBytes).toBe(BigInt(first.length));
    expect(w?.quotaBytes).toBe(BigInt(MiB));
    expect(w?.overQuota).toBe(false);
    expect(await allNames(id)).toEqual(["./first.bin"]);
    const back = await d.ws.readWorkspaceFile({ workspaceId: id, path: "first.bin" });
    expect(Buffer.from(back.content).equals(first)).toBe(true);

    // What still fits is written.
    await d.ws.writeWorkspaceFile({
      workspaceId: id,
      path: "fits.bin",
      content: randomBytes(400 * 1024),
    });
    await d.ws.deleteWorkspace({ id });
  });

  test("a session's file writes into /workspace obey the quota as the workspace API does (413); writes elsewhere do not", async () => {
    const id = freshWorkspaceId("sessq");
    const s = await newSession(d, id);
    const tooBig = randomBytes(MiB + 1);
    const err = await expectCode(
      d.api.fs.writeFile({ sessionId: s, path: "big.bin", content: tooBig }),
      Code.ResourceExhausted,
    );
    expect(err.rawMessage).toMatch(/limit of 1048576 bytes/);
    // The quota is the daemon's to set: a client's own value is replaced.
    await expectCode(
      d.api.fs.writeFile({
        sessionId: s,
        path: "big.bin",
        content: tooBig,
        workspaceQuota: { quotaBytes: 1n << 40n, usedBytes: 0n },
      }),
      Code.ResourceExhausted,
    );

    const first = randomBytes(600 * 1024);
    await d.api.fs.writeFile({ sessionId: s, path: "first.bin", content: first });
    const second = randomBytes(600 * 1024);
    await expectCode(
      d.api.fs.writeFile({ sessionId: s, path: "/workspace/second.bin", content: second }),
      Code.ResourceExhausted,
    );
    const viaRest = await rest(d, "POST", `/v1/sessions/${s}/fs/write`, {
      path: "second.bin",
      content_base64: second.toString("base64"),
    });
    expect(viaRest.status).toBe(413);
    expect(viaRest.json.error).toMatch(/limit of \d+ bytes/);
    await expectCode(
      d.api.fs.upload(
        (async function* () {
          yield { sessionId: s, path: "streamed.bin" };
          for (let i = 0; i < 8; i++) yield { data: randomBytes(128 * 1024) };
        })(),
      ),
      Code.ResourceExhausted,
    );
    const form = new FormData();
    form.append("file", new Blob([second]), "multi.bin");
    expect((await rest(d, "POST", `/v1/sessions/${s}/fs/upload`, form)).status).toBe(413);

    // Only what lands in /workspace counts: links are followed first.
    await sh(d, s, "ln -s /tmp /workspace/tmp-link && ln -s /workspace /tmp/ws-link");
    await d.api.fs.writeFile({ sessionId: s, path: "/tmp/big.bin", content: second });
    await d.api.fs.writeFile({ sessionId: s, path: "tmp-link/other.bin", content: second });
    await expectCode(
      d.api.fs.writeFile({ sessionId: s, path: "/tmp/ws-link/new/sneaky.bin", content: second }),
      Code.ResourceExhausted,
    );
    expect(await sh(d, s, "ls -A /workspace")).toBe("first.bin\ntmp-link\n");

    // Full: the session's writes and the workspace API's say the same.
    await sh(d, s, "head -c 500000 /dev/zero > /workspace/fill");
    const full = await expectCode(
      d.api.fs.writeFile({ sessionId: s, path: "one", content: new Uint8Array(1) }),
      Code.ResourceExhausted,
    );
    const apiFull = await expectCode(
      d.ws.writeWorkspaceFile({ workspaceId: id, path: "one", content: new Uint8Array(1) }),
      Code.ResourceExhausted,
    );
    expect(full.rawMessage).toBe(apiFull.rawMessage);
    expect(full.rawMessage).toMatch(/^the workspace is full: /);
    expect(
      (await rest(d, "POST", `/v1/sessions/${s}/fs/write`, { path: "x", text: "x" })).status,
    ).toBe(413);
    await d.api.fs.writeFile({
      sessionId: s,
      path: "/tmp/still-fine",
      content: new Uint8Array(10),
    });
    // Making a directory stores no bytes.
    await d.api.fs.makeDir({ sessionId: s, path: "empty-dir" });
    expect(await sh(d, s, "ls -A /workspace")).toBe("empty-dir\nfill\nfirst.bin\ntmp-link\n");
    await d.api.sessions.destroySession({ id: s });
    await d.ws.deleteWorkspace({ id });
  });

  test("a session can write past the quota; the workspace then reports over_quota and the API refuses further writes", async () => {
    const id = freshWorkspaceId("overq");
    const s = await newSession(d, id);
    await sh(d, s, "dd if=/dev/zero of=/workspace/big bs=1M count=2 status=none && sync");
    const w = (await d.ws.getWorkspace({ id })).workspace;
    expect(w?.sizeBytes).toBe(BigInt(2 * MiB));
    expect(w?.quotaBytes).toBe(BigInt(MiB));
    expect(w?.overQuota).toBe(true);
    expect(w?.sizeBytes ?? 0n).toBeGreaterThan(w?.quotaBytes ?? 0n);
    const listed = (await rest(d, "GET", "/v1/workspaces")).json.workspaces.find(
      (x: { id: string }) => x.id === id,
    );
    expect(listed).toMatchObject({ over_quota: true, size_bytes: 2 * MiB, quota_bytes: MiB });

    const err = await expectCode(
      d.ws.writeWorkspaceFile({ workspaceId: id, path: "one-byte", content: new Uint8Array(1) }),
      Code.ResourceExhausted,
    );
    expect(err.rawMessage).toContain("full");
    const r = await rest(d, "POST", `/v1/workspaces/${id}/fs/write`, { path: "tiny", text: "x" });
    expect(r.status).toBe(413);
    await expectCode(
      d.ws.uploadWorkspaceFile(
        (async function* () {
          yield { workspaceId: id, path: "up", data: new Uint8Array(1) };
        })(),
      ),
      Code.ResourceExhausted,
    );
    expect(await sh(d, s, "ls -A /workspace")).toBe("big\n");

    // Once the session frees space, the API may write again.
    await sh(d, s, "rm /workspace/big");
    await d.ws.writeWorkspaceFile({ workspaceId: id, path: "again", content: new Uint8Array(10) });
    expect((await d.ws.getWorkspace({ id })).workspace?.overQuota).toBe(false);
    await d.api.sessions.destroySession({ id: s });
    await d.ws.deleteWorkspace({ id });
  });
});
