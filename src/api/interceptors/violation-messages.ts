// What a field must be, in words, for each proto rule the services use.

const patterns: Record<string, string> = {
  "^[a-z0-9]{0,64}$": "must be an id of at most 64 lowercase letters and digits",
  "^[a-z0-9]{1,64}$": "must be an id of 1-64 lowercase letters and digits",
  "^[a-z0-9]{1,32}$": "must be an id of 1-32 lowercase letters and digits",
  "^[A-Za-z_][A-Za-z0-9_]{0,127}$":
    "must be a variable name: a letter or _, then letters, digits or _ (at most 128)",
  "^[A-Za-z0-9][A-Za-z0-9._/:@-]*$":
    "must be an image name such as python or sandbox-runtime:python",
  "^(SIG[A-Z0-9]{1,12})?$": "must be a signal name such as SIGTERM",
  "^[a-z_]{1,64}(\\.[a-z_]{1,64})?$": "must be a setting name such as pool.enabled",
};

const comparisons: [RegExp, string][] = [
  [/^must be less than or equal to (.+)$/, "must be at most $1"],
  [/^must be greater than or equal to (.+)$/, "must be at least $1"],
  [/^must be at least 1 characters$/, "must not be empty"],
  [/^must be at (most|least) (\d+) characters$/, "must be at $1 $2 characters"],
  [/^must be at (most|least) (\d+) bytes$/, "must be at $1 $2 bytes"],
  [/^must contain at most (\d+) item\(s\)$/, "must have at most $1 items"],
  [/^map must be at most (\d+) entries$/, "must have at most $1 entries"],
];

export function describeViolation(ruleId: string, message: string): string {
  if (ruleId === "string.pattern") {
    const pattern = /`(.*)`$/.exec(message)?.[1];
    return (pattern !== undefined && patterns[pattern]) || "has characters that are not allowed";
  }
  if (ruleId === "string.not_contains" && message.includes("\u0000")) {
    return "must not contain NUL characters";
  }
  if (ruleId === "enum.defined_only" || ruleId === "enum.not_in") return "is not a known value";
  for (const [re, words] of comparisons) {
    if (re.test(message)) return message.replace(re, words);
  }
  // Custom (CEL) rules carry their own message; others keep theirs, without the rule id.
  return message;
}
