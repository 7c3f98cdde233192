import { existsSync } from "node:fs";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { SessionStatus } from "../../gen/sandkasten/v1/session_pb.js";
import { clientsFor } from "../support/clients.js";
import { expectCode } from "../support/connect-errors.js";
import { containerExists, containerIdOf, engine, sessionVolumes } from "../support/engine.js";
import { describe, expect, run, test } from "../support/fixtures.js";
import { dataPath, startTestDaemon } from "../support/test-daemon.js";

/**
 * SessionService against the real daemon and engine: what CreateSession
 * accepts and refuses, what Get and List report, and that Destroy leaves
 * nothing behind.
 */

const ALLOWED = "sandbox-runtime:base, sandbox-runtime:python, sandbox-runtime:node";

describe("CreateSession images", () => {
  const cases = [
    {
      image: "base",
      reference: "sandbox-runtime:base",
      probe: "command -v python3 node; bash --version | head -1",
    },
    { image: "python", reference: "sandbox-runtime:python", probe: "python3 -c 'print(6*7)'" },
    { image: "node", reference: "sandbox-runtime:node", probe: "node -e 'console.log(6*7)'" },
    {
      image: "sandbox-runtime:python",
      reference: "sandbox-runtime:python",
      probe: "python3 -c 'print(6*7)'",
    },
  ];
  for (const c of cases) {
    test(`"${c.image}" runs ${c.reference}`, async ({ daemon, api }) => {
      const { session } = await api.sessions.createSession({ image: c.image });
      if (!session) throw new Error("no session");
      try {
        expect(session.image).toBe(c.reference);
        expect(session.status).toBe(SessionStatus.RUNNING);
        const inspected = await engine
          .getContainer(await containerIdOf(daemon, session.id))
          .inspect();
        expect(inspected.Config.Image).toBe(c.reference);
        const probe = await run(api, session.id, c.probe);
        if (c.image === "base") {
          // No python3 or node in the base image: `command -v` prints nothing for them.
          expect(probe.output).toMatch(/^GNU bash/);
        } else {
          expect(probe.output).toBe("42\n");
        }
      } finally {
        await api.sessions.destroySession({ id: session.id });
      }
    });
  }

  test("an empty image means the configured default image", async ({ api }) => {
    const { session } = await api.sessions.createSession({});
    try {
      expect(session?.image).toBe("sandbox-runtime:base");
    } finally {
      await api.sessions.destroySession({ id: session?.id ?? "" });
    }
  });

  test("an image not in allowed_images is InvalidArgument naming the allowed ones, and nothing is created", async ({
    api,
  }) => {
    const before = (await api.sessions.listSessions({})).sessions.length;
    for (const image of ["ubuntu:22.04", "sandbox-runtime:latest", "alpine"]) {
      const err = await expectCode(api.sessions.createSession({ image }), Code.InvalidArgument);
      expect(err.rawMessage).toContain(`image "${image}" is not allowed`);
      expect(err.rawMessage).toContain(ALLOWED);
      expect(err.rawMessage).toMatch(/short names: base, python, node/);
    }
    expect((await api.sessions.listSessions({})).sessions.length).toBe(before);
  });

  test("a daemon with a narrower allowed_images refuses the others, short names included", async () => {
    const narrow = await startTestDaemon({
      allowed_images: ["sandbox-runtime:python"],
      default_image: "sandbox-runtime:python",
    });
    try {
      const api = clientsFor(narrow);
      const err = await expectCode(
        api.sessions.createSession({ image: "base" }),
        Code.InvalidArgument,
      );
      expect(err.rawMessage).toContain(
        'image "base" is not allowed; allowed: sandbox-runtime:python',
      );
      const { session } = await api.sessions.createSession({});
      expect(session?.image).toBe("sandbox-runtime:python");
    } finally {
      await narrow.stop();
    }
  });
});

