// Bundles the daemon CLI and the in-container runner into dist/, and builds
// the workspace file helper (native/wsfs, Go) into dist/wsfs.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { build } from "esbuild";

const common = {
  bundle: true,
  platform: "node",
  target: "node24",
  format: "esm",
  sourcemap: "linked",
  logLevel: "warning",
  banner: {
    js: "import { createRequire as __skCreateRequire } from 'node:module'; const require = __skCreateRequire(import.meta.url);",
  },
};

await Promise.all([
  // The runner runs inside containers with nothing beside it: bundle everything.
  build({ ...common, entryPoints: ["runner/main.ts"], outfile: "dist/runner.mjs" }),
  // The daemon runs from the repository: its dependencies stay in node_modules.
  build({
    ...common,
    entryPoints: ["src/cli/main.ts"],
    outfile: "dist/sandkasten.mjs",
    packages: "external",
  }),
]);

// Go >= 1.25 on PATH: scripts/lib/common.sh ensure_go finds or installs one.
const go = spawnSync("go", ["build", "-trimpath", "-ldflags=-s", "-o", resolve("dist/wsfs"), "."], {
  cwd: "native/wsfs",
  env: { ...process.env, CGO_ENABLED: "0" },
  stdio: "inherit",
});
if (go.error?.code === "ENOENT") {
  console.error(
    "build: `go` is not on PATH; native/wsfs needs Go >= 1.25 (source scripts/lib/common.sh and run ensure_go)",
  );
  process.exit(1);
}
if (go.status !== 0) {
  console.error(
    `build: go build in native/wsfs failed (${go.error?.message ?? `exit ${go.status}`})`,
  );
  process.exit(1);
}
