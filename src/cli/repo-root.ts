import { findCheckout } from "../checkout.js";

/** The checkout this CLI runs from (the folder holding images/ and package.json). */
export function repoRoot(): string {
  const root = findCheckout();
  if (root === undefined) {
    throw new Error("cannot find the sandkasten checkout (images/ and package.json)");
  }
  return root;
}