describe("CreateSession limits and ttl", () => {
  const overMax = [
    {
      limits: { cpuLimit: 4.5 },
      field: "limits.cpu_limit must be at most 4 (limits_max.cpu_limit)",
    },
    {
      limits: { memLimitMb: 4097 },
      field: "limits.mem_limit_mb must be at most 4096 (limits_max.mem_limit_mb)",
    },
    {
      limits: { pidsLimit: 1025 },
      field: "limits.pids_limit must be at most 1024 (limits_max.pids_limit)",
    },
    { limits: { memLimitMb: 16 }, field: "limits.mem_limit_mb must be at least 32" },
    { limits: { pidsLimit: 8 }, field: "limits.pids_limit must be at least 16" },
  ];
  for (const c of overMax) {
    test(`limits ${JSON.stringify(c.limits)} are InvalidArgument naming the field`, async ({
      api,
    }) => {
      const err = await expectCode(
        api.sessions.createSession({ image: "base", limits: c.limits }),
        Code.InvalidArgument,
      );
      expect(err.rawMessage).toContain(c.field);
    });
  }

  test("limits past the contract's own bounds are refused by validation, naming the field", async ({
    api,
  }) => {
    const err = await expectCode(
      api.sessions.createSession({ image: "base", limits: { cpuLimit: 65 } }),
      Code.InvalidArgument,
    );
    expect(err.rawMessage).toMatch(/limits\.cpu_limit/);
  });

  test("ttl_seconds over max_ttl_seconds is InvalidArgument naming both", async ({ api }) => {
    const err = await expectCode(
      api.sessions.createSession({ image: "base", ttlSeconds: 86_401 }),
      Code.InvalidArgument,
    );
    expect(err.rawMessage).toBe("ttl_seconds must be at most 86400 (max_ttl_seconds)");
  });

  test("a ttl within the maximum sets expires_at to ttl after the session became ready", async ({
    api,
  }) => {
    const { session } = await api.sessions.createSession({ image: "base", ttlSeconds: 86_400 });
    try {
      if (!session?.createdAt || !session.expiresAt) throw new Error("no timestamps");
      const lifetime = timestampMs(session.expiresAt) - timestampMs(session.createdAt);
      expect(lifetime).toBeGreaterThanOrEqual(86_400_000);
      expect(lifetime).toBeLessThan(86_400_000 + 30_000);
    } finally {
      await api.sessions.destroySession({ id: session?.id ?? "" });
    }
  });
});

describe("CreateSession env", () => {
  test("env variables are visible in the shell exactly, spaces, newlines and unicode included", async ({
    api,
  }) => {
    const env = {
      GREETING: "hello world",
      MULTI: "line1\nline2",
      UNICODE: "äöü €",
      EMPTY: "",
      PATH_LIKE: "/a:/b",
    };
    const { session } = await api.sessions.createSession({ image: "base", env });
    try {
      const id = session?.id ?? "";
      for (const [k, v] of Object.entries(env)) {
        expect((await run(api, id, `printf '%s' "$${k}"`)).output, k).toBe(v);
      }
      expect((await run(api, id, "test -v EMPTY && echo set")).output).toBe("set\n");
    } finally {
      await api.sessions.destroySession({ id: session?.id ?? "" });
    }
  });

  test("env variables cannot configure the runner: SANDKASTEN_UID=0 still gives a uid 1000 shell, NODE_OPTIONS does not break it", async ({
    api,
  }) => {
    const env = {
      SANDKASTEN_UID: "0",
      SANDKASTEN_SOCKET_DIR: "/tmp",
      NODE_OPTIONS: "--require /nonexistent.js",
    };
    const { session } = await api.sessions.createSession({ image: "base", env });
    try {
      const id = session?.id ?? "";
      expect((await run(api, id, "id -u")).output).toBe("1000\n");
      // The shell still gets them as ordinary variables.
      expect((await run(api, id, 'printf "%s|%s" "$SANDKASTEN_UID" "$NODE_OPTIONS"')).output).toBe(
        "0|--require /nonexistent.js",
      );
    } finally {
      await api.sessions.destroySession({ id: session?.id ?? "" });
    }
  });
});

