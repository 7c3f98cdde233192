import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@connectrpc/connect";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { expect } from "vitest";
import { FsService } from "../../gen/sandkasten/v1/fs_pb.js";
import { createFsService, type FsServiceOptions } from "../../runner/fs/service.js";

export interface FsHarness {
  /** Temporary root; the workspace is `${root}/ws` so that paths outside it can be tested. */
  root: string;
  ws: string;
  client: Client<typeof FsService>;
  cleanup(): void;
}

export function createHarness(options: Partial<FsServiceOptions> = {}): FsHarness {
  const root = mkdtempSync(join(tmpdir(), "sandkasten-fs-"));
  const ws = join(root, "ws");
  mkdirSync(ws);
  const transport = createRouterTransport(({ service }) => {
    service(
      FsService,
      createFsService({
        workspaceDir: ws,
        maxReadBytes: 16 << 20,
        maxListEntries: 10_000,
        ...options,
      }),
    );
  });
  return {
    root,
    ws,
    client: createClient(FsService, transport),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export async function expectConnectError(
  call: Promise<unknown> | (() => Promise<unknown>),
  code: Code,
  message?: string | RegExp,
): Promise<ConnectError> {
  let caught: unknown;
  try {
    await (typeof call === "function" ? call() : call);
  } catch (err) {
    caught = err;
  }
  expect(caught, "expected the call to fail").toBeInstanceOf(ConnectError);
  const err = caught as ConnectError;
  expect(Code[err.code], err.message).toBe(Code[code]);
  if (typeof message === "string") {
    expect(err.rawMessage).toBe(message);
  } else if (message !== undefined) {
    expect(err.rawMessage).toMatch(message);
  }
  return err;
}

/** Names in `dir` that look like leftovers of an atomic write. */
export function tempFilesIn(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith(".sandkasten-"));
}

/** Client-streaming calls take an AsyncIterable, not an array. */
export async function* streamOf<T>(...messages: T[]): AsyncGenerator<T> {
  yield* messages;
}

export async function collect(stream: AsyncIterable<{ data: Uint8Array }>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const res of stream) {
    chunks.push(res.data);
  }
  return chunks;
}
