import { existsSync } from "node:fs";
import { join } from "node:path";
import { findCheckout } from "../../checkout.js";

/** web/dist of the checkout the daemon runs from; undefined when there is no web/ folder. */
export function findDashboardDir(): string | undefined {
  const root = findCheckout();
  if (root === undefined || !existsSync(join(root, "web", "package.json"))) return undefined;
  return join(root, "web", "dist");
}
