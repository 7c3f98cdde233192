import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code } from "@connectrpc/connect";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { DockerClient } from "../../src/docker/docker-client.js";
import { failureOf } from "../support/connect-errors.js";

/**
 * An engine that drops a kept connection just as the next request arrives on
 * it (what a keep-alive race or a proxy in front of the engine does): reads
 * are tried once more on a fresh connection, changes are not, and the
 * client remembers the failures for status answers.
 */

let dir = "";
let engine: http.Server;
let requests: string[] = [];
let connections = 0;
const socketPath = () => join(dir, "docker.sock");

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "skt-reset-"));
  requests = [];
  connections = 0;
  engine = http.createServer({ keepAlive: true }, (req, res) => {
    requests.push(`${req.method} ${req.url?.split("?")[0]}`);
    const socket = req.socket as net.Socket & { served?: number };
    socket.served = (socket.served ?? 0) + 1;
    // The second request on any connection meets a reset.
    if (socket.served > 1) {
      socket.destroy();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(req.url?.includes("/containers/json") ? "[]" : "{}");
  });
  engine.on("connection", () => connections++);
  await new Promise<void>((resolve) => engine.listen(socketPath(), resolve));
});

afterEach(async () => {
  engine.closeAllConnections();
  await new Promise<void>((resolve) => engine.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe("DockerClient against an engine that resets kept connections", () => {
  test("a list that meets a reset is tried again on a fresh connection and succeeds", async () => {
    const docker = new DockerClient(socketPath(), 5_000);
    for (let i = 0; i < 5; i++) {
      await expect(docker.call("container list", (api) => api.listContainers())).resolves.toEqual(
        [],
      );
    }
    expect(docker.failureCount).toBe(0);
    expect(docker.lastFailure).toBeUndefined();
    // Four of the five met a reset on their kept connection first.
    expect(requests.length).toBe(9);
    expect(connections).toBe(5);
    docker.close();
  });

  test("a create is not repeated: it fails as Unavailable, and the failure is remembered", async () => {
    const docker = new DockerClient(socketPath(), 5_000);
    await docker.call("container list", (api) => api.listContainers());
    const err = await failureOf(
      docker.call("container create", (api) => api.createContainer({ Image: "x" })),
    );
    expect(err.code).toBe(Code.Unavailable);
    expect(err.rawMessage).toBe("the Docker engine failed during container create (ECONNRESET)");
    expect(requests.filter((r) => r.startsWith("POST /containers/create")).length).toBe(1);
    expect(docker.failureCount).toBe(1);
    expect(docker.lastFailure).toMatchObject({ what: "container create" });
    docker.close();
  });
});
