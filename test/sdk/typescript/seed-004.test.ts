import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import {
  ConflictError,
  InvalidArgumentError,
  NotFoundError,
  type Sandbox,
  SandboxClient,
  SandkastenError,
} from "@sandkasten/client";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { startWorkspaceDaemon, type WorkspaceDaemon } from "../../support/workspace-daemon.js";

/**
 * The TypeScript snippets of seed 004 (a peer product's "Persistent volumes"
 * page) that this SDK adopts, run verbatim against a real daemon: the text
 * below is the seed's, line for line (the page has no indentation). Each is
 * type-checked against the SDK's declarations and run as written, with
 * `client` a SandboxClient; the test watches `client.sandboxes.create` (a
 * spy that calls through) to see what each call gave, and `console` to see
 * what a snippet printed.
 *
 * Not adopted (see sdk/typescript/README.md): "Full workspace persistence"
 * (clones a placeholder GitHub repository: no network here, and its calls
 * are the quick start's), "Iterative development" (mounts at /app and uses
 * an undefined pythonCode), "Database persistence" (postgres:16 and its
 * entrypoint), "Regional constraints" (no regions). Their API surface that
 * makes sense here (python:*, background, the refusals) is tested below.
 */

const SNIPPETS = {
  quickStart: `
const sandbox = await client.sandboxes.create({
image: "node:20",
volumes: {
"/workspace": "my_project"
}
});
// Write code
await sandbox.files.write("/workspace/app.js", "console.log('hello')");
// Install dependencies
sandbox.cwd("/workspace");
await sandbox.exec("npm install express");
// Everything persists after deletion
await sandbox.kill();
// Create new sandbox - all files still there
const sandbox2 = await client.sandboxes.create({
image: "node:20",
volumes: {
"/workspace": "my_project"
}
});
const result = await sandbox2.exec("ls /workspace");
console.log(result.stdout); // Shows app.js, node_modules, etc.
`,
  simpleVolume: `
const sandbox = await client.sandboxes.create({
image: "node:20",
volumes: {
"/workspace": "my_project"
}
});
`,
  customSize: `
const sandbox = await client.sandboxes.create({
image: "node:20",
volumes: {
"/workspace": {
name: "my_project",
sizeGb: 10
}
}
});
`,
  attachment: `
const sandbox1 = await client.sandboxes.create({
image: "node:20",
volumes: { "/workspace": "shared_vol" }
});
// This fails - volume already attached
try {
const sandbox2 = await client.sandboxes.create({
image: "node:20",
volumes: { "/workspace": "shared_vol" }
});
} catch (error) {
// Error: Volume "shared_vol" is already attached
}
// Release volume by deleting sandbox
await sandbox1.kill();
// Now it works
const sandbox2 = await client.sandboxes.create({
image: "node:20",
volumes: { "/workspace": "shared_vol" }
});
`,
  invalidName: `
try {
await client.sandboxes.create({
image: "node:20",
volumes: { "/workspace": "my-project" } // Hyphen not allowed
});
} catch (error) {
// "Volume name must be lowercase alphanumeric and underscores"
}
`,
  sizeLimit: `
try {
await client.sandboxes.create({
image: "node:20",
volumes: {
"/workspace": { name: "big_vol", sizeGb: 500 } // Max is 100
}
});
} catch (error) {
// "Size must be 1-100 GB"
}
`,
  multipleVolumes: `
try {
await client.sandboxes.create({
image: "node:20",
volumes: {
"/workspace": "vol1",
"/cache": "vol2" // Only one volume allowed
}
});
} catch (error) {
// "Only one volume can be mounted per sandbox"
}
`,
};

type SnippetName = keyof typeof SNIPPETS;

const AsyncFunction = (async () => {}).constructor as new (
  ...args: string[]
) => (...values: unknown[]) => Promise<void>;

let daemon: WorkspaceDaemon;
let client: SandboxClient;

beforeAll(async () => {
  daemon = await startWorkspaceDaemon({ workspace: { driver: "directory" } });
  client = new SandboxClient({ baseUrl: daemon.url, apiKey: daemon.apiKey });
});

afterEach(async () => {
  // Whatever a snippet left running.
  for (const s of await client.listSessions())
    await client.getSession(s.id).then((x) => x.destroy());
  vi.restoreAllMocks();
});

afterAll(async () => {
  client.close();
  await daemon.stop();
});

