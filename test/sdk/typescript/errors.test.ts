import { Code, ConnectError } from "@connectrpc/connect";
import {
  AuthenticationError,
  CancelledError,
  ConflictError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  ResourceExhaustedError,
  SandboxClient,
  SandkastenError,
  type Session,
  TimeoutError,
  toSandkastenError,
  UnavailableError,
} from "@sandkasten/client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TestDaemon } from "../../support/test-daemon.js";
import { closeSdkSession, openSdkSession, TRANSPORTS, type TransportName } from "./helpers.js";

// Failures arrive as typed errors carrying the server's message.

let daemon: TestDaemon;
let client: SandboxClient;
let session: Session;
beforeAll(async () => {
  ({ daemon, client, session } = await openSdkSession());
});
afterAll(() => closeSdkSession({ daemon, client, session }));

describe.each(Object.keys(TRANSPORTS) as TransportName[])("over %s", (name) => {
  test("a wrong API key is an AuthenticationError", async () => {
    const wrong = TRANSPORTS[name](daemon, "sk-wrong");
    try {
      const err = await wrong.listSessions().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuthenticationError);
      expect(err).toMatchObject({ code: "unauthenticated" });
      expect((err as Error).message).toMatch(/api key/i);
    } finally {
      wrong.close();
    }
  });

  test("a session that does not exist is a NotFoundError naming it", async () => {
    const c = TRANSPORTS[name](daemon);
    try {
      const err = await c.getSession("doesnotexist0").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err).toBeInstanceOf(SandkastenError);
      expect((err as Error).message).toBe("session doesnotexist0 not found");
    } finally {
      c.close();
    }
  });
});

test("a baseUrl that is not an http(s) URL is refused at once", () => {
  for (const baseUrl of ["127.0.0.1:8080", "", "ftp://host"]) {
    expect(() => new SandboxClient({ baseUrl })).toThrow(InvalidArgumentError);
  }
  expect(() => new SandboxClient({ baseUrl: "localhost:8080" })).toThrow(
    'baseUrl must be an http:// or https:// URL, e.g. "http://127.0.0.1:8080"; got "localhost:8080"',
  );
});

test("a missing file is a NotFoundError", async () => {
  await expect(session.readText("no/such/file")).rejects.toBeInstanceOf(NotFoundError);
});

test("an invalid field is an InvalidArgumentError naming it", async () => {
  const err = await client.createSession({ workspaceId: "Not Valid!" }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(InvalidArgumentError);
  expect((err as Error).message).toContain("workspace_id");
});

test("an image that is not allowed is refused with the allowed list", async () => {
  const err = await client.createSession({ image: "ubuntu:latest" }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(InvalidArgumentError);
  expect((err as Error).message).toContain('image "ubuntu:latest" is not allowed');
});

test("exec in a destroyed session is a ConflictError", async () => {
  const s = await client.createSession();
  await s.destroy();
  const err = await s.exec("echo").catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConflictError);
  expect((err as Error).message).toContain("destroyed");
});

test("an AbortSignal.timeout deadline is a TimeoutError, and the session stays usable", async () => {
  const err = await session
    .exec("sleep 30", { signal: AbortSignal.timeout(300) })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TimeoutError);
  expect(err).toMatchObject({ code: "deadline_exceeded" });
  const next = await session.exec("echo still here", { timeoutMs: 10_000 });
  expect(next.output).toBe("still here\n");
});

test("aborting a unary exec is a CancelledError", async () => {
  const abort = new AbortController();
  const running = session.exec("sleep 30", { signal: abort.signal });
  setTimeout(() => abort.abort(), 200);
  await expect(running).rejects.toBeInstanceOf(CancelledError);
  expect((await session.exec("echo ok", { timeoutMs: 10_000 })).output).toBe("ok\n");
});

test("every status code maps to its class, keeping the message and the cause", () => {
  const cases: [Code, new (...a: never[]) => SandkastenError][] = [
    [Code.NotFound, NotFoundError],
    [Code.Unauthenticated, AuthenticationError],
    [Code.PermissionDenied, PermissionDeniedError],
    [Code.InvalidArgument, InvalidArgumentError],
    [Code.DeadlineExceeded, TimeoutError],
    [Code.Canceled, CancelledError],
    [Code.Unavailable, UnavailableError],
    [Code.AlreadyExists, ConflictError],
    [Code.FailedPrecondition, ConflictError],
    [Code.Aborted, ConflictError],
    [Code.ResourceExhausted, ResourceExhaustedError],
    [Code.Internal, SandkastenError],
  ];
  for (const [code, type] of cases) {
    const cause = new ConnectError("what the server said", code);
    const err = toSandkastenError(cause);
    expect(err).toBeInstanceOf(type);
    expect(err.message).toBe("what the server said");
    expect(err.cause).toBe(cause);
  }
});
