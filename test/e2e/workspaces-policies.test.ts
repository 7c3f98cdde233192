import { Code, ConnectError } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { WORKSPACE_ID_RULE } from "../../src/workspaces/workspace-id.js";
import { expectCode } from "../support/connect-errors.js";
import { sessionRowCount } from "../support/engine.js";
import {
  DRIVERS,
  freshWorkspaceId,
  startWorkspaceDaemon,
  type WorkspaceDaemon,
} from "../support/workspace-daemon.js";
import {
  collect,
  newSession,
  rest,
  restRaw,
  sh,
  storageExists,
  text,
} from "../support/workspace-helpers.js";

/**
 * Who may attach a workspace and when: workspace.attach_policy (exclusive
 * or shared), workspace.enabled, and the one rule for workspace ids.
 */

describe.each(DRIVERS)("attach_policy exclusive (%s driver)", (driver) => {
  let d: WorkspaceDaemon;

  beforeAll(async () => {
    d = await startWorkspaceDaemon({ workspace: { driver, attach_policy: "exclusive" } });
  });

  afterAll(async () => {
    await d?.stop();
  });

  test("a second session on the same workspace is FailedPrecondition naming the first (REST 409); after the first is destroyed it works", async () => {
    const id = freshWorkspaceId("excl");
    const s1 = await newSession(d, id);
    await sh(d, s1, "echo first > /workspace/f.txt");
    const rows = await sessionRowCount(d);

    const err = await expectCode(
      d.api.sessions.createSession({ image: "base", workspaceId: id }),
      Code.FailedPrecondition,
    );
    expect(err.rawMessage).toContain(s1);
    expect(err.rawMessage).toContain("exclusive");
    const r = await rest(d, "POST", "/v1/sessions", { image: "base", workspace_id: id });
    expect(r.status).toBe(409);
    expect(r.json.error).toContain(s1);
    // Refused before anything was made: no session row, the first session unharmed.
    expect(await sessionRowCount(d)).toBe(rows);
    expect((await d.ws.getWorkspace({ id })).workspace?.sessionIds).toEqual([s1]);
    expect(await sh(d, s1, "cat /workspace/f.txt")).toBe("first\n");

    // A session without a workspace, or on another one, is not affected.
    const other = await newSession(d, freshWorkspaceId("excl-other"));
    const plain = await newSession(d);
    await d.api.sessions.destroySession({ id: other });
    await d.api.sessions.destroySession({ id: plain });

    await d.api.sessions.destroySession({ id: s1 });
    const s2 = await newSession(d, id);
    expect(await sh(d, s2, "cat /workspace/f.txt")).toBe("first\n");
    await d.api.sessions.destroySession({ id: s2 });
    await d.ws.deleteWorkspace({ id });
  });

  test("two CreateSession calls fired at once on the same workspace: exactly one succeeds", async () => {
    for (let round = 0; round < 3; round++) {
      const id = freshWorkspaceId("race");
      const results = await Promise.allSettled([
        d.api.sessions.createSession({ image: "base", workspaceId: id }),
        d.api.sessions.createSession({ image: "base", workspaceId: id }),
      ]);
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r) => r.status === "rejected");
      expect(won, `round ${round}`).toHaveLength(1);
      expect(lost).toHaveLength(1);
      const winner = won[0]?.status === "fulfilled" ? (won[0].value.session?.id ?? "") : "";
      const loss = ConnectError.from(lost[0]?.status === "rejected" ? lost[0].reason : undefined);
      expect(loss.code).toBe(Code.FailedPrecondition);
      expect(loss.rawMessage).toContain(winner);
      expect((await d.ws.getWorkspace({ id })).workspace?.sessionIds).toEqual([winner]);
      await d.api.sessions.destroySession({ id: winner });
      await d.ws.deleteWorkspace({ id });
    }
  });
});

