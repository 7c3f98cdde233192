// `npm run build`: compiles src/ to dist/ (JavaScript and .d.ts) and writes
// dist/package.json, the manifest that is published. In the repository the
// exports point at src/*.ts, so that tests and the type checker use the source
// without a build; the published manifest points the same entry points at
// the compiled files. Publish with `npm publish ./dist`.
// `--out <dir>` builds the package into another directory instead.
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { out: { type: "string" } } });
const dist = values.out ? resolve(values.out) : join(root, "dist");
// typescript's own bin, resolved like an import: no PATH needed.
const tsc = join(
  dirname(createRequire(import.meta.url).resolve("typescript/package.json")),
  "bin",
  "tsc",
);

rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json"), "--outDir", dist], {
  stdio: "inherit",
});

/** "./src/tools/ai.ts" -> { types: "./tools/ai.d.ts", default: "./tools/ai.js" } */
function compiled(source) {
  const base = source.replace(/^\.\/src\//, "./").replace(/\.ts$/, "");
  return { types: `${base}.d.ts`, default: `${base}.js` };
}

const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const exports = {};
for (const [entry, target] of Object.entries(manifest.exports)) {
  if (entry === "./package.json") exports[entry] = target;
  else if (typeof target === "string") exports[entry] = compiled(target);
  else
    exports[entry] = Object.fromEntries(
      Object.entries(target).map(([condition, source]) => [condition, compiled(source)]),
    );
}
const { scripts: _scripts, devDependencies: _dev, ...published } = manifest;
writeFileSync(
  join(dist, "package.json"),
  `${JSON.stringify({ ...published, exports, types: "./index.d.ts" }, null, 2)}\n`,
);
copyFileSync(join(root, "README.md"), join(dist, "README.md"));
console.log(`built ${dist}`);