describe("GetSession and ListSessions", () => {
  test("a session object carries id, image, status, cwd (updated after cd), workspace_id and timestamps", async ({
    api,
    session,
  }) => {
    const t0 = Date.now();
    const got = (await api.sessions.getSession({ id: session.id })).session;
    expect(got).toMatchObject({
      id: session.id,
      image: "sandbox-runtime:base",
      status: SessionStatus.RUNNING,
      cwd: "/workspace",
      workspaceId: "",
      statusReason: "",
    });
    expect(got?.id).toMatch(/^s[a-z0-9]{19}$/);
    expect(got?.containerId).toMatch(/^[0-9a-f]{64}$/);
    if (!got?.createdAt || !got.expiresAt) throw new Error("no timestamps");
    expect(timestampMs(got.createdAt)).toBeLessThanOrEqual(t0);
    expect(timestampMs(got.createdAt)).toBeGreaterThan(t0 - 60_000);
    const lifetime = timestampMs(got.expiresAt) - timestampMs(got.createdAt);
    expect(lifetime).toBeGreaterThanOrEqual(1800 * 1000);
    expect(lifetime).toBeLessThan(1800 * 1000 + 30_000);
    await run(api, session.id, "mkdir -p /tmp/elsewhere && cd /tmp/elsewhere");
    const after = (await api.sessions.getSession({ id: session.id })).session;
    expect(after?.cwd).toBe("/tmp/elsewhere");
    if (!after?.lastActivity) throw new Error("no last_activity");
    expect(timestampMs(after.lastActivity)).toBeGreaterThanOrEqual(t0);
  });

  test("GetSession of an unknown id is NotFound; a malformed id is InvalidArgument", async ({
    api,
  }) => {
    await expectCode(api.sessions.getSession({ id: "sdoesnotexist0000000" }), Code.NotFound);
    await expectCode(api.sessions.getSession({ id: "../etc" }), Code.InvalidArgument);
  });

  test("ListSessions lists live sessions and leaves out destroyed ones", async ({ api }) => {
    const a = (await api.sessions.createSession({ image: "base" })).session?.id ?? "";
    const b = (await api.sessions.createSession({ image: "base" })).session?.id ?? "";
    try {
      let ids = (await api.sessions.listSessions({})).sessions.map((s) => s.id);
      expect(ids).toContain(a);
      expect(ids).toContain(b);
      await api.sessions.destroySession({ id: a });
      const listed = (await api.sessions.listSessions({})).sessions;
      ids = listed.map((s) => s.id);
      expect(ids).not.toContain(a);
      expect(ids).toContain(b);
      expect(listed.every((s) => s.status !== SessionStatus.DESTROYED)).toBe(true);
      // Still there to Get, as destroyed.
      expect((await api.sessions.getSession({ id: a })).session?.status).toBe(
        SessionStatus.DESTROYED,
      );
    } finally {
      await api.sessions.destroySession({ id: a });
      await api.sessions.destroySession({ id: b });
    }
  });
});

describe("DestroySession", () => {
  test("removes the container, its anonymous /workspace volume and the host socket directory", async ({
    daemon,
    api,
  }) => {
    const id = (await api.sessions.createSession({ image: "base" })).session?.id ?? "";
    const containerId = await containerIdOf(daemon, id);
    const socketDir = dataPath(daemon, "sessions", id);
    await run(api, id, "echo data > /workspace/f");
    // Before: all three exist, so that "gone" below means something.
    expect(await containerExists(containerId)).toBe(true);
    const volumes = await sessionVolumes(id);
    expect(volumes).toHaveLength(1);
    const inspected = await engine.getContainer(containerId).inspect();
    expect(inspected.Mounts.find((m) => m.Destination === "/workspace")?.Name).toBe(volumes[0]);
    expect(existsSync(socketDir)).toBe(true);

    await api.sessions.destroySession({ id });
    expect(await containerExists(containerId)).toBe(false);
    expect(await sessionVolumes(id)).toEqual([]);
    expect(existsSync(socketDir)).toBe(false);
    const after = (await api.sessions.getSession({ id })).session;
    expect(after?.status).toBe(SessionStatus.DESTROYED);
    expect(after?.statusReason).toBe("destroyed on request");
  });

  test("destroying twice is fine; an exec after destroy is FailedPrecondition; an unknown id is NotFound", async ({
    api,
  }) => {
    const id = (await api.sessions.createSession({ image: "base" })).session?.id ?? "";
    await api.sessions.destroySession({ id });
    await api.sessions.destroySession({ id });
    const err = await expectCode(run(api, id, "echo hi"), Code.FailedPrecondition);
    expect(err.rawMessage).toContain(`session ${id} is destroyed`);
    await expectCode(api.fs.readFile({ sessionId: id, path: "x" }), Code.FailedPrecondition);
    await expectCode(api.sessions.destroySession({ id: "sdoesnotexist0000000" }), Code.NotFound);
  });
});
