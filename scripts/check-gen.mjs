// Fails when the committed generated code (gen/, and each SDK's) differs from
// what `buf generate` makes of proto/ now.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { genTargets } from "./gen-targets.mjs";

const files = (dir) =>
  existsSync(dir)
    ? readdirSync(dir).flatMap((name) => {
        if (name === "__pycache__") return [];
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : [path];
      })
    : [];

const stale = [];
let count = 0;
for (const { template, outs } of genTargets()) {
  const out = mkdtempSync(join(tmpdir(), "sandkasten-gen-"));
  try {
    execFileSync("buf", ["generate", "--template", template, "--output", out], {
      stdio: "inherit",
    });
    for (const dir of outs) {
      const fresh = new Map(files(join(out, dir)).map((f) => [relative(join(out, dir), f), f]));
      const committed = new Map(files(dir).map((f) => [relative(dir, f), f]));
      count += fresh.size;
      for (const [name, path] of fresh) {
        const mine = committed.get(name);
        if (!mine) stale.push(`missing: ${join(dir, name)}`);
        else if (!readFileSync(mine).equals(readFileSync(path)))
          stale.push(`differs: ${join(dir, name)}`);
      }
      for (const name of committed.keys())
        if (!fresh.has(name)) stale.push(`extra: ${join(dir, name)}`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
if (stale.length > 0) {
  console.error(`generated code is stale; run 'npm run gen' and commit:\n  ${stale.join("\n  ")}`);
  process.exit(1);
}
console.log(`generated code is up to date (${count} files)`);
