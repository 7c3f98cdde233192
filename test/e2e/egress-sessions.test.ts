import { execFileSync } from "node:child_process";
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Clients, clientsFor } from "../support/clients.js";
import {
  createInternalNetwork,
  removeContainer,
  removeNetwork,
  startContainer,
} from "../support/egress-containers.js";
import { engine } from "../support/engine.js";
import { connectErrorOf } from "../support/exec-helpers.js";
import { run } from "../support/fixtures.js";
import { startTestDaemon, type TestDaemon } from "../support/test-daemon.js";

/**
 * Sessions with network "allowlist" through a real daemon: the allowed
 * target answers through the proxy, nothing else does, and a session's
 * network and host rules go with it. The targets are HTTP servers in a
 * container on a network this test makes; nothing leaves the machine.
 */

const NET = `skt-egress-test-targets-${process.pid}`;
let target = { id: "", ip: "" };
let d: TestDaemon;
let api: Clients;

beforeAll(async () => {
  await createInternalNetwork(NET);
  target = await startContainer({
    name: `skt-egress-test-target-${process.pid}`,
    image: "sandbox-runtime:python",
    network: NET,
    script: `cd /tmp && echo allowed-ok > index.html && (python3 -m http.server 8000 &) && exec python3 -m http.server 8001`,
  });
  d = await startTestDaemon({
    egress: { allowed: [`${target.ip}:8000`, `${target.ip}:8001`, "127.0.0.1:8080"] },
  });
  api = clientsFor(d);
}, 60_000);

afterAll(async () => {
  await d?.stop();
  await removeContainer(target.id);
  await removeNetwork(NET);
});

async function allowlistSession(allow: string[]): Promise<string> {
  const { session } = await api.sessions.createSession({ network: "allowlist", allow });
  return session?.id ?? "";
}

const curl = (url: string, extra = "") =>
  `curl -sS --max-time 5 ${extra} -w ' %{http_code}' ${url} 2>&1; true`;

describe("a session with network allowlist", () => {
  test("reaches its allowed target through the proxy, and no other port or route", async () => {
    const id = await allowlistSession([`${target.ip}:8000`]);
    // The target takes a moment to listen.
    let page = "";
    for (let i = 0; i < 20 && !page.includes("allowed-ok"); i++) {
      page = (await run(api, id, curl(`http://${target.ip}:8000/`))).output;
    }
    expect(page).toContain("allowed-ok");
    expect(page).toContain(" 200");
    const denied = (await run(api, id, curl(`http://${target.ip}:8001/`))).output;
    expect(denied).toContain(" 403");
    expect(denied).not.toContain("allowed-ok");
    const direct = await run(api, id, curl(`http://${target.ip}:8000/`, "--noproxy '*'"));
    expect(direct.output).not.toContain("allowed-ok");
    const env = (await run(api, id, "echo $HTTPS_PROXY")).output;
    expect(env).toMatch(/^http:\/\/\d+\.\d+\.\d+\.\d+:\d+\n$/);
    const { session } = await api.sessions.getSession({ id });
    expect(session?.network).toBe("allowlist");
    expect(session?.allow).toEqual([`${target.ip}:8000`]);
    await api.sessions.destroySession({ id });
  });

  test("the proxy refuses the host's loopback and the daemon, though listed", async () => {
    const id = await allowlistSession(["127.0.0.1:8080"]);
    const port = new URL(d.url).port;
    // Sent to the proxy on purpose (127.0.0.1 is in NO_PROXY).
    const viaProxy = `-x "$HTTP_PROXY" --noproxy ''`;
    const out = (await run(api, id, curl("http://127.0.0.1:8080/healthz", viaProxy))).output;
    expect(out).toContain(" 403");
    const proxy = new URL((await run(api, id, "echo -n $HTTPS_PROXY")).output);
    // The daemon's own port on the gateway address is closed to the session.
    const direct = await run(
      api,
      id,
      curl(`http://${proxy.hostname}:${port}/healthz`, "--noproxy '*'"),
    );
    expect(direct.output).not.toContain(" 200");
    await api.sessions.destroySession({ id });
  });

  test("its network and host rules are removed with it", async () => {
    const id = await allowlistSession([`${target.ip}:8000`]);
    const name = `sandkasten-${d.daemon.ctx.config.instance}-egress-${id}`;
    expect((await engine.getNetwork(name).inspect()).Internal).toBe(true);
    expect(execFileSync("iptables", ["-w", "-S", "INPUT"], { encoding: "utf8" })).toContain(name);
    await api.sessions.destroySession({ id });
    await expect(engine.getNetwork(name).inspect()).rejects.toThrow(/404|not found/i);
    expect(execFileSync("iptables", ["-w", "-S", "INPUT"], { encoding: "utf8" })).not.toContain(
      name,
    );
  });

  test("entries outside egress.allowed, or malformed, are refused naming them", async () => {
    const outside = await connectErrorOf(allowlistSession([`${target.ip}:22`]));
    expect(outside.code).toBe(Code.InvalidArgument);
    expect(outside.rawMessage).toContain(
      `allow entry "${target.ip}:22" is not within egress.allowed`,
    );
    const noPort = await connectErrorOf(allowlistSession(["example.test"]));
    expect(noPort.rawMessage).toContain("a port is required");
    const empty = await connectErrorOf(allowlistSession([]));
    expect(empty.rawMessage).toContain("needs at least one allow entry");
    const withoutNetwork = await connectErrorOf(
      api.sessions.createSession({ allow: [`${target.ip}:8000`] }),
    );
    expect(withoutNetwork.rawMessage).toContain('allow needs network "allowlist"');
  });

  test("is created over REST too; a none session reaches nothing", async () => {
    const res = await fetch(`${d.url}/v1/sessions`, {
      method: "POST",
      headers: { authorization: `Bearer ${d.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ network: "allowlist", allow: [`${target.ip}:8000`] }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect((await run(api, id, curl(`http://${target.ip}:8000/`))).output).toContain("allowed-ok");
    await api.sessions.destroySession({ id });

    const { session } = await api.sessions.createSession({});
    const none = session?.id ?? "";
    const out = (await run(api, none, curl(`http://${target.ip}:8000/`))).output;
    expect(out).not.toContain("allowed-ok");
    const proxied = (
      await run(api, none, curl(`http://${target.ip}:8000/`, `-x http://${target.ip}:8000`))
    ).output;
    expect(proxied).not.toContain("allowed-ok");
    await api.sessions.destroySession({ id: none });
  });
});