/** Runs a snippet as written; returns what each sandboxes.create call gave, and what it printed. */
async function run(name: SnippetName) {
  const create = vi.spyOn(client.sandboxes, "create");
  create.mockClear();
  const printed: unknown[] = [];
  const console = { log: (...args: unknown[]) => printed.push(...args) };
  await new AsyncFunction("client", "console", SNIPPETS[name])(client, console);
  return { created: create.mock.settledResults, printed };
}

const sandboxOf = (r: { type: string; value: unknown }) => {
  expect(r.type).toBe("fulfilled");
  return r.value as Sandbox;
};
const errorOf = (r: { type: string; value: unknown }) => {
  expect(r.type).toBe("rejected");
  return r.value as Error;
};

describe("seed 004's snippets, verbatim", () => {
  test("type-check against the SDK's declarations, as a TypeScript user compiles them", async () => {
    const dir = mkdtempSync("/tmp/skt-snippets-");
    try {
      const functions = Object.entries(SNIPPETS).map(
        ([name, text]) => `export async function ${name}() {${text}}`,
      );
      writeFileSync(
        join(dir, "snippets.ts"),
        [
          'import type { SandboxClient } from "@sandkasten/client";',
          "declare const client: SandboxClient;",
          ...functions,
        ].join("\n"),
      );
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            target: "es2023",
            lib: ["es2024", "esnext.disposable"],
            module: "nodenext",
            moduleResolution: "nodenext",
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            types: ["node"],
            typeRoots: [resolve("node_modules/@types")],
            paths: { "@sandkasten/client": [resolve("sdk/typescript/src/index.ts")] },
          },
          files: ["snippets.ts"],
        }),
      );
      const tsc = resolve("node_modules/typescript/bin/tsc");
      const r = await promisify(execFile)(process.execPath, [tsc, "-p", dir]).then(
        ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
        (err: { code: number; stdout: string; stderr: string }) => ({
          code: err.code,
          output: err.stdout + err.stderr,
        }),
      );
      expect(r).toEqual({ code: 0, output: "" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("quick start: what one sandbox wrote in its volume, the next one lists", async () => {
    // No npm registry is reachable here: without this, `npm install express`
    // retries for over a minute before it fails (the snippet ignores how).
    await client.workspace("my_project").write(".npmrc", "offline=true\n");
    const { created, printed } = await run("quickStart");
    const [first, second] = created.map(sandboxOf);
    expect(first?.session.info).toMatchObject({
      image: "sandbox-runtime:node",
      workspaceId: "my_project",
    });
    expect(second?.session.info.workspaceId).toBe("my_project");
    expect(printed).toEqual(["app.js\n"]);
    expect(await second?.files.read("/workspace/app.js")).toBe("console.log('hello')");
  });

  test("a simple volume, and one with a size: a sandbox with that workspace", async () => {
    for (const name of ["simpleVolume", "customSize"] as const) {
      const { created } = await run(name);
      expect(created).toHaveLength(1);
      const sandbox = sandboxOf(created[0] as { type: string; value: unknown });
      expect(sandbox.session.info).toMatchObject({
        image: "sandbox-runtime:node",
        workspaceId: "my_project",
      });
      await sandbox.kill();
    }
  });

  test("volume attachment: a second sandbox is refused while the first holds the volume", async () => {
    const { created } = await run("attachment");
    expect(created).toHaveLength(3);
    const [first, refused, after] = created as { type: string; value: unknown }[];
    expect(sandboxOf(first as never).session.info.workspaceId).toBe("shared_vol");
    const error = errorOf(refused as never);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe('Volume "shared_vol" is already attached');
    expect(sandboxOf(after as never).session.info.workspaceId).toBe("shared_vol");
  });

  test("the error snippets: each create is refused with the seed's message, and nothing starts", async () => {
    const expected: [SnippetName, string][] = [
      ["invalidName", "Volume name must be lowercase alphanumeric and underscores"],
      ["sizeLimit", "Size must be 1-100 GB"],
      ["multipleVolumes", "Only one volume can be mounted per sandbox"],
    ];
    for (const [name, message] of expected) {
      const { created } = await run(name);
      expect(created).toHaveLength(1);
      const error = errorOf(created[0] as never);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error.message).toBe(message);
    }
    expect(await client.listSessions()).toEqual([]);
  });
});

