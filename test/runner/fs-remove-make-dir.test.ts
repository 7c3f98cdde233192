import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Code } from "@connectrpc/connect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, expectConnectError, type FsHarness } from "./fs-harness.js";

describe("FsService.Remove", () => {
  let h: FsHarness;
  beforeEach(() => {
    h = createHarness();
  });
  afterEach(() => h.cleanup());

  it("removes a file and an empty directory", async () => {
    writeFileSync(join(h.ws, "f"), "");
    mkdirSync(join(h.ws, "d"));
    await h.client.remove({ path: "f" });
    await h.client.remove({ path: join(h.ws, "d") });
    expect(existsSync(join(h.ws, "f"))).toBe(false);
    expect(existsSync(join(h.ws, "d"))).toBe(false);
  });

  it("needs recursive for a non-empty directory", async () => {
    mkdirSync(join(h.ws, "d/e"), { recursive: true });
    writeFileSync(join(h.ws, "d/e/f"), "");
    await expectConnectError(
      h.client.remove({ path: "d" }),
      Code.FailedPrecondition,
      `directory not empty: ${join(h.ws, "d")} (set recursive)`,
    );
    expect(existsSync(join(h.ws, "d/e/f"))).toBe(true);
    await h.client.remove({ path: "d", recursive: true });
    expect(existsSync(join(h.ws, "d"))).toBe(false);
  });

  it("removes a symlink, not its target", async () => {
    mkdirSync(join(h.ws, "target"));
    writeFileSync(join(h.ws, "target/keep"), "k");
    symlinkSync("target", join(h.ws, "link"));
    await h.client.remove({ path: "link", recursive: true });
    expect(existsSync(join(h.ws, "link"))).toBe(false);
    expect(readFileSync(join(h.ws, "target/keep"), "utf8")).toBe("k");
  });

  it("maps a missing path to NotFound", async () => {
    await expectConnectError(
      h.client.remove({ path: "ghost" }),
      Code.NotFound,
      `no such file or directory: ${join(h.ws, "ghost")}`,
    );
  });

  it("refuses to remove the workspace, its ancestors and /", async () => {
    writeFileSync(join(h.ws, "keep"), "");
    for (const path of [".", h.ws, `${h.ws}/`, "sub/..", "..", dirname(h.root), "/", "/.."]) {
      for (const recursive of [false, true]) {
        await expectConnectError(
          h.client.remove({ path, recursive }),
          Code.FailedPrecondition,
          /^refusing to remove the workspace or an ancestor: /,
        );
      }
    }
    expect(existsSync(join(h.ws, "keep"))).toBe(true);
  });

  it("refuses to remove the workspace reached through a symlinked parent", async () => {
    symlinkSync(h.root, join(h.ws, "root-link"));
    await expectConnectError(
      h.client.remove({ path: "root-link/ws", recursive: true }),
      Code.FailedPrecondition,
    );
    expect(existsSync(h.ws)).toBe(true);
  });
});

describe("FsService.MakeDir", () => {
  let h: FsHarness;
  beforeEach(() => {
    h = createHarness();
  });
  afterEach(() => h.cleanup());

  it("creates one directory and returns its absolute path", async () => {
    const res = await h.client.makeDir({ path: "new" });
    expect(res.path).toBe(join(h.ws, "new"));
    expect(statSync(join(h.ws, "new")).isDirectory()).toBe(true);
  });

  it("without parents: AlreadyExists when present, NotFound for a missing parent", async () => {
    mkdirSync(join(h.ws, "there"));
    await expectConnectError(
      h.client.makeDir({ path: "there" }),
      Code.AlreadyExists,
      `file exists: ${join(h.ws, "there")}`,
    );
    await expectConnectError(
      h.client.makeDir({ path: "a/b/c" }),
      Code.NotFound,
      `no such file or directory: ${join(h.ws, "a/b/c")}`,
    );
  });

  it("with parents: creates the chain and accepts an existing directory", async () => {
    const res = await h.client.makeDir({ path: "a/b/c", parents: true });
    expect(res.path).toBe(join(h.ws, "a/b/c"));
    expect(statSync(join(h.ws, "a/b/c")).isDirectory()).toBe(true);
    await h.client.makeDir({ path: "a/b/c", parents: true });
    await h.client.makeDir({ path: "a", parents: true });
  });

  it("with parents: a file in the way is AlreadyExists or FailedPrecondition", async () => {
    writeFileSync(join(h.ws, "file"), "");
    await expectConnectError(
      h.client.makeDir({ path: "file", parents: true }),
      Code.AlreadyExists,
      `file exists: ${join(h.ws, "file")}`,
    );
    await expectConnectError(
      h.client.makeDir({ path: "file/sub", parents: true }),
      Code.FailedPrecondition,
      `not a directory: ${join(h.ws, "file/sub")}`,
    );
  });
});
