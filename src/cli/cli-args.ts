import { parseArgs } from "node:util";

/** A command-line mistake: the CLI prints the reason and the usage, and exits with 2. */
export class UsageError extends Error {}

/** A failure to report in one line (no stack): the CLI prints it and exits with 1. */
export class CliError extends Error {}

export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  /** The value's placeholder in the usage, e.g. "MS". */
  value?: string;
  doc: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

export type OptionValues = Record<string, string | boolean | undefined>;

export interface ParsedArgs {
  values: OptionValues;
  positionals: string[];
  /** What follows the positionals a command reads as words (exec's CMD...). */
  rest: string[];
}

export interface ArgShape {
  options: OptionSpecs;
  /** Positional arguments: at least min, at most max (Infinity: any number). */
  min: number;
  max: number;
  /** After this many positionals, everything else is `rest`, options included. */
  restAfter?: number;
}

/**
 * Parses a command's arguments strictly: an unknown option, a missing value
 * or a wrong number of arguments is a UsageError naming it.
 */
export function parseCommandArgs(args: string[], shape: ArgShape): ParsedArgs {
  const [own, rest] = shape.restAfter === undefined ? [args, []] : splitRest(args, shape);
  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs({
      args: own,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(
        Object.entries(shape.options).map(([name, o]) => [
          name,
          { type: o.type, ...(o.short ? { short: o.short } : {}) },
        ]),
      ),
    }) as { values: OptionValues; positionals: string[] };
  } catch (err) {
    throw new UsageError(parseArgsReason(err as Error & { code?: string }));
  }
  if (parsed.values.help) return { ...parsed, rest };
  const count = parsed.positionals.length;
  if (count < shape.min) throw new UsageError("missing argument");
  if (count > shape.max) {
    throw new UsageError(`unexpected argument: ${parsed.positionals[shape.max]}`);
  }
  if (shape.restAfter !== undefined && rest.length === 0) {
    throw new UsageError("missing argument");
  }
  return { ...parsed, rest };
}

/** Splits at the positional after which everything belongs to the command being run. */
function splitRest(args: string[], shape: ArgShape): [string[], string[]] {
  const takesValue = new Set<string>();
  for (const [name, o] of Object.entries(shape.options)) {
    if (o.type !== "string") continue;
    takesValue.add(`--${name}`);
    if (o.short) takesValue.add(`-${o.short}`);
  }
  let positionals = 0;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--") {
      const after = args.slice(i + 1);
      const needed = (shape.restAfter ?? 0) - positionals;
      return [[...args.slice(0, i), ...after.slice(0, needed)], after.slice(needed)];
    }
    if (arg.startsWith("-") && arg !== "-") {
      if (takesValue.has(arg)) i++;
      continue;
    }
    positionals++;
    if (positionals === shape.restAfter) return [args.slice(0, i + 1), args.slice(i + 1)];
  }
  return [args, []];
}

function parseArgsReason(err: Error & { code?: string }): string {
  const quoted = /'([^' ]+)/.exec(err.message)?.[1] ?? "";
  switch (err.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option: ${quoted}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return err.message.includes("does not take")
        ? `option ${quoted} takes no value`
        : `option ${quoted} needs a value`;
    default:
      return err.message;
  }
}

/** The option's value when given; a UsageError when it is not a whole number from min on. */
export function intOption(values: OptionValues, name: string, min = 0): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== "string" || !/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`--${name} must be a whole number${min > 0 ? ` ≥ ${min}` : ""}: ${raw}`);
  }
  return n;
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === "string" ? v : undefined;
}

/** The options part of a usage text: one line each, docs aligned. */
export function describeOptions(options: OptionSpecs): string {
  const rows = Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : "    "}--${name}${o.value ? ` ${o.value}` : ""}`;
    return [flag, o.doc] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return rows.map(([flag, doc]) => `  ${flag.padEnd(width)}  ${doc}`).join("\n");
}
