import { inspectSessionContainer } from "../support/engine.js";
import { describe, expect, run, test } from "../support/fixtures.js";

/** The runner's pid: docker-init's command line names runner.mjs too, but not first. */
const RUNNER_PID = "pgrep -f '^/opt/sandkasten/node /opt/sandkasten/runner.mjs'";

/**
 * What every session container is, checked from the engine's side (inspect)
 * and from the shell's side (what the kernel says about the process).
 */
describe("the session container", () => {
  test("the root filesystem is read-only; the runner's files too", async ({ api, session }) => {
    const r = await run(
      api,
      session.id,
      "touch /usr/x; echo rc=$?; touch /opt/sandkasten/runner.mjs; echo rc=$?",
    );
    expect(r.output).toMatch(/touch: cannot touch '\/usr\/x': Read-only file system\nrc=1\n/);
    expect(r.output).toMatch(
      /cannot touch '\/opt\/sandkasten\/runner.mjs': (Read-only file system|Permission denied)\nrc=1\n$/,
    );
  });

  test("the shell has no capabilities at all and no_new_privs", async ({ api, session }) => {
    const r = await run(
      api,
      session.id,
      "grep -E '^(CapInh|CapPrm|CapEff|CapAmb|NoNewPrivs)' /proc/self/status",
    );
    const status = Object.fromEntries(
      r.output
        .trim()
        .split("\n")
        .map((l) => l.split(":\t")),
    );
    expect(status).toEqual({
      CapInh: "0000000000000000",
      CapPrm: "0000000000000000",
      CapEff: "0000000000000000",
      CapAmb: "0000000000000000",
      NoNewPrivs: "1",
    });
  });

  test("the shell is uid/gid 1000 with no supplementary groups", async ({ api, session }) => {
    const r = await run(
      api,
      session.id,
      "id -u; id -g; id -G; grep -E '^(Uid|Gid|Groups):' /proc/self/status",
    );
    // The kernel ends the Groups line with a space on some versions.
    expect(r.output.replace(/[ \t]+\n/g, "\n")).toBe(
      "1000\n1000\n1000\nUid:\t1000\t1000\t1000\t1000\nGid:\t1000\t1000\t1000\t1000\nGroups:\n",
    );
  });

  test("the network is none: only lo", async ({ daemon, api, session }) => {
    expect((await run(api, session.id, "ls /sys/class/net")).output).toBe("lo\n");
    const { HostConfig, Config } = await inspectSessionContainer(daemon, session.id);
    expect(HostConfig.NetworkMode).toBe("none");
    expect((Config as { NetworkDisabled?: boolean }).NetworkDisabled).toBe(true);
  });

  test("/workspace, /tmp and the home directory are writable; /tmp and home are tmpfs", async ({
    api,
    session,
  }) => {
    const r = await run(
      api,
      session.id,
      "touch /workspace/w /tmp/t /home/sandbox/h && echo writable; stat -f -c %T /tmp /home/sandbox; echo $HOME",
    );
    expect(r.output).toBe("writable\ntmpfs\ntmpfs\n/home/sandbox\n");
  });

  test("the engine has the labels, init, dropped capabilities, no-new-privileges and a read-only root on record", async ({
    daemon,
    session,
  }) => {
    const info = await inspectSessionContainer(daemon, session.id);
    expect(info.Config.Labels).toMatchObject({
      "sandkasten.managed": "true",
      "sandkasten.instance": daemon.daemon.ctx.config.instance,
      "sandkasten.session": session.id,
    });
    expect(info.Name).toBe(`/sandkasten-${session.id}`);
    expect(info.HostConfig.Init).toBe(true);
    expect(info.HostConfig.Privileged).toBe(false);
    expect(info.HostConfig.ReadonlyRootfs).toBe(true);
    expect(info.HostConfig.CapDrop).toEqual(["ALL"]);
    expect([...(info.HostConfig.CapAdd ?? [])].sort()).toEqual(["SETGID", "SETUID"]);
    expect(info.HostConfig.SecurityOpt).toContain("no-new-privileges");
    expect(info.HostConfig.RestartPolicy?.Name).toBe("no");
    const mounts = Object.fromEntries(info.Mounts.map((m) => [m.Destination, m]));
    expect(mounts["/opt/sandkasten/node"]?.RW).toBe(false);
    expect(mounts["/opt/sandkasten/runner.mjs"]?.RW).toBe(false);
    expect(mounts["/run/sandkasten"]?.Source).toBe(`${daemon.dataDir}/sessions/${session.id}`);
    expect(mounts["/workspace"]?.Type).toBe("volume");
  });

  test("pid 1 is docker's init, the runner runs under it, and the shell under the runner", async ({
    api,
    session,
  }) => {
    const r = await run(
      api,
      session.id,
      `cat /proc/1/comm; ps -o ppid= -p $(${RUNNER_PID}); ps -o ppid= -p $$`,
    );
    const [init, runnerParent, shellParent] = r.output
      .trim()
      .split("\n")
      .map((l) => l.trim());
    expect(init).toBe("docker-init");
    expect(runnerParent).toBe("1");
    const runnerPid = (await run(api, session.id, RUNNER_PID)).output.trim();
    expect(shellParent).toBe(runnerPid);
  });

  for (const image of ["python", "node"]) {
    test(`the ${image} image gets the same: read-only root, no capabilities, uid 1000 without groups, no network`, async ({
      api,
    }) => {
      const { session } = await api.sessions.createSession({ image });
      const id = session?.id ?? "";
      try {
        const r = await run(
          api,
          id,
          "touch /usr/x 2>/dev/null; echo rc=$?; grep -E '^(CapEff|NoNewPrivs)' /proc/self/status | tr -d '\\t'; id -G; ls /sys/class/net",
        );
        expect(r.output).toBe("rc=1\nCapEff:0000000000000000\nNoNewPrivs:1\n1000\nlo\n");
      } finally {
        await api.sessions.destroySession({ id });
      }
    });
  }
});
