import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DockerClient } from "../../src/docker/docker-client.js";
import { isAllowed, parseAllowEntry, parseAllowlist } from "../../src/egress/allowlist.js";
import type { ProxyEvent } from "../../src/egress/connect-proxy.js";
import { systemResolver } from "../../src/egress/egress-decision.js";
import { createSessionNetwork, type SessionNetwork } from "../../src/egress/session-network.js";
import {
  createInternalNetwork,
  EGRESS_TEST_LABEL,
  execIn,
  rawConnect,
  removeContainer,
  removeNetwork,
  startContainer,
} from "../support/egress-containers.js";
import { engine } from "../support/engine.js";

describe("allowlist entries", () => {
  test("match a name, a wildcard below a name, or an address, each on one port", () => {
    const list = parseAllowlist(["Example.Internal:443", "*.corp.test:80", "10.0.0.5:8080"]);
    expect(isAllowed(list, { host: "example.internal", port: 443 })).toBe(true);
    expect(isAllowed(list, { host: "example.internal", port: 80 })).toBe(false);
    expect(isAllowed(list, { host: "a.b.corp.test", port: 80 })).toBe(true);
    expect(isAllowed(list, { host: "corp.test", port: 80 })).toBe(false);
    expect(isAllowed(list, { host: "evilcorp.test", port: 80 })).toBe(false);
    expect(isAllowed(list, { host: "10.0.0.5", port: 8080 })).toBe(true);
    expect(isAllowed(list, { host: "::ffff:10.0.0.5", port: 8080 })).toBe(true);
    expect(parseAllowEntry("[FD00::5]:443")).toEqual({
      kind: "address",
      address: "fd00::5",
      port: 443,
    });
  });

  test("errors name the bad entry and say what is wrong", () => {
    expect(() => parseAllowEntry("example.internal")).toThrow(
      'allowlist entry "example.internal": a port is required, e.g. "example.internal:443"',
    );
    expect(() => parseAllowEntry("a.*.test:80")).toThrow(/"a\.\*\.test:80": a wildcard is only/);
    expect(() => parseAllowEntry("host:99999")).toThrow(/"host:99999": "99999" is not a port/);
    expect(() => parseAllowEntry("fd00::5:443")).toThrow(/in brackets/);
    expect(() => parseAllowEntry("bad_name!:80")).toThrow(/"bad_name!" is not a valid host name/);
  });
});

const run = randomBytes(3).toString("hex");
const prefix = `skt-egress-test-${run}`;
const targetsNetwork = `${prefix}-targets`;
const hostIPv4 = Object.values(networkInterfaces())
  .flatMap((list) => list ?? [])
  .filter((i) => i.family === "IPv4" && !i.internal)
  .map((i) => i.address);

