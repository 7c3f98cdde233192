import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { connectUnixSocketSafely } from "../../src/runner-client/safe-socket.js";

/**
 * The daemon connects to a socket whose name lives in a directory the
 * container can write to (as root in the container): it must never follow a
 * link there to some other socket on the host.
 */

let dir = "";
let server: net.Server;
let accepted = 0;
const realSocket = () => join(dir, "real.sock");

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "skt-sock-"));
  accepted = 0;
  server = net.createServer((socket) => {
    accepted++;
    socket.end("hello from the real socket");
  });
  await new Promise<void>((resolve) => server.listen(realSocket(), resolve));
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const openFds = () => readdirSync("/proc/self/fd").length;

function connected(socket: net.Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    socket.on("data", (chunk) => {
      data += chunk;
    });
    socket.on("end", () => resolve(data));
    socket.on("error", reject);
  });
}

describe("connectUnixSocketSafely", () => {
  test("connects to a real socket and talks through it", async () => {
    const socket = connectUnixSocketSafely(realSocket());
    expect(await connected(socket)).toBe("hello from the real socket");
    expect(accepted).toBe(1);
  });

  test("refuses a symlink to a real socket, without connecting", async () => {
    const link = join(dir, "runner.sock");
    symlinkSync(realSocket(), link);
    const before = openFds();
    expect(() => connectUnixSocketSafely(link)).toThrow(/is not a socket|ELOOP/);
    expect(openFds()).toBe(before);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(accepted).toBe(0);
  });

  test("refuses a relative symlink and a chain of symlinks to it", async () => {
    const hop = join(dir, "hop.sock");
    const link = join(dir, "runner.sock");
    symlinkSync("real.sock", hop);
    symlinkSync(hop, link);
    expect(() => connectUnixSocketSafely(link)).toThrow();
    expect(() => connectUnixSocketSafely(hop)).toThrow();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(accepted).toBe(0);
  });

  test("refuses a regular file and a directory, closing what it opened", () => {
    const file = join(dir, "file.sock");
    writeFileSync(file, "not a socket");
    const sub = join(dir, "dir.sock");
    mkdirSync(sub);
    const before = openFds();
    expect(() => connectUnixSocketSafely(file)).toThrow(/is not a socket/);
    expect(() => connectUnixSocketSafely(sub)).toThrow(/is not a socket/);
    expect(openFds()).toBe(before);
  });

  test("a missing socket is ENOENT", () => {
    expect(() => connectUnixSocketSafely(join(dir, "missing.sock"))).toThrow(/ENOENT/);
  });

  test("the O_PATH descriptor is released once connected", async () => {
    const before = openFds();
    const socket = connectUnixSocketSafely(realSocket());
    await connected(socket);
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(openFds()).toBe(before);
  });
});
