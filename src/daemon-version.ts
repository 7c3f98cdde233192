import { readFileSync } from "node:fs";
import { join } from "node:path";
import { findCheckout } from "./checkout.js";

let version: string | undefined;

/** The version in the checkout's package.json; "unknown" without one. */
export function daemonVersion(): string {
  version ??= readVersion();
  return version;
}

function readVersion(): string {
  const root = findCheckout();
  if (root === undefined) return "unknown";
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    version?: unknown;
  };
  return typeof pkg.version === "string" ? pkg.version : "unknown";
}