describe.each(DRIVERS)("attach_policy shared (%s driver)", (driver) => {
  let d: WorkspaceDaemon;

  beforeAll(async () => {
    d = await startWorkspaceDaemon({ workspace: { driver, attach_policy: "shared" } });
  });

  afterAll(async () => {
    await d?.stop();
  });

  test("two sessions on one workspace at once both see each other's writes", async () => {
    const id = freshWorkspaceId("shared");
    const [a, b] = await Promise.all([
      d.api.sessions.createSession({ image: "base", workspaceId: id }),
      d.api.sessions.createSession({ image: "base", workspaceId: id }),
    ]);
    const s1 = a.session?.id ?? "";
    const s2 = b.session?.id ?? "";
    expect([...((await d.ws.getWorkspace({ id })).workspace?.sessionIds ?? [])].sort()).toEqual(
      [s1, s2].sort(),
    );
    await sh(d, s1, "echo from-1 > /workspace/one.txt");
    expect(await sh(d, s2, "cat /workspace/one.txt")).toBe("from-1\n");
    await sh(d, s2, "echo from-2 > /workspace/two.txt && echo appended >> one.txt");
    expect(await sh(d, s1, "cat /workspace/two.txt /workspace/one.txt")).toBe(
      "from-2\nfrom-1\nappended\n",
    );
    // The API sees the same files while both are attached.
    await d.ws.writeWorkspaceFile({ workspaceId: id, path: "three.txt", content: text("api\n") });
    expect(await sh(d, s1, "cat three.txt")).toBe("api\n");
    expect(await sh(d, s2, "cat three.txt")).toBe("api\n");

    await d.api.sessions.destroySession({ id: s1 });
    expect((await d.ws.getWorkspace({ id })).workspace?.sessionIds).toEqual([s2]);
    expect(await sh(d, s2, "ls")).toBe("one.txt\nthree.txt\ntwo.txt\n");
    await d.api.sessions.destroySession({ id: s2 });
    await d.ws.deleteWorkspace({ id });
  });
});

describe.each(DRIVERS)("workspace.enabled: false (%s driver)", (driver) => {
  let d: WorkspaceDaemon;

  beforeAll(async () => {
    d = await startWorkspaceDaemon({ workspace: { driver, enabled: false } });
  });

  afterAll(async () => {
    await d?.stop();
  });

  test("a session with workspace_id, listing workspaces and writing a workspace file are FailedPrecondition 'workspace not enabled'", async () => {
    const id = freshWorkspaceId("off");
    const rows = await sessionRowCount(d);
    const calls: [string, () => Promise<unknown>][] = [
      ["CreateSession", () => d.api.sessions.createSession({ image: "base", workspaceId: id })],
      ["ListWorkspaces", () => d.ws.listWorkspaces({})],
      [
        "WriteWorkspaceFile",
        () => d.ws.writeWorkspaceFile({ workspaceId: id, path: "a.txt", content: text("x") }),
      ],
      ["GetWorkspace", () => d.ws.getWorkspace({ id })],
      ["DeleteWorkspace", () => d.ws.deleteWorkspace({ id })],
      ["ReadWorkspaceFile", () => d.ws.readWorkspaceFile({ workspaceId: id, path: "a.txt" })],
      ["MakeWorkspaceDir", () => d.ws.makeWorkspaceDir({ workspaceId: id, path: "d" })],
      [
        "UploadWorkspaceFile",
        () =>
          d.ws.uploadWorkspaceFile(
            (async function* () {
              yield { workspaceId: id, path: "u.bin", data: text("x") };
            })(),
          ),
      ],
      [
        "ImportWorkspace",
        () =>
          d.ws.importWorkspace(
            (async function* () {
              yield { workspaceId: id, data: new Uint8Array(1024) };
            })(),
          ),
      ],
      ["ExportWorkspace", () => collect(d.ws.exportWorkspace({ workspaceId: id }))],
    ];
    for (const [name, call] of calls) {
      const err = await expectCode(call, Code.FailedPrecondition).catch((e: Error) => {
        throw new Error(`${name}: ${e.message}`);
      });
      expect(err.rawMessage, name).toContain("workspace not enabled");
    }
    for (const [method, path, body] of [
      ["POST", "/v1/sessions", { image: "base", workspace_id: id }],
      ["GET", "/v1/workspaces", undefined],
      ["POST", `/v1/workspaces/${id}/fs/write`, { path: "a.txt", text: "x" }],
      ["DELETE", `/v1/workspaces/${id}`, undefined],
    ] as const) {
      const r = await rest(d, method, path, body);
      expect(r.status, `${method} ${path}`).toBe(409);
      expect(r.json.error, `${method} ${path}`).toContain("workspace not enabled");
    }
    expect(await sessionRowCount(d)).toBe(rows);
    expect(await storageExists(d, driver, id)).toBe(false);

    // Sessions without a workspace still work.
    const s = await newSession(d);
    expect(await sh(d, s, "echo ok > /workspace/x && cat /workspace/x")).toBe("ok\n");
    await d.api.sessions.destroySession({ id: s });
  });
});

