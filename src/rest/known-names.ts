import { didYouMean } from "./did-you-mean.js";
import { HttpError } from "./http-error.js";

// Refuses names a route does not take (a JSON body's fields, a URL's query
// parameters), so that a typo is an error rather than a silent default.
export function checkKnownNames(
  what: "field" | "query parameter",
  given: Iterable<string>,
  known: readonly string[],
): void {
  const unknown = [...given].filter((name) => !known.includes(name));
  if (unknown.length === 0) return;
  const described = unknown.map((name) => {
    const guess = didYouMean(name, known);
    return guess === undefined ? `"${name}"` : `"${name}" (did you mean "${guess}"?)`;
  });
  const plural = unknown.length === 1 ? what : `${what}s`;
  const accepted = known.length === 0 ? "none are accepted here" : `accepted: ${known.join(", ")}`;
  throw new HttpError(
    400,
    `unknown ${plural} ${described.join(", ")}; ${accepted}`,
    {},
    {
      unknown,
      accepted: known,
    },
  );
}