describe("the rest of the sandboxes API", () => {
  test("the seed's naming rules: its valid names make sandboxes, its invalid ones are refused", async () => {
    for (const name of ["my_project", "workspace_2024", "app_v2"]) {
      const sandbox = await client.sandboxes.create({
        image: "base",
        volumes: { "/workspace": name },
      });
      expect(sandbox.session.info.workspaceId).toBe(name);
      await sandbox.kill();
    }
    for (const name of ["My-Project", "cache@v2", "a".repeat(31)]) {
      await expect(
        client.sandboxes.create({ image: "base", volumes: { "/workspace": name } }),
      ).rejects.toThrow(/^Volume name must be /);
    }
  });

  test("python:<tag> is the python image; an image the daemon lacks is refused saying so", async () => {
    const sandbox = await client.sandboxes.create({ image: "python:3.11" });
    expect(sandbox.session.info.image).toBe("sandbox-runtime:python");
    expect((await sandbox.exec("python3 -c 'print(6*7)'")).stdout).toBe("42\n");
    await sandbox.kill();
    const refused = client.sandboxes.create({ image: "postgres:16" });
    await expect(refused).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(refused).rejects.toThrow(
      /^image "postgres:16" is not allowed; allowed: .*; node:<tag> and python:<tag> stand for node and python$/,
    );
  });

  test("a mount point other than /workspace, and a region, are refused before anything starts", async () => {
    await expect(
      client.sandboxes.create({ image: "python:3.11", volumes: { "/app": "ml_project" } }),
    ).rejects.toThrow("Volumes mount at /workspace here, not /app");
    await expect(
      client.sandboxes.create({
        image: "node:20",
        region: "lax",
        volumes: { "/workspace": "my_vol" },
      }),
    ).rejects.toThrow(/^region "lax": regions are not supported/);
    expect(await client.listSessions()).toEqual([]);
  });

  test("exec keeps stdout and stderr apart; cwd() moves the shell; background returns at once", async () => {
    const sandbox = await client.sandboxes.create({ image: "base", env: { GREETING: "hi" } });
    expect(await sandbox.exec("echo $GREETING; echo oops >&2; exit 3")).toMatchObject({
      stdout: "hi\n",
      stderr: "oops\n",
      exitCode: 3,
      cwd: "/workspace",
      timedOut: false,
    });
    sandbox.cwd("/tmp");
    expect((await sandbox.exec("pwd")).stdout).toBe("/tmp\n");
    // The shell is persistent: the directory stays.
    expect((await sandbox.exec("pwd")).cwd).toBe("/tmp");
    sandbox.cwd("/no/such/dir");
    await expect(sandbox.exec("pwd")).rejects.toBeInstanceOf(SandkastenError);

    const started = await sandbox.exec("sleep 60; echo never >/tmp/bg.log", { background: true });
    expect(started).toMatchObject({ exitCode: 0, stdout: "" });
    expect(started.pid).toBeGreaterThan(1);
    expect((await sandbox.exec(`kill -0 ${started.pid} && echo running`)).stdout).toBe("running\n");
    await sandbox.files.write("note.txt", "kept");
    expect(await sandbox.files.read("/workspace/note.txt")).toBe("kept");
    await sandbox.kill();
  });
});

describe("a daemon with workspace.attach_policy exclusive", () => {
  test("its own refusal of a second attach comes out in the seed's words", async () => {
    const strict = await startWorkspaceDaemon({
      workspace: { driver: "directory", attach_policy: "exclusive" },
    });
    const other = new SandboxClient({ baseUrl: strict.url, apiKey: strict.apiKey });
    try {
      const first = await other.sandboxes.create({
        image: "base",
        volumes: { "/workspace": "held_vol" },
      });
      // As if a second client had looked before the first attached: only the daemon can refuse.
      vi.spyOn(other, "getWorkspace").mockRejectedValue(new NotFoundError("not yet", "not_found"));
      const second = other.sandboxes.create({
        image: "base",
        volumes: { "/workspace": "held_vol" },
      });
      await expect(second).rejects.toBeInstanceOf(ConflictError);
      await expect(second).rejects.toThrow(/^Volume "held_vol" is already attached$/);
      const cause = (await second.catch((err: Error) => err)) as Error;
      expect(String((cause.cause as Error).message)).toMatch(/attach_policy is exclusive/);
      await first.kill();
    } finally {
      other.close();
      await strict.stop();
    }
  });
});
