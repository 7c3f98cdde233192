// Builds the dashboard into web/dist and swaps it in whole: a daemon (or a
// test) starting meanwhile sees the old build or the new one, never an empty
// or half-written folder.
import { randomBytes } from "node:crypto";
import { existsSync, renameSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const web = fileURLToPath(new URL(".", import.meta.url));

export async function buildDashboard() {
  const tag = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const fresh = `${web}.dist-${tag}`;
  const old = `${web}.dist-old-${tag}`;
  try {
    await build({ configFile: `${web}vite.config.ts`, build: { outDir: fresh } });
    if (existsSync(`${web}dist`)) renameSync(`${web}dist`, old);
    renameSync(fresh, `${web}dist`);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
}
