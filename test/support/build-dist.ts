import { execFileSync } from "node:child_process";

/** Builds dist/: daemons inject dist/runner.mjs into containers and refuse to start without it. */
export function buildDist(): void {
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
}

/** Global setup for tests that start a daemon but need no engine. */
export function setup(): void {
  buildDist();
}