describe("workspace ids", () => {
  let d: WorkspaceDaemon;

  beforeAll(async () => {
    d = await startWorkspaceDaemon();
  });

  afterAll(async () => {
    await d?.stop();
  });

  const BAD = ["Bad", ".hidden", "a/b", "x".repeat(64), "..", "a b", "ü", "."];

  test("the rule itself: 63 characters, '_', '-' and inner '.' are fine", async () => {
    for (const id of [
      `${"a".repeat(62)}z`,
      "_under",
      "-dash",
      "9.digit.dots",
      freshWorkspaceId("ok"),
    ]) {
      await d.ws.writeWorkspaceFile({ workspaceId: id, path: "f", content: text(id) });
      expect((await d.ws.getWorkspace({ id })).workspace?.id).toBe(id);
      await d.ws.deleteWorkspace({ id });
    }
  });

  test("invalid ids are InvalidArgument stating the rule, over gRPC, for every call that takes one", async () => {
    const required = [...BAD, ""];
    for (const id of required) {
      const calls: [string, () => Promise<unknown>][] = [
        ["GetWorkspace", () => d.ws.getWorkspace({ id })],
        ["DeleteWorkspace", () => d.ws.deleteWorkspace({ id, force: true })],
        ["ListWorkspaceDir", () => d.ws.listWorkspaceDir({ workspaceId: id, path: "" })],
        ["StatWorkspacePath", () => d.ws.statWorkspacePath({ workspaceId: id, path: "a" })],
        ["ReadWorkspaceFile", () => d.ws.readWorkspaceFile({ workspaceId: id, path: "a" })],
        [
          "WriteWorkspaceFile",
          () => d.ws.writeWorkspaceFile({ workspaceId: id, path: "a", content: text("x") }),
        ],
        ["MakeWorkspaceDir", () => d.ws.makeWorkspaceDir({ workspaceId: id, path: "a" })],
        ["RemoveWorkspacePath", () => d.ws.removeWorkspacePath({ workspaceId: id, path: "a" })],
        [
          "DownloadWorkspaceFile",
          () => collect(d.ws.downloadWorkspaceFile({ workspaceId: id, path: "a" })),
        ],
        ["ExportWorkspace", () => collect(d.ws.exportWorkspace({ workspaceId: id }))],
      ];
      if (id !== "") {
        // CreateSession, UploadWorkspaceFile and ImportWorkspace take "" to mean none.
        calls.push(
          ["CreateSession", () => d.api.sessions.createSession({ image: "base", workspaceId: id })],
          [
            "UploadWorkspaceFile",
            () =>
              d.ws.uploadWorkspaceFile(
                (async function* () {
                  yield { workspaceId: id, path: "a", data: text("x") };
                })(),
              ),
          ],
          [
            "ImportWorkspace",
            () =>
              d.ws.importWorkspace(
                (async function* () {
                  yield { workspaceId: id, data: new Uint8Array(1024) };
                })(),
              ),
          ],
        );
      }
      for (const [name, call] of calls) {
        const what = `${name}(${JSON.stringify(id)})`;
        const err = await expectCode(call, Code.InvalidArgument).catch((e: Error) => {
          throw new Error(`${what}: ${e.message}`);
        });
        expect(err.rawMessage, what).toContain(WORKSPACE_ID_RULE);
      }
    }
    // A stream that names no workspace at all is refused too.
    for (const call of [
      () =>
        d.ws.uploadWorkspaceFile(
          (async function* () {
            yield { path: "a", data: text("x") };
          })(),
        ),
      () =>
        d.ws.importWorkspace(
          (async function* () {
            yield { data: new Uint8Array(1024) };
          })(),
        ),
    ]) {
      const err = await expectCode(call, Code.InvalidArgument);
      expect(err.rawMessage).toContain("workspace_id");
    }
    // Nothing was made for any of them.
    expect((await d.ws.listWorkspaces({})).workspaces).toEqual([]);
  });

  test("invalid ids are 400 over REST, stating the rule", async () => {
    const encoded = ["Bad", ".hidden", "a%2Fb", "x".repeat(64), "%2E%2E", ".."];
    for (const raw of encoded) {
      for (const [method, path, body] of [
        ["GET", `/v1/workspaces/${raw}`, undefined],
        ["DELETE", `/v1/workspaces/${raw}?force=true`, undefined],
        ["GET", `/v1/workspaces/${raw}/fs`, undefined],
        ["GET", `/v1/workspaces/${raw}/fs/read?path=a`, undefined],
        ["POST", `/v1/workspaces/${raw}/fs/write`, { path: "a", text: "x" }],
        ["POST", `/v1/workspaces/${raw}/fs/mkdir`, { path: "a" }],
        ["DELETE", `/v1/workspaces/${raw}/fs?path=a`, undefined],
        ["GET", `/v1/workspaces/${raw}/archive`, undefined],
      ] as const) {
        const r = await restRaw(d, method, path, body);
        expect(r.status, `${method} ${path}`).toBe(400);
        expect(r.json.error, `${method} ${path}`).toContain(WORKSPACE_ID_RULE);
      }
    }
    for (const id of BAD) {
      const r = await rest(d, "POST", "/v1/sessions", { image: "base", workspace_id: id });
      expect(r.status, id).toBe(400);
      expect(r.json.error, id).toContain(WORKSPACE_ID_RULE);
    }
    expect((await d.ws.listWorkspaces({})).workspaces).toEqual([]);
  });
});
