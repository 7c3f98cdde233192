import { didYouMean } from "../rest/did-you-mean.js";
import { imageReference } from "../sessions/images.js";
import type { ConfigProblem } from "./load.js";

/**
 * pool.images with each key as the image reference a session create would
 * ask for: short names (python = sandbox-runtime:python) work here as they
 * do there. A key naming no allowed image, or two keys naming one image,
 * is a problem that stops start-up: a pool that could never be taken from
 * must not be filled (or retried) in silence.
 */
export function poolImageTargets(
  images: Readonly<Record<string, number>>,
  allowed: readonly string[],
): { images: Record<string, number>; problems: ConfigProblem[] } {
  const targets: Record<string, number> = {};
  const keyFor = new Map<string, string>();
  const problems: ConfigProblem[] = [];
  for (const [key, size] of Object.entries(images)) {
    const reference = imageReference(key);
    if (!allowed.includes(reference)) {
      problems.push({ key: "pool.images", message: notAllowed(key, allowed) });
      continue;
    }
    const earlier = keyFor.get(reference);
    if (earlier !== undefined) {
      problems.push({
        key: "pool.images",
        message: `pool.images: "${earlier}" and "${key}" both name ${reference}; keep one`,
      });
      continue;
    }
    keyFor.set(reference, key);
    targets[reference] = size;
  }
  return { images: targets, problems };
}

function notAllowed(key: string, allowed: readonly string[]): string {
  const shortNames = allowed
    .map((reference) => reference.split(":").at(-1) ?? "")
    .filter((name) => name !== "" && imageReference(name) !== name);
  const guess = didYouMean(key, [...shortNames, ...allowed]);
  const hint = guess === undefined ? "" : ` (did you mean "${guess}"?)`;
  const names = shortNames.length > 0 ? `short names ${shortNames.join(", ")} or ` : "";
  return (
    `pool.images: "${key}" is not an allowed image${hint}; ` +
    `use ${names}one of allowed_images: ${allowed.join(", ")}`
  );
}