describe("a session on an allowlist network", () => {
  const docker = new DockerClient("/var/run/docker.sock", 30_000);
  const containers: string[] = [];
  const events: ProxyEvent[] = [];
  let hostListenerHits = 0;
  const hostListener = net.createServer((socket) => {
    hostListenerHits++;
    socket.destroy();
  });
  let hostPort = 0;
  let session: SessionNetwork;
  let sessionContainer = "";
  let isolatedContainer = "";
  let target = { id: "", ip: "" };
  let other = { id: "", ip: "" };

  beforeAll(async () => {
    await new Promise<void>((resolve) => hostListener.listen(0, "0.0.0.0", resolve));
    hostPort = (hostListener.address() as net.AddressInfo).port;
    await createInternalNetwork(targetsNetwork);
    const serve = (ports: number[]) =>
      `${ports.map((p) => `python3 -m http.server ${p} &`).join(" ")} wait`;
    target = await startContainer({
      name: `${prefix}-target`,
      image: "sandbox-runtime:python",
      network: targetsNetwork,
      script: serve([8000, 8001]),
    });
    containers.push(target.id);
    other = await startContainer({
      name: `${prefix}-other`,
      image: "sandbox-runtime:python",
      network: targetsNetwork,
      script: serve([8000]),
    });
    containers.push(other.id);

    const listed = [
      `${target.ip}:8000`,
      "*.corp.test:8000",
      `127.0.0.1:${hostPort}`,
      `localhost:${hostPort}`,
      `[::1]:${hostPort}`,
      ...hostIPv4.map((a) => `${a}:${hostPort}`),
      "169.254.169.254:80",
    ];
    const names: Record<string, string> = {
      "target.corp.test": target.ip,
      "loopback.corp.test": "127.0.0.1",
    };
    session = await createSessionNetwork({
      docker,
      name: `${prefix}-session`,
      labels: { [EGRESS_TEST_LABEL]: "true" },
      allowlist: parseAllowlist(listed),
      resolve: async (host) => (names[host] ? [names[host]] : systemResolver(host)),
      onEvent: (e) => events.push(e),
    });
    const idle = "sleep infinity";
    sessionContainer = (
      await startContainer({
        name: `${prefix}-session`,
        image: "sandbox-runtime:base",
        network: session.networkName,
        script: idle,
        env: session.env,
      })
    ).id;
    containers.push(sessionContainer);
    isolatedContainer = (
      await startContainer({
        name: `${prefix}-none`,
        image: "sandbox-runtime:base",
        network: "none",
        script: idle,
      })
    ).id;
    containers.push(isolatedContainer);
    // The target's servers take a moment to listen.
    await execIn(
      target.id,
      "for i in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/8001) 2>/dev/null && break; sleep 0.1; done",
    );
  });

  afterAll(async () => {
    for (const id of containers) await removeContainer(id);
    await session?.close();
    await removeNetwork(targetsNetwork);
    hostListener.close();
    docker.close();
  });

  test("reaches an allowed target through the proxy, by address or by a listed name", async () => {
    const tunnel = await execIn(sessionContainer, `curl -sS -m 5 -p http://${target.ip}:8000/`);
    expect(tunnel.output).toContain("Directory listing");
    const byName = await execIn(sessionContainer, "curl -sS -m 5 -p http://target.corp.test:8000/");
    expect(byName.output).toContain("Directory listing");
    const forwarded = await execIn(sessionContainer, `curl -sS -m 5 http://${target.ip}:8000/`);
    expect(forwarded.output).toContain("Directory listing");
    expect(events).toContainEqual({
      kind: "tunnel-open",
      target: `${target.ip}:8000`,
      address: target.ip,
    });
    expect(events).toContainEqual(expect.objectContaining({ kind: "forwarded", status: 200 }));
  });

  test("is refused with 403 for a port or a container not listed", async () => {
    for (const url of [`http://${target.ip}:8001/`, `http://${other.ip}:8000/`]) {
      const tunnel = await execIn(sessionContainer, `curl -sS -m 5 -p ${url}`);
      expect(tunnel.output).toContain("CONNECT tunnel failed, response 403");
      const plain = await execIn(sessionContainer, `curl -sS -m 5 -w '%{http_code}' ${url}`);
      expect(plain.output).toMatch(/not in this session's allowlist[\s\S]*403$/);
    }
    const reply = await rawConnect(sessionContainer, session.proxyUrl, `${other.ip}:8000`);
    expect(reply).toMatch(/^HTTP\/1\.1 403 Forbidden/);
    expect(reply).toContain(`${other.ip}:8000 is not in this session's allowlist`);
  });

  test("has no direct route: not to the target, not to any host port but the proxy's", async () => {
    const direct = await execIn(
      sessionContainer,
      `curl -sS --noproxy '*' --connect-timeout 2 http://${target.ip}:8000/`,
    );
    expect(direct.exitCode).not.toBe(0);
    const gateway = new URL(session.proxyUrl).hostname;
    const proxyPort = new URL(session.proxyUrl).port;
    for (const address of [gateway, ...hostIPv4]) {
      const probe = await execIn(
        sessionContainer,
        `curl -sS --noproxy '*' --connect-timeout 2 http://${address}:${hostPort}/`,
      );
      expect(probe.exitCode, `${address}:${hostPort}`).not.toBe(0);
      if (address !== gateway) {
        const probe = await execIn(
          sessionContainer,
          `curl -sS --noproxy '*' --connect-timeout 2 http://${address}:${proxyPort}/`,
        );
        expect(probe.exitCode, `${address}:${proxyPort}`).not.toBe(0);
      }
    }
    expect(hostListenerHits).toBe(0);
  });

  test("the proxy refuses the host's loopback and addresses and link-local, even when listed", async () => {
    const hitsBefore = hostListenerHits;
    const refused: [target: string, why: string][] = [
      [`127.0.0.1:${hostPort}`, "127.0.0.1 is a loopback address"],
      [`localhost:${hostPort}`, "is a loopback address"],
      [`[::1]:${hostPort}`, "::1 is a loopback address"],
      ["loopback.corp.test:8000", "127.0.0.1 is a loopback address"],
      ["169.254.169.254:80", "169.254.169.254 is a link-local address"],
      ...hostIPv4.map((a): [string, string] => [
        `${a}:${hostPort}`,
        `${a} is an address of the sandbox host`,
      ]),
    ];
    for (const [where, why] of refused) {
      const reply = await rawConnect(sessionContainer, session.proxyUrl, where);
      expect(reply, where).toMatch(/^HTTP\/1\.1 403 Forbidden/);
      expect(reply, where).toContain(why);
    }
    // Refused before connecting: nothing reached the host listener, no tunnel opened.
    expect(hostListenerHits).toBe(hitsBefore);
    const opened = events.filter((e) => e.kind === "tunnel-open").map((e) => e.target);
    expect(opened.every((t) => t.includes(target.ip) || t.startsWith("target."))).toBe(true);
  });

  test("a container with network none reaches neither the proxy nor the target", async () => {
    for (const command of [
      `curl -sS --connect-timeout 2 -p -x ${session.proxyUrl} http://${target.ip}:8000/`,
      `curl -sS --connect-timeout 2 --noproxy '*' http://${target.ip}:8000/`,
    ]) {
      const result = await execIn(isolatedContainer, command);
      expect(result.exitCode, command).not.toBe(0);
    }
  });

  test("close() removes the proxy, the firewall rules and the network", async () => {
    for (const id of containers.splice(0)) await removeContainer(id);
    const { hostname, port } = new URL(session.proxyUrl);
    await session.close();
    await expect(engine.getNetwork(session.networkName).inspect()).rejects.toMatchObject({
      statusCode: 404,
    });
    for (const command of ["iptables", "ip6tables"]) {
      expect(execFileSync(command, ["-w", "-S", "INPUT"], { encoding: "utf8" })).not.toContain(
        session.networkName,
      );
    }
    const listening = execFileSync("ss", ["-ltnH", `src ${hostname}:${port}`], {
      encoding: "utf8",
    });
    expect(listening.trim()).toBe("");
  });
});
