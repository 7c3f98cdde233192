import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestDaemon, type TestDaemon } from "../../support/test-daemon.js";

// The package as published: `npm run build` output installed into a plain
// Node project's node_modules, used through its exports map by tsc (types)
// and by node (runtime), without the repository's source resolution.

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, "../../..");
const tsc = join(
  dirname(createRequire(import.meta.url).resolve("typescript/package.json")),
  "bin",
  "tsc",
);

let daemon: TestDaemon;
let project: string;
beforeAll(async () => {
  daemon = await startTestDaemon();
  project = mkdtempSync(join(tmpdir(), "sandkasten-client-pkg-"));
  const installed = join(project, "node_modules", "@sandkasten", "client");
  await run(process.execPath, [join(repo, "sdk/typescript/scripts/build.mjs"), "--out", installed]);
  // The package's dependencies and peers, as npm would install them beside it.
  for (const dep of ["@bufbuild", "@connectrpc", "@openai", "@types", "ai", "zod"]) {
    symlinkSync(join(repo, "node_modules", dep), join(project, "node_modules", dep));
  }
  writeFileSync(join(project, "package.json"), '{ "type": "module" }\n');
});
afterAll(async () => {
  await daemon.stop();
  rmSync(project, { recursive: true, force: true });
});

test("dist/package.json maps every entry point to compiled JavaScript and types", () => {
  const manifest = JSON.parse(
    readFileSync(join(project, "node_modules/@sandkasten/client/package.json"), "utf8"),
  );
  expect(manifest.exports["."]).toEqual({
    browser: { types: "./web.d.ts", default: "./web.js" },
    default: { types: "./index.d.ts", default: "./index.js" },
  });
  expect(manifest.exports["./ai"]).toEqual({
    types: "./tools/ai.d.ts",
    default: "./tools/ai.js",
  });
  expect(manifest.devDependencies).toBeUndefined();
});

test("a consumer type-checks against the .d.ts files and runs against the daemon", async () => {
  writeFileSync(
    join(project, "consumer.ts"),
    `import { SandboxClient, NotFoundError, type ExecResult } from "@sandkasten/client";
import { SandboxClient as WebClient } from "@sandkasten/client/web";
import { sandboxTools as aiTools } from "@sandkasten/client/ai";
import { sandboxTools as agentsTools } from "@sandkasten/client/openai-agents";

const baseUrl = process.env.SANDKASTEN_URL ?? "";
const apiKey = process.env.SANDKASTEN_API_KEY;
await using client = new SandboxClient({ baseUrl, apiKey, transport: "connect" });
await using session = await client.createSession({ image: "base" });
const result: ExecResult = await session.exec("echo from the built package");
const web = new WebClient({ baseUrl, apiKey });
const sessions = await web.listSessions();
const missing = await client.getSession("nosuchsession").catch((e: unknown) => e);
console.log(JSON.stringify({
  output: result.output,
  webSees: sessions.some((s) => s.id === session.id),
  notFound: missing instanceof NotFoundError,
  aiTools: Object.keys(aiTools(session)).length,
  agentsTools: agentsTools(session).length,
}));
`,
  );
  writeFileSync(
    join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "es2022",
        lib: ["es2023", "esnext.disposable", "dom"],
        module: "nodenext",
        moduleResolution: "nodenext",
        types: ["node"],
        strict: true,
        // As most projects do: the peers' own .d.ts files need more @types.
        skipLibCheck: true,
        outDir: "out",
      },
      files: ["consumer.ts"],
    }),
  );
  await run(process.execPath, [tsc, "-p", project]).catch((err) => {
    throw new Error(`the consumer does not type-check:\n${err.stdout}`);
  });
  const { stdout } = await run(process.execPath, [join(project, "out", "consumer.js")], {
    env: { ...process.env, SANDKASTEN_URL: daemon.url, SANDKASTEN_API_KEY: daemon.apiKey },
  });
  expect(JSON.parse(stdout)).toEqual({
    output: "from the built package\n",
    webSees: true,
    notFound: true,
    aiTools: 4,
    agentsTools: 4,
  });
});

test("the browser condition gives the web build for the plain package name", async () => {
  const probe = join(project, "probe.mjs");
  writeFileSync(
    probe,
    `const plain = await import("@sandkasten/client");
const web = await import("@sandkasten/client/web");
console.log(plain.SandboxClient === web.SandboxClient);
`,
  );
  const asBrowser = await run(process.execPath, ["--conditions=browser", probe]);
  expect(asBrowser.stdout.trim()).toBe("true");
  const asNode = await run(process.execPath, [probe]);
  expect(asNode.stdout.trim()).toBe("false");
});
