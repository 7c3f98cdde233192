import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Code, ConnectError } from "@connectrpc/connect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toConnectError } from "../../runner/fs/errors.js";
import { createHarness, expectConnectError, type FsHarness, streamOf } from "./fs-harness.js";

function errno(code: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`${code}: secret detail, open '/etc/shadow'`);
  err.code = code;
  return err;
}

describe("toConnectError", () => {
  it.each([
    ["ENOENT", Code.NotFound, "no such file or directory"],
    ["EACCES", Code.PermissionDenied, "permission denied"],
    ["EPERM", Code.PermissionDenied, "operation not permitted"],
    ["EROFS", Code.FailedPrecondition, "read-only file system"],
    ["EEXIST", Code.AlreadyExists, "file exists"],
    ["EISDIR", Code.FailedPrecondition, "is a directory"],
    ["ENOTDIR", Code.FailedPrecondition, "not a directory"],
    ["ENOTEMPTY", Code.FailedPrecondition, "directory not empty"],
    ["EBUSY", Code.FailedPrecondition, "device or resource busy"],
    ["EXDEV", Code.FailedPrecondition, "invalid cross-device link"],
    ["ELOOP", Code.FailedPrecondition, "too many levels of symbolic links"],
    ["ENAMETOOLONG", Code.InvalidArgument, "file name too long"],
    ["EINVAL", Code.InvalidArgument, "invalid argument"],
    ["ENOSPC", Code.ResourceExhausted, "no space left on device"],
    ["EDQUOT", Code.ResourceExhausted, "disk quota exceeded"],
    ["EFBIG", Code.ResourceExhausted, "file too large"],
    ["EMLINK", Code.ResourceExhausted, "too many links"],
    ["EMFILE", Code.ResourceExhausted, "too many open files"],
  ])("maps %s to code %d naming the path", (code, expected, text) => {
    const err = toConnectError(errno(code), "/workspace/x");
    expect(Code[err.code]).toBe(Code[expected]);
    expect(err.rawMessage).toBe(`${text}: /workspace/x`);
  });

  it("maps anything else to Internal without leaking the original message", () => {
    for (const cause of [errno("EIO"), new TypeError("boom at secret.ts:12"), "string"]) {
      const err = toConnectError(cause, "/workspace/x");
      expect(Code[err.code]).toBe(Code[Code.Internal]);
      expect(err.rawMessage).toMatch(/^file operation failed( \(EIO\))?: \/workspace\/x$/);
      expect(err.rawMessage).not.toMatch(/secret|boom/);
      expect(err.cause).toBe(cause);
    }
  });

  it("passes a ConnectError through", () => {
    const original = new ConnectError("already mapped", Code.Aborted);
    expect(toConnectError(original, "/x")).toBe(original);
  });
});

const canDropPrivileges = process.getuid?.() === 0 && typeof process.seteuid === "function";

describe("PermissionDenied from the filesystem", () => {
  let h: FsHarness;
  beforeEach(() => {
    h = createHarness();
    chmodSync(h.root, 0o755);
    chmodSync(h.ws, 0o755);
  });
  afterEach(() => {
    if (canDropPrivileges) {
      process.seteuid?.(0);
    }
    h.cleanup();
  });

  /** Runs `fn` with the runner's situation: real uid 0, effective uid of an unprivileged user. */
  async function unprivileged<T>(fn: () => Promise<T>): Promise<T> {
    if (!canDropPrivileges) {
      return fn();
    }
    process.seteuid?.(65534);
    try {
      return await fn();
    } finally {
      process.seteuid?.(0);
    }
  }

  it("maps EACCES on read, write, mkdir and remove", async () => {
    mkdirSync(join(h.ws, "locked"));
    writeFileSync(join(h.ws, "locked/file"), "x");
    writeFileSync(join(h.ws, "unreadable"), "x");
    writeFileSync(join(h.ws, "readonly"), "x");
    chmodSync(join(h.ws, "unreadable"), 0o000);
    chmodSync(join(h.ws, "readonly"), 0o444);
    chmodSync(join(h.ws, "locked"), 0o555);

    await unprivileged(async () => {
      await expectConnectError(
        h.client.readFile({ path: "unreadable" }),
        Code.PermissionDenied,
        `permission denied: ${join(h.ws, "unreadable")}`,
      );
      await expectConnectError(
        h.client.writeFile({ path: "locked/new", content: new Uint8Array([1]) }),
        Code.PermissionDenied,
        `permission denied: ${join(h.ws, "locked/new")}`,
      );
      await expectConnectError(
        h.client.writeFile({ path: "readonly", content: new Uint8Array([1]) }),
        Code.PermissionDenied,
        `permission denied: ${join(h.ws, "readonly")}`,
      );
      await expectConnectError(h.client.makeDir({ path: "locked/sub" }), Code.PermissionDenied);
      await expectConnectError(h.client.remove({ path: "locked/file" }), Code.PermissionDenied);
      await expectConnectError(
        h.client.upload(streamOf({ path: "locked/up", data: new Uint8Array([1]) })),
        Code.PermissionDenied,
      );
    });
  });
});
