// The publishable CLI package (npm name "sandkasten"), assembled from what
// `npm run build` made: `node scripts/cli-package.mjs --out DIR` writes it into
// DIR (build.mjs writes dist/npm; `npm pack ./dist/npm` packs it). The
// repository's own package.json stays private: it holds the sources, the dev
// tools and the workspaces; this one holds only what runs.
//
// The layout is the checkout's, so the CLI finds its files as it does in a
// checkout (src/checkout.ts: the folder with package.json and images/):
//   bin/sandkasten.js, dist/ (daemon and runner bundles, wsfs, ptyhost, mounter),
//   web/dist (the dashboard), src/docker/seccomp-strict.json,
//   images/ and scripts/lib/common.sh (`sandkasten images build`), README.md.
// --node-modules also copies the production dependencies, at the versions of
// package-lock.json, from the checkout's node_modules (the daemon image).
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Writes the package into `out` (emptied first). */
export function writeCliPackage(out, { nodeModules = false } = {}) {
  const dist = join(root, "dist");
  if (!existsSync(join(dist, "sandkasten.mjs")) || !existsSync(join(root, "web/dist/index.html"))) {
    throw new Error("dist/ or web/dist is missing: run 'npm run build' first");
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, "dist"), { recursive: true });
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const published = {
    name: manifest.name,
    version: manifest.version,
    description: manifest.description,
    type: manifest.type,
    engines: manifest.engines,
    bin: manifest.bin,
    dependencies: manifest.dependencies,
  };
  writeFileSync(join(out, "package.json"), `${JSON.stringify(published, null, 2)}\n`);
  cpSync(join(root, "deploy/cli-readme.md"), join(out, "README.md"));
  cpSync(join(root, "bin"), join(out, "bin"), { recursive: true });
  // The bundles and helpers; source maps stay in the checkout.
  for (const name of readdirSync(dist)) {
    const file = join(dist, name);
    if (statSync(file).isFile() && !name.endsWith(".map")) cpSync(file, join(out, "dist", name));
  }
  cpSync(join(root, "web/dist"), join(out, "web/dist"), { recursive: true });
  // find-dashboard.ts looks for web/package.json beside web/dist.
  writeFileSync(join(out, "web/package.json"), '{ "private": true, "type": "module" }\n');
  cpSync(join(root, "src/docker/seccomp-strict.json"), join(out, "src/docker/seccomp-strict.json"));
  cpSync(join(root, "images"), join(out, "images"), { recursive: true });
  cpSync(join(root, "scripts/lib/common.sh"), join(out, "scripts/lib/common.sh"));
  if (nodeModules) copyProductionDependencies(out);
}

/**
 * Copies every package the production dependencies need, found in
 * package-lock.json as Node resolves them (nested node_modules first, then
 * upwards), from the checkout's node_modules into `out`, in the same places.
 */
function copyProductionDependencies(out) {
  const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8"));
  const packages = lock.packages;
  const wanted = (entry) => ({
    ...entry.dependencies,
    ...entry.optionalDependencies,
    ...entry.peerDependencies,
  });
  const locate = (from, name) => {
    for (let base = from; ; ) {
      const key = `${base === "" ? "" : `${base}/`}node_modules/${name}`;
      if (packages[key] && !packages[key].link) return key;
      if (base === "") return undefined;
      const up = base.lastIndexOf("/node_modules/");
      base = up < 0 ? "" : base.slice(0, up);
    }
  };
  const found = new Set();
  const queue = Object.keys(wanted(packages[""])).map((name) => ["", name]);
  while (queue.length > 0) {
    const [from, name] = queue.shift();
    const key = locate(from, name);
    // Unresolved: an optional dependency of another platform, or an optional peer.
    if (key === undefined || found.has(key) || !existsSync(join(root, key))) continue;
    found.add(key);
    for (const dep of Object.keys(wanted(packages[key]))) queue.push([key, dep]);
  }
  for (const key of found) {
    const source = join(root, key);
    cpSync(source, join(out, key), {
      recursive: true,
      // Nested packages are copied as packages of their own, if needed.
      filter: (path) => path !== join(source, "node_modules"),
    });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { out: { type: "string" }, "node-modules": { type: "boolean" } },
  });
  if (!values.out) {
    console.error("usage: node scripts/cli-package.mjs --out DIR [--node-modules]");
    process.exit(2);
  }
  writeCliPackage(resolve(values.out), { nodeModules: values["node-modules"] === true });
}
