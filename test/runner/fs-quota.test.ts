import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Code } from "@connectrpc/connect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, expectConnectError, type FsHarness, streamOf } from "./fs-harness.js";

// The workspace quota the daemon puts on a write applies where the write
// lands: inside the workspace (links followed), not elsewhere.

const quota = (quotaBytes: number, usedBytes: number) => ({
  quotaBytes: BigInt(quotaBytes),
  usedBytes: BigInt(usedBytes),
});

describe("FsService writes with a workspace quota", () => {
  let h: FsHarness;
  beforeEach(() => {
    h = createHarness();
  });
  afterEach(() => h.cleanup());

  it("refuses a write past the room left, in the workspace API's words, leaving nothing", async () => {
    await expectConnectError(
      h.client.writeFile({
        path: "big.bin",
        content: new Uint8Array(11),
        workspaceQuota: quota(100, 90),
      }),
      Code.ResourceExhausted,
      `"${join(h.ws, "big.bin")}": more than the limit of 10 bytes`,
    );
    await h.client.writeFile({
      path: "fits.bin",
      content: new Uint8Array(10),
      workspaceQuota: quota(100, 90),
    });
    expect(readdirSync(h.ws)).toEqual(["fits.bin"]);
  });

  it("refuses any write into a full workspace before making anything", async () => {
    for (const used of [100, 150]) {
      await expectConnectError(
        h.client.writeFile({
          path: "new/dir/file",
          content: new Uint8Array(1),
          workspaceQuota: quota(100, used),
        }),
        Code.ResourceExhausted,
        `the workspace is full: it holds ${used} bytes of its 100 (workspace.max_size_mb)`,
      );
    }
    await expectConnectError(
      h.client.upload(
        streamOf({ path: "up", workspaceQuota: quota(100, 100) }, { data: new Uint8Array(1) }),
      ),
      Code.ResourceExhausted,
      /the workspace is full/,
    );
    expect(readdirSync(h.ws)).toEqual([]);
  });

  it("stops an upload once its data passes the room left", async () => {
    await expectConnectError(
      h.client.upload(
        streamOf(
          { path: "streamed", workspaceQuota: quota(100, 0), data: new Uint8Array(60) },
          { data: new Uint8Array(60) },
        ),
      ),
      Code.ResourceExhausted,
      /more than the limit of 100 bytes/,
    );
    expect(readdirSync(h.ws)).toEqual([]);
  });

  it("does not apply outside the workspace, nor through a link out of it", async () => {
    const full = quota(100, 100);
    const outside = join(h.root, "outside.bin");
    await h.client.writeFile({ path: outside, content: new Uint8Array(500), workspaceQuota: full });
    mkdirSync(join(h.root, "elsewhere"));
    symlinkSync(join(h.root, "elsewhere"), join(h.ws, "out-link"));
    await h.client.writeFile({
      path: "out-link/deep/x.bin",
      content: new Uint8Array(500),
      workspaceQuota: full,
    });
    expect(existsSync(join(h.root, "elsewhere/deep/x.bin"))).toBe(true);
  });

  it("applies through a link from outside into the workspace, also to parents still to be made", async () => {
    const full = quota(100, 100);
    symlinkSync(h.ws, join(h.root, "in-link"));
    writeFileSync(join(h.root, "dangling-target-marker"), "");
    symlinkSync(join(h.ws, "target.bin"), join(h.root, "dangling"));
    for (const path of [
      join(h.root, "in-link/a.bin"),
      join(h.root, "in-link/new/parents/a.bin"),
      join(h.root, "dangling"),
    ]) {
      await expectConnectError(
        h.client.writeFile({ path, content: new Uint8Array(1), workspaceQuota: full }),
        Code.ResourceExhausted,
        /the workspace is full/,
      );
    }
    expect(readdirSync(h.ws)).toEqual([]);
  });

  it("without a quota, writes are not limited", async () => {
    await h.client.writeFile({ path: "free.bin", content: new Uint8Array(1000) });
    expect(readdirSync(h.ws)).toEqual(["free.bin"]);
  });
});
