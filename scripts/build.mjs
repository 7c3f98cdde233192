// Bundles the daemon CLI and the in-container runner into dist/.
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
