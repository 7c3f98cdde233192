import { randomBytes } from "node:crypto";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { onTestFinished } from "vitest";
import { SessionStatus } from "../../gen/sandkasten/v1/session_pb.js";
import { WorkspaceService } from "../../gen/sandkasten/v1/workspace_pb.js";
import { collect, configFor, runCli, spawnCli, unusedUrl, waitFor } from "../support/cli.js";
import { describe, expect, test } from "../support/fixtures.js";
import type { TestDaemon } from "../support/test-daemon.js";

/**
 * The CLI's session commands (exec, rm, ps, workspaces) against a real
 * daemon and real containers. The daemon is found in each of the three ways:
 * flags, SANDKASTEN_URL / SANDKASTEN_API_KEY, and the config file.
 */

const flags = (d: TestDaemon) => ["--url", d.url, "--api-key", d.apiKey];
const envFor = (d: TestDaemon) => ({ SANDKASTEN_URL: d.url, SANDKASTEN_API_KEY: d.apiKey });

function workspaceClient(d: TestDaemon) {
  const transport = createGrpcTransport({
    baseUrl: d.url,
    interceptors: [
      (next) => (req) => {
        req.header.set("authorization", `Bearer ${d.apiKey}`);
        return next(req);
      },
    ],
  });
  return createClient(WorkspaceService, transport);
}

describe("sandkasten exec", () => {
  test("streams stdout and stderr to its own and exits with the command's exit code", async ({
    daemon,
    session,
  }) => {
    const r = await runCli([
      "exec",
      ...flags(daemon),
      session.id,
      "echo out; echo err >&2; (exit 7)",
    ]);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 7,
      stdout: "out\n",
      stderr: "err\n",
    });
  });

  test("runs in the session's persistent shell; words after the ID, options too, are the command", async ({
    daemon,
    session,
  }) => {
    const env = envFor(daemon);
    expect((await runCli(["exec", session.id, "cd /tmp && export MARK=kept"], { env })).code).toBe(
      0,
    );
    const r = await runCli(
      ["exec", session.id, "printf '%s|'", "$PWD", "$MARK", "--help", "-c", "x"],
      {
        env,
      },
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("/tmp|kept|--help|-c|x|");
    expect(r.code).toBe(0);
  });

  test("prints output while the command still runs", async ({ daemon, session }) => {
    const child = spawnCli([
      "exec",
      ...flags(daemon),
      session.id,
      "echo first; sleep 5; echo second",
    ]);
    const out = collect(child);
    onTestFinished(() => {
      if (child.exitCode === null) child.kill();
    });
    await waitFor(() => out.stdout() === "first\n", "the first line");
    expect(child.exitCode).toBeNull();
    const r = await out.exited;
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 0, stdout: "first\nsecond\n" });
  });

  test("--timeout stops the command: exit code 124 and a note on stderr; the shell lives on", async ({
    daemon,
    session,
  }) => {
    const r = await runCli(["exec", ...flags(daemon), "--timeout", "300", session.id, "sleep 30"]);
    expect(r.code).toBe(124);
    // (Before it, the shell may say it killed the command.)
    expect(r.stderr).toMatch(/(^|\n)sandkasten exec: timed out after \d+ ms\n$/);
    const after = await runCli(["exec", ...flags(daemon), session.id, "echo alive"]);
    expect({ code: after.code, stdout: after.stdout }).toEqual({ code: 0, stdout: "alive\n" });
  });

  test("an unknown session, a wrong key and an absent daemon each fail with exit code 1 and one line", async ({
    daemon,
  }) => {
    const missing = await runCli(["exec", ...flags(daemon), "nosuchsession", "true"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^sandkasten exec: not_found: .*nosuchsession.*\n$/);

    const wrongKey = await runCli([
      "exec",
      "--url",
      daemon.url,
      "--api-key",
      "sk-wrong",
      "x",
      "true",
    ]);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toMatch(/^sandkasten exec: unauthenticated: /);

    const nobody = await unusedUrl();
    const absent = await runCli(["exec", "--url", nobody, "x", "true"]);
    expect(absent.code).toBe(1);
    expect(absent.stderr).toContain(`sandkasten exec: the daemon is not answering at ${nobody} (`);
    expect(absent.stderr).toContain("start it with 'sandkasten daemon -d'");
  });
});

describe("sandkasten rm and ps", () => {
  test("rm destroys each session it is given, prints their ids, and fails for the unknown one", async ({
    daemon,
    api,
  }) => {
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { session } = await api.sessions.createSession({ image: "base" });
      ids.push(session?.id ?? "");
    }
    onTestFinished(async () => {
      for (const id of ids) await api.sessions.destroySession({ id }).catch(() => {});
    });
    const config = configFor(daemon);
    onTestFinished(() => config.remove());

    const listed = await runCli(["ps"], { cwd: config.dir });
    expect(listed.code).toBe(0);
    for (const id of ids)
      expect(listed.stdout).toMatch(new RegExp(`^${id} +sandbox-runtime:base +running`, "m"));

    const r = await runCli(["rm", ...ids, "nosuchsession"], { cwd: config.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${ids.join("\n")}\n`);
    expect(r.stderr).toMatch(/^sandkasten rm: nosuchsession: not_found: /);
    for (const id of ids) {
      const status = await api.sessions
        .getSession({ id })
        .then((s) => s.session?.status)
        .catch((err) => ConnectError.from(err).code);
      expect([SessionStatus.DESTROYED, Code.NotFound]).toContain(status);
    }
  });
});

describe("sandkasten workspaces", () => {
  test("lists workspaces with the sessions attached; rm refuses an attached one, --force deletes it", async ({
    daemon,
    api,
  }) => {
    const workspaceId = `cli-ws-${randomBytes(4).toString("hex")}`;
    const { session } = await api.sessions.createSession({ image: "base", workspaceId });
    const workspaces = workspaceClient(daemon);
    onTestFinished(async () => {
      await api.sessions.destroySession({ id: session?.id ?? "" }).catch(() => {});
      await workspaces.deleteWorkspace({ id: workspaceId, force: true }).catch(() => {});
    });
    const env = envFor(daemon);

    for (const args of [["workspaces"], ["workspaces", "list"]]) {
      const r = await runCli(args, { env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^ID +DRIVER +SIZE +SESSIONS +CREATED +LAST USED$/m);
      expect(r.stdout).toMatch(new RegExp(`^${workspaceId} +volume +.* ${session?.id} `, "m"));
    }

    const refused = await runCli(["workspaces", "rm", workspaceId], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(`^sandkasten workspaces rm: ${workspaceId}: failed_precondition: `),
    );

    const deleted = await runCli(["workspaces", "rm", "--force", workspaceId], { env });
    expect({ code: deleted.code, stdout: deleted.stdout }).toEqual({
      code: 0,
      stdout: `${workspaceId}\n`,
    });
    const after = await runCli(["workspaces"], { env });
    expect(after.stdout).not.toContain(workspaceId);
  });
});
