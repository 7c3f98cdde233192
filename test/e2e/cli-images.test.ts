import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import Docker from "dockerode";
import { onTestFinished } from "vitest";
import { runCli, writeCliConfig } from "../support/cli.js";
import { clientsFor } from "../support/clients.js";
import { describe, expect, test } from "../support/fixtures.js";
import { startTestDaemon } from "../support/test-daemon.js";
import { tarArchive } from "../support/workspace-tar.js";

/** `sandkasten images list|validate|delete` against the real engine. */

const engine = new Docker({ socketPath: "/var/run/docker.sock" });
const BASE_IMAGES = ["sandbox-runtime:base", "sandbox-runtime:python", "sandbox-runtime:node"];

/** A CLI config in a folder of its own (no daemon needed: these commands talk to the engine). */
function cliConfig(extra: Record<string, unknown> = {}) {
  const c = writeCliConfig(extra);
  onTestFinished(() => c.remove());
  return c;
}

async function imageExists(ref: string): Promise<boolean> {
  return engine
    .getImage(ref)
    .inspect()
    .then(
      () => true,
      () => false,
    );
}

/** Another tag of sandbox-runtime:base, removed after the test (only the tag: base stays). */
async function baseAlias(): Promise<string> {
  const tag = `skt-cli-${randomBytes(4).toString("hex")}`;
  await engine.getImage("sandbox-runtime:base").tag({ repo: "sandbox-runtime", tag });
  const ref = `sandbox-runtime:${tag}`;
  onTestFinished(async () => {
    if (await imageExists(ref)) await engine.getImage(ref).remove();
  });
  return ref;
}

/** An image with one plain file: no loader, no libc, no bash. */
async function emptyImage(): Promise<string> {
  const tag = randomBytes(4).toString("hex");
  const ref = `skt-cli-test/empty:${tag}`;
  const progress = await engine.importImage(
    Readable.from([tarArchive([{ name: "etc/hostname", content: "empty\n" }])]),
    { repo: "skt-cli-test/empty", tag },
  );
  await new Promise((done, fail) =>
    engine.modem.followProgress(progress, (err) => (err ? fail(err) : done(undefined))),
  );
  onTestFinished(async () => {
    if (await imageExists(ref)) await engine.getImage(ref).remove({ force: true });
  });
  return ref;
}

describe("sandkasten images list", () => {
  test("lists the runtime images with id, size and creation time, and whether they are allowed", async () => {
    const c = cliConfig();
    const r = await runCli(["images", "list"], { cwd: c.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^IMAGE +ID +SIZE +CREATED +CONTAINERS +ALLOWED$/m);
    for (const ref of BASE_IMAGES) {
      const image = await engine.getImage(ref).inspect();
      const id = image.Id.replace("sha256:", "").slice(0, 12);
      expect(r.stdout).toMatch(
        new RegExp(`^${ref} +${id} +[\\d.]+ MiB +\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z +\\d+ +yes$`, "m"),
      );
    }
  });
});

describe("sandkasten images validate", () => {
  test("a runtime image (by its short name) passes every check", async () => {
    const c = cliConfig();
    const r = await runCli(["images", "validate", "base"], { cwd: c.dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("sandbox-runtime:base");
    for (const check of ["present", "glibc", "bash", "sandbox user", "allowed"]) {
      expect(r.stdout).toMatch(new RegExp(`^ {2}pass {2}${check}: `, "m"));
    }
    expect(r.stdout).toMatch(/glibc: the runner's Node v24[\d.]+ starts \(glibc \d+\.\d+\)/);
  });

  test("an image without glibc fails, saying why and how to fix it; an absent one fails too", async () => {
    const c = cliConfig();
    const empty = await emptyImage();
    const r = await runCli(["images", "validate", empty, "skt-cli-test/none:nothing"], {
      cwd: c.dir,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {2}pass {2}present: [0-9a-f]{12}, linux\/\w+, /m);
    expect(r.stdout).toMatch(
      /^ {2}FAIL {2}glibc: the runner's Node does not start in it: .+\n {8}fix: use a glibc-based image/m,
    );
    expect(r.stdout).toMatch(/^ {2}warn {2}allowed: not in allowed_images/m);
    expect(r.stdout).toMatch(
      /^skt-cli-test\/none:nothing\n {2}FAIL {2}present: not on this machine$/m,
    );
    // The probe's container is gone.
    const left = await engine.listContainers({
      all: true,
      filters: { label: ["sandkasten.kind=image-check"], ancestor: [empty] },
    });
    expect(left).toEqual([]);
  });
});

describe("sandkasten images delete", () => {
  test("refuses an image a session was created from, naming the session; deletes it once unused", async () => {
    const alias = await baseAlias();
    const d = await startTestDaemon({ allowed_images: [...BASE_IMAGES, alias] });
    onTestFinished(() => d.stop());
    const c = cliConfig();
    const api = clientsFor(d);
    const { session } = await api.sessions.createSession({ image: alias });
    if (!session) throw new Error("no session in the answer");

    const refused = await runCli(["images", "delete", alias], { cwd: c.dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `sandkasten images delete: ${alias}: in use by 1 sandkasten container(s): ${session.id}`,
    );
    expect(await imageExists(alias)).toBe(true);

    await api.sessions.destroySession({ id: session.id });
    const deleted = await runCli(["images", "delete", alias], { cwd: c.dir });
    expect({ code: deleted.code, stdout: deleted.stdout }).toEqual({
      code: 0,
      stdout: `deleted ${alias}\n`,
    });
    expect(await imageExists(alias)).toBe(false);
    expect(await imageExists("sandbox-runtime:base")).toBe(true);
  });
});
