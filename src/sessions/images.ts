import { DomainError } from "../errors/domain-error.js";

const SHORT_NAMES: Record<string, string> = {
  base: "sandbox-runtime:base",
  python: "sandbox-runtime:python",
  node: "sandbox-runtime:node",
};

/** The reference a short name (base, python, node) stands for; any other name as it is. */
export function imageReference(wanted: string): string {
  return SHORT_NAMES[wanted] ?? wanted;
}

/** Turns a requested image (short name or reference) into an allowed reference. */
export function resolveImage(
  requested: string,
  defaultImage: string,
  allowed: readonly string[],
): string {
  const wanted = requested === "" ? defaultImage : requested;
  const reference = imageReference(wanted);
  if (!allowed.includes(reference)) {
    throw new DomainError(
      "invalid",
      `image "${wanted}" is not allowed; allowed: ${allowed.join(", ")} (short names: ${Object.keys(SHORT_NAMES).join(", ")})`,
      { reason: "INVALID_IMAGE" },
    );
  }
  return reference;
}
