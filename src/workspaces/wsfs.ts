import { spawn } from "node:child_process";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { DomainError, type DomainErrorKind } from "../errors/domain-error.js";

/**
 * The confined file helper (native/wsfs): one process per operation, every
 * path resolved through Go's os.Root inside one workspace, as the sandbox
 * user. Its errors come back as one JSON line on stderr. Callers give path
 * arguments as base64 (see WorkspaceFiles).
 */
export interface WsfsOptions {
  binary: string;
  uid: number;
  gid: number;
}

// The helper's error codes.
const KINDS: Record<string, DomainErrorKind> = {
  not_found: "not_found",
  permission_denied: "permission_denied",
  already_exists: "already_exists",
  failed_precondition: "failed_precondition",
  invalid_argument: "invalid",
  resource_exhausted: "exhausted",
  internal: "internal",
};

const MAX_JSON_BYTES = 64 * 1024 * 1024;
const MAX_STDERR_BYTES = 64 * 1024;

export class Wsfs {
  constructor(private readonly o: WsfsOptions) {}

  /** An operation that answers one JSON document. */
  async json<T>(
    root: string,
    op: string,
    args: string[],
    stdin?: AsyncIterable<Uint8Array>,
    signal?: AbortSignal,
    to?: string,
  ): Promise<T> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.stream(root, op, args, stdin, signal, to)) {
      size += chunk.length;
      if (size > MAX_JSON_BYTES) throw new DomainError("internal", `wsfs ${op}: answer too large`);
      chunks.push(chunk);
    }
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as T;
  }

  /**
   * Runs one operation and yields its stdout as it comes, at the consumer's
   * pace. Input, when given, is fed with back-pressure. A consumer that stops
   * early or an aborted signal ends the helper with SIGTERM, which makes it
   * drop what it was writing. `to` names the second tree of an operation
   * between two (copy-tree, diff).
   */
  async *stream(
    root: string,
    op: string,
    args: string[],
    stdin?: AsyncIterable<Uint8Array>,
    signal?: AbortSignal,
    to?: string,
  ): AsyncGenerator<Buffer> {
    const child = spawn(
      this.o.binary,
      // Path arguments go as base64: a name need not be valid UTF-8.
      [
        ...["--uid", `${this.o.uid}`, "--gid", `${this.o.gid}`, "--paths", "base64"],
        ...(to === undefined ? [] : ["--to", to]),
        root,
        op,
        ...args,
      ],
      {
        stdio: [stdin ? "pipe" : "ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      if (stderr.length < MAX_STDERR_BYTES) stderr += chunk.toString("utf8");
    });
    const exited = once(child, "close") as Promise<[number | null, NodeJS.Signals | null]>;
    let finished = false;
    const stop = () => {
      if (!finished) child.kill("SIGTERM");
    };
    signal?.addEventListener("abort", stop, { once: true });
    const feeding = stdin ? feed(child.stdin as Writable, stdin).catch(stop) : undefined;
    try {
      for await (const chunk of child.stdout as AsyncIterable<Buffer>) yield chunk;
      const [code] = await exited;
      finished = true;
      if (signal?.aborted) throw new DomainError("canceled", "canceled");
      // A helper that failed (a limit, a bad path) answers now, not once
      // the caller has sent the rest of its input.
      if (code !== 0) throw helperError(op, stderr);
      await feeding;
    } finally {
      signal?.removeEventListener("abort", stop);
      stop();
    }
  }
}

/** Feeds the helper's stdin; stops when the helper closed it (it exited). */
async function feed(into: Writable, from: AsyncIterable<Uint8Array>): Promise<void> {
  into.on("error", () => {});
  for await (const chunk of from) {
    if (into.destroyed) return;
    // A write to a pipe that just closed never drains: wait for either.
    if (!into.write(chunk) && !into.destroyed) await drainOrClose(into);
  }
  into.end();
}

function drainOrClose(into: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      into.off("drain", done);
      into.off("close", done);
      resolve();
    };
    into.on("drain", done);
    into.on("close", done);
  });
}

function helperError(op: string, stderr: string): DomainError {
  try {
    const e = JSON.parse(stderr.trim().split("\n").pop() ?? "") as {
      code?: string;
      message?: string;
    };
    return new DomainError(KINDS[e.code ?? ""] ?? "internal", e.message ?? `wsfs ${op} failed`);
  } catch {
    return new DomainError("internal", `workspace file operation ${op} failed`);
  }
}
