#!/usr/bin/env node
// The sandkasten CLI: runs the bundle that `npm run build` makes.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const bundle = new URL("../dist/sandkasten.mjs", import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write("sandkasten: dist/sandkasten.mjs is missing; run 'npm run build' first\n");
  process.exit(1);
}
await import(bundle.href);
