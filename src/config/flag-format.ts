import convict from "convict";

/**
 * The format of every on/off setting. A file or a variable may also spell it
 * as the original daemon read it (Go's yaml.v3 and strconv.ParseBool):
 * yes/no, on/off, y/n, 1/0, t/f, in any case. Any other text is refused:
 * convict's own Boolean reads every string but "false" as true, so that
 * `enabled: no` would have meant on.
 */
export const FLAG_FORMAT = "flag";

const TRUE_WORDS = new Set(["true", "yes", "on", "y", "1", "t"]);
const FALSE_WORDS = new Set(["false", "no", "off", "n", "0", "f"]);

/** true or false for a word that spells one, else undefined. */
export function flagWord(text: string): boolean | undefined {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

let registered = false;

export function registerFlagFormat(): void {
  if (registered) return;
  registered = true;
  convict.addFormat({
    name: FLAG_FORMAT,
    validate(value: unknown) {
      if (typeof value !== "boolean") throw new Error("must be true or false");
    },
    // Called for strings only (from the file or the environment).
    coerce: (text: string) => flagWord(text) ?? text,
  });
}
