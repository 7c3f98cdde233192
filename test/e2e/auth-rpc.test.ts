import type { DescMethod, DescService } from "@bufbuild/protobuf";
import { Code, createClient } from "@connectrpc/connect";
import { ExecService } from "../../gen/sandkasten/v1/exec_pb.js";
import { FsService } from "../../gen/sandkasten/v1/fs_pb.js";
import { SessionService, SessionStatus } from "../../gen/sandkasten/v1/session_pb.js";
import { transportWithAuthorization } from "../support/auth-transports.js";
import { type Protocol, transportFor } from "../support/clients.js";
import { codeName, failureOf } from "../support/connect-errors.js";
import { sessionRowCount } from "../support/engine.js";
import { describe, expect, run, test } from "../support/fixtures.js";
import type { TestDaemon } from "../support/test-daemon.js";

/**
 * Every RPC of every service wants the API key, over gRPC, Connect and
 * gRPC-Web alike. The requests name a live session and real paths, so an
 * RPC that skipped the check would act.
 */

const SERVICES: DescService[] = [SessionService, ExecService, FsService];
const PROTOCOLS: Protocol[] = ["grpc", "connect", "grpc-web"];
const BAD_AUTHORIZATIONS: [string, string | undefined][] = [
  ["no header", undefined],
  ["a wrong key", "Bearer sk-wrong"],
  ["a 1-character key", "Bearer x"],
  ["a 1000-character key", `Bearer ${"k".repeat(1000)}`],
  ["an empty bearer", "Bearer "],
  ["the key without the scheme", "KEY"],
];

function requestFor(method: DescMethod, sessionId: string): Record<string, unknown> {
  const common = { id: sessionId, sessionId, image: "base" };
  switch (method.localName) {
    case "exec":
    case "execStream":
      return { ...common, cmd: "touch /workspace/unauthenticated" };
    case "writeFile":
      return { ...common, path: "unauthenticated", content: new Uint8Array([1]) };
    case "remove":
      return { ...common, path: "/workspace/keep", recursive: true };
    case "makeDir":
      return { ...common, path: "unauthenticated-dir" };
    default:
      return { ...common, path: "/etc/passwd" };
  }
}

/** Calls one RPC of any kind with `authorization` and returns how it failed (or throws if it did not). */
async function callWith(
  d: TestDaemon,
  protocol: Protocol,
  authorization: string | undefined,
  method: DescMethod,
  sessionId: string,
) {
  const transport = transportWithAuthorization(
    d,
    protocol,
    authorization?.replace("KEY", d.apiKey),
  );
  // biome-ignore lint/suspicious/noExplicitAny: one generic call for every method of every service
  const client = createClient(method.parent, transport) as any;
  const fn = client[method.localName];
  const request = requestFor(method, sessionId);
  return failureOf(async () => {
    switch (method.methodKind) {
      case "unary":
        return fn(request);
      case "server_streaming":
        for await (const _ of fn(request)) {
          // draining
        }
        return;
      case "client_streaming":
        return fn(
          (async function* () {
            yield { sessionId, path: "unauthenticated-upload" };
            yield { data: new Uint8Array([1, 2, 3]) };
          })(),
        );
      default:
        throw new Error(`no bidi methods expected: ${method.name}`);
    }
  });
}

describe("RPC authentication on the real daemon", () => {
  test("the services have the methods this test expects", () => {
    const names = SERVICES.flatMap((s) => s.methods.map((m) => `${s.name}.${m.name}`));
    expect(names).toHaveLength(17);
    expect(names).toContain("FsService.Upload");
    expect(names).toContain("ExecService.ExecStream");
  });

  for (const protocol of PROTOCOLS) {
    test(`${protocol}: every RPC is Unauthenticated without a key, with a wrong one, and with keys of odd lengths`, async ({
      daemon,
      api,
      session,
    }) => {
      await run(api, session.id, "touch /workspace/keep");
      const rowsBefore = await sessionRowCount(daemon);
      for (const service of SERVICES) {
        for (const method of service.methods) {
          for (const [what, authorization] of BAD_AUTHORIZATIONS) {
            const err = await callWith(daemon, protocol, authorization, method, session.id);
            expect(codeName(err.code), `${service.name}.${method.name} with ${what}`).toBe(
              "Unauthenticated",
            );
            expect(err.rawMessage).toBe(
              "missing or invalid API key: send 'Authorization: Bearer <key>'",
            );
          }
        }
      }
      // None of them acted.
      expect((await api.sessions.getSession({ id: session.id })).session?.status).toBe(
        SessionStatus.RUNNING,
      );
      expect((await run(api, session.id, "ls -A /workspace")).output).toBe("keep\n");
      expect(await sessionRowCount(daemon)).toBe(rowsBefore);
    });

    test(`${protocol}: the right key works`, async ({ daemon, session }) => {
      const client = createClient(SessionService, transportFor(daemon, protocol, daemon.apiKey));
      const got = await client.getSession({ id: session.id });
      expect(got.session?.id).toBe(session.id);
      const exec = createClient(ExecService, transportFor(daemon, protocol, daemon.apiKey));
      expect((await exec.exec({ sessionId: session.id, cmd: "echo ok" })).output).toBe("ok\n");
    });
  }

  test("after all those refusals the daemon still serves", async ({ daemon, api, session }) => {
    expect((await fetch(`${daemon.url}/healthz`)).status).toBe(200);
    expect((await run(api, session.id, "echo fine")).output).toBe("fine\n");
    const noKey = createClient(
      SessionService,
      transportWithAuthorization(daemon, "grpc", undefined),
    );
    const err = await failureOf(noKey.listSessions({}));
    expect(err.code).toBe(Code.Unauthenticated);
  });
});
