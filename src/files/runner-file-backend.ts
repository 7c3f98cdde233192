import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import type { CallOptions as RpcOptions } from "@connectrpc/connect";
import {
  DownloadResponseSchema,
  ListDirResponseSchema,
  MakeDirResponseSchema,
  ReadFileResponseSchema,
  RemoveResponseSchema,
  StatResponseSchema,
  UploadResponseSchema,
  WriteFileResponseSchema,
} from "../../gen/sandkasten/v1/fs_pb.js";
import type { AppContext } from "../context.js";
import { DomainError } from "../errors/domain-error.js";
import { callRunner } from "../runner-client/call-runner.js";
import { checkRunnerAnswer } from "../runner-client/check-answer.js";
import type { RunnerClient } from "../runner-client/runner-client.js";
import type {
  CallOptions,
  FileBackend,
  FileContent,
  FileEntry,
  FilePath,
  Listing,
  WrittenFile,
} from "./file-backend.js";
import { pathFields, runnerEntry } from "./runner-fields.js";
import { sessionWorkspaceQuota } from "./session-workspace-quota.js";
import { uploadMessages } from "./upload-messages.js";

/** Deadline for one unary file call to a runner. */
const FS_CALL_TIMEOUT_MS = 60_000;

/**
 * A session's files, through its runner's FsService. The runner lives in the
 * sandbox: every answer is checked against the contract before it is used.
 */
export class RunnerFileBackend implements FileBackend {
  constructor(
    private readonly ctx: Pick<AppContext, "sessions" | "workspaces">,
    private readonly sessionId: string,
  ) {}

  async read(path: FilePath, o: CallOptions & { maxBytes?: number }): Promise<FileContent> {
    // Zero asks the runner for its maximum, the same as the daemon's.
    const { maxBytes = 0 } = o;
    const read = await this.unary(ReadFileResponseSchema, o, (fs, options) =>
      fs.readFile({ ...pathFields(path), maxBytes: BigInt(maxBytes) }, options),
    );
    return { path: read.path, content: read.content, size: read.size, truncated: read.truncated };
  }

  async write(
    path: FilePath,
    content: Uint8Array,
    o: CallOptions & { mode?: number },
  ): Promise<WrittenFile> {
    const workspaceQuota = await sessionWorkspaceQuota(this.ctx, this.sessionId);
    const written = await this.unary(WriteFileResponseSchema, o, (fs, options) =>
      fs.writeFile({ ...pathFields(path), content, mode: o.mode ?? 0, workspaceQuota }, options),
    );
    return { path: written.path, size: written.size };
  }

  async upload(
    path: FilePath,
    data: AsyncIterable<Uint8Array>,
    o: CallOptions,
  ): Promise<WrittenFile> {
    const runner = await this.ctx.sessions.runner(this.sessionId);
    const workspaceQuota = await sessionWorkspaceQuota(this.ctx, this.sessionId);
    try {
      const written = await runner.fs.upload(uploadMessages(path, workspaceQuota, data), {
        signal: o.signal,
      });
      checkRunnerAnswer(UploadResponseSchema, written);
      return { path: written.path, size: written.size };
    } catch (err) {
      throw await this.ctx.sessions.runnerFailed(this.sessionId, err);
    }
  }

  async *download(path: FilePath, o: CallOptions): AsyncGenerator<Uint8Array> {
    const runner = await this.ctx.sessions.runner(this.sessionId);
    try {
      for await (const chunk of runner.fs.download(pathFields(path), { signal: o.signal })) {
        checkRunnerAnswer(DownloadResponseSchema, chunk);
        yield chunk.data;
      }
    } catch (err) {
      throw await this.ctx.sessions.runnerFailed(this.sessionId, err);
    }
  }

  async list(path: FilePath, o: CallOptions): Promise<Listing> {
    const listing = await this.unary(ListDirResponseSchema, o, (fs, options) =>
      fs.listDir(pathFields(path), options),
    );
    return {
      path: listing.path,
      entries: listing.entries.map(runnerEntry),
      truncated: listing.truncated,
    };
  }

  async stat(path: FilePath, o: CallOptions): Promise<FileEntry> {
    const { info } = await this.unary(StatResponseSchema, o, (fs, options) =>
      fs.stat(pathFields(path), options),
    );
    if (!info) throw new DomainError("internal", "the runner sent a StatResponse without info");
    return runnerEntry(info);
  }

  async makeDir(path: FilePath, o: CallOptions & { parents: boolean }): Promise<{ path: string }> {
    const made = await this.unary(MakeDirResponseSchema, o, (fs, options) =>
      fs.makeDir({ ...pathFields(path), parents: o.parents }, options),
    );
    return { path: made.path };
  }

  async remove(path: FilePath, o: CallOptions & { recursive: boolean }): Promise<void> {
    await this.unary(RemoveResponseSchema, o, (fs, options) =>
      fs.remove({ ...pathFields(path), recursive: o.recursive }, options),
    );
  }

  /** One unary call, its answer checked as untrusted input. */
  private async unary<D extends DescMessage>(
    schema: D,
    o: CallOptions,
    call: (fs: RunnerClient["fs"], options: RpcOptions) => Promise<MessageShape<D>>,
  ): Promise<MessageShape<D>> {
    const answer = await callRunner(this.ctx, this.sessionId, (runner) =>
      call(runner.fs, { signal: o.signal, timeoutMs: FS_CALL_TIMEOUT_MS }),
    );
    checkRunnerAnswer(schema, answer);
    return answer;
  }
}
