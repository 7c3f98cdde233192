import {
  Code,
  ConnectError,
  createClient,
  createRouterTransport,
  type ServiceImpl,
} from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { FsService, type UploadRequest } from "../../gen/sandkasten/v1/fs_pb.js";
import type { AppContext } from "../../src/context.js";
import { DomainError } from "../../src/errors/domain-error.js";
import { RunnerFileBackend } from "../../src/files/runner-file-backend.js";

// A session's files through a runner that answers in memory.

function backendOn(fs: Partial<ServiceImpl<typeof FsService>>) {
  const runner = {
    fs: createClient(
      FsService,
      createRouterTransport((r) => r.service(FsService, fs)),
    ),
  };
  const failed: unknown[] = [];
  const ctx = {
    sessions: {
      runner: async () => runner,
      runnerFailed: async (_id: string, err: unknown) => {
        failed.push(err);
        return err;
      },
      get: async () => ({ workspace_id: "ws1" }),
    },
    workspaces: { usage: async () => ({ usedBytes: 10, quotaBytes: 100 }) },
  } as unknown as Pick<AppContext, "sessions" | "workspaces">;
  return { files: new RunnerFileBackend(ctx, "s1"), failed };
}

async function* chunks(...texts: string[]): AsyncGenerator<Uint8Array> {
  for (const t of texts) yield Buffer.from(t);
}

describe("RunnerFileBackend", () => {
  it("writes with the workspace's quota as the daemon sees it, and a bytes path as path_bytes", async () => {
    let seen: { path: string; pathBytes: Uint8Array; quota?: bigint[]; mode: number } | undefined;
    const { files } = backendOn({
      writeFile(req) {
        const q = req.workspaceQuota;
        seen = {
          path: req.path,
          pathBytes: req.pathBytes,
          quota: q && [q.quotaBytes, q.usedBytes],
          mode: req.mode,
        };
        return { path: "/workspace/x", size: BigInt(req.content.length) };
      },
    });
    const name = Uint8Array.from([0x78, 0xff]);
    const written = await files.write(name, Buffer.from("abc"), { mode: 0o600 });
    expect(written).toEqual({ path: "/workspace/x", size: 3n });
    expect(seen).toEqual({ path: "", pathBytes: name, quota: [100n, 10n], mode: 0o600 });
  });

  it("uploads the path and the quota first, then the data as it comes", async () => {
    const messages: UploadRequest[] = [];
    const { files } = backendOn({
      async upload(requests) {
        for await (const m of requests) messages.push(m);
        return { path: "/workspace/up", size: 5n };
      },
    });
    await files.upload("up", chunks("ab", "cde"), {});
    expect(
      messages.map((m) => [m.path, m.workspaceQuota?.quotaBytes, Buffer.from(m.data).toString()]),
    ).toEqual([
      ["up", 100n, ""],
      ["", undefined, "ab"],
      ["", undefined, "cde"],
    ]);
  });

  it("passes a runner's error on as the runner sent it, told to the session's health check", async () => {
    const gone = new ConnectError("no such file", Code.NotFound);
    const { files, failed } = backendOn({
      readFile() {
        throw gone;
      },
    });
    const err = await files.read("missing", {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.NotFound);
    expect(failed).toHaveLength(1);
  });

  it("refuses a stat answer without the file's info", async () => {
    const { files } = backendOn({ stat: () => ({}) });
    const err = await files.stat("x", {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).kind).toBe("internal");
  });
});
