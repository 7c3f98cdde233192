// Fails when gen/ differs from what `buf generate` makes of proto/ now.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const files = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });

const out = mkdtempSync(join(tmpdir(), "sandkasten-gen-"));
try {
  execFileSync("buf", ["generate", "--output", out], { stdio: "inherit" });
  const fresh = new Map(files(join(out, "gen")).map((f) => [relative(join(out, "gen"), f), f]));
  const committed = new Map(files("gen").map((f) => [relative("gen", f), f]));
  const stale = [];
  for (const [name, path] of fresh) {
    const mine = committed.get(name);
    if (!mine) stale.push(`missing: gen/${name}`);
    else if (!readFileSync(mine).equals(readFileSync(path))) stale.push(`differs: gen/${name}`);
  }
  for (const name of committed.keys()) if (!fresh.has(name)) stale.push(`extra: gen/${name}`);
  if (stale.length > 0) {
    console.error(`gen/ is stale; run 'npm run gen' and commit:\n  ${stale.join("\n  ")}`);
    process.exit(1);
  }
  console.log(`gen/ is up to date (${fresh.size} files)`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
