// Bundles the daemon CLI and the in-container runner into dist/, the web
// dashboard into web/dist, and builds the Go helpers: the workspace file
// helper (native/wsfs) into dist/wsfs and the terminal helper (native/ptyhost)
// into dist/ptyhost. Then writes the publishable CLI package into dist/npm
// (scripts/cli-package.mjs; `npm pack ./dist/npm`).
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { build } from "esbuild";
import { buildDashboard } from "../web/build-dashboard.mjs";
import { writeCliPackage } from "./cli-package.mjs";

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

/**
 * The runner never validates (the daemon checks every request before it
 * sends it, and every answer it gets): in its bundle buf/validate's file
 * descriptor, by far the largest one, is an empty file of the same name, so
 * the runner does not build it in memory. Our messages' rules stay in their
 * descriptors as options nobody reads; encoding is unchanged.
 */
const withoutValidateRules = {
  name: "without-validate-rules",
  setup(b) {
    b.onLoad({ filter: /[\\/]gen[\\/]buf[\\/]validate[\\/]validate_pb\.ts$/ }, () => ({
      loader: "ts",
      resolveDir: resolve("gen/buf/validate"),
      // FileDescriptorProto { name: "buf/validate/validate.proto", package: "buf.validate" }
      contents: `import { fileDesc } from "@bufbuild/protobuf/codegenv2";
export const file_buf_validate_validate = fileDesc("ChtidWYvdmFsaWRhdGUvdmFsaWRhdGUucHJvdG8SDGJ1Zi52YWxpZGF0ZQ");`,
    }));
  },
};

await Promise.all([
  // The runner runs inside containers with nothing beside it: bundle everything.
  build({
    ...common,
    entryPoints: ["runner/main.ts"],
    outfile: "dist/runner.mjs",
    plugins: [withoutValidateRules],
  }),
  // The daemon runs from the repository: its dependencies stay in node_modules.
  build({
    ...common,
    entryPoints: ["src/cli/main.ts"],
    outfile: "dist/sandkasten.mjs",
    packages: "external",
  }),
  // The dashboard the daemon serves at / (web/vite.config.ts).
  buildDashboard(),
]);

// Go >= 1.25 on PATH: scripts/lib/common.sh ensure_go finds or installs one.
// wsfs and mounter run on the host; ptyhost and watcher are mounted into containers; all are static.
for (const helper of ["wsfs", "ptyhost", "mounter", "watcher"]) {
  const go = spawnSync(
    "go",
    ["build", "-trimpath", "-ldflags=-s", "-o", resolve(`dist/${helper}`), "."],
    { cwd: `native/${helper}`, env: { ...process.env, CGO_ENABLED: "0" }, stdio: "inherit" },
  );
  if (go.error?.code === "ENOENT") {
    console.error(
      `build: \`go\` is not on PATH; native/${helper} needs Go >= 1.25 (source scripts/lib/common.sh and run ensure_go)`,
    );
    process.exit(1);
  }
  if (go.status !== 0) {
    console.error(
      `build: go build in native/${helper} failed (${go.error?.message ?? `exit ${go.status}`})`,
    );
    process.exit(1);
  }
}

writeCliPackage(resolve("dist/npm"));
