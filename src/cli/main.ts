import { CliError, parseCommandArgs, UsageError } from "./cli-args.js";
import { type Command, commands, groupDefaults } from "./commands.js";
import { commandUsage, groupUsage, overview } from "./usage.js";

/** What the arguments ask for: a command and its own arguments, or a help text. */
type Dispatch =
  | { command: Command; args: string[] }
  | { help: string }
  | { usageError: string; usage: string };

const byName = new Map(commands.map((c) => [c.name, c]));
const groupOf = (word: string) => commands.filter((c) => c.name.startsWith(`${word} `));
const isHelp = (arg: string | undefined) => arg === "--help" || arg === "-h";

function dispatch(argv: string[]): Dispatch {
  const [first, ...rest] = argv;
  // No command, or options only (`sandkasten --config FILE`): the daemon.
  if (first === undefined || (first.startsWith("-") && !isHelp(first) && first !== "--version")) {
    return { command: byName.get("serve") as Command, args: argv };
  }
  if (isHelp(first)) return { help: overview(commands) };
  if (first === "--version") return { command: byName.get("version") as Command, args: rest };
  if (first === "help") return helpFor(rest);
  const second = rest[0];
  const pair = second === undefined ? undefined : byName.get(`${first} ${second}`);
  if (pair) return { command: pair, args: rest.slice(1) };
  const single = byName.get(first);
  if (single) return { command: single, args: rest };
  const group = groupOf(first);
  if (group.length === 0) {
    return { usageError: `unknown command: ${first}`, usage: overview(commands) };
  }
  if (isHelp(second)) return { help: groupUsage(first, group) };
  const fallback = groupDefaults[first];
  if (fallback !== undefined && (second === undefined || second.startsWith("-"))) {
    return { command: byName.get(`${first} ${fallback}`) as Command, args: rest };
  }
  return {
    usageError:
      second === undefined
        ? `${first}: name a command (${group.map((c) => c.name.split(" ")[1]).join(", ")})`
        : `unknown command: ${first} ${second}`,
    usage: groupUsage(first, group),
  };
}

/** `sandkasten help [COMMAND]`. */
function helpFor(words: string[]): Dispatch {
  if (words.length === 0) return { help: overview(commands) };
  const command = byName.get(words.slice(0, 2).join(" ")) ?? byName.get(words[0] ?? "");
  if (command) return { help: commandUsage(command) };
  const group = groupOf(words[0] ?? "");
  if (group.length > 0) return { help: groupUsage(words[0] ?? "", group) };
  return { usageError: `unknown command: ${words.join(" ")}`, usage: overview(commands) };
}

async function main(argv: string[]): Promise<number> {
  const d = dispatch(argv);
  if ("help" in d) {
    process.stdout.write(d.help);
    return 0;
  }
  if ("usageError" in d) {
    process.stderr.write(`sandkasten: ${d.usageError}\n\n${d.usage}`);
    return 2;
  }
  const { command } = d;
  try {
    const parsed = parseCommandArgs(d.args, command);
    if (parsed.values.help) {
      process.stdout.write(commandUsage(command));
      return 0;
    }
    return await command.run(parsed);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(
        `sandkasten ${command.name}: ${err.message}\n\n${commandUsage(command)}`,
      );
      return 2;
    }
    const message = err instanceof CliError || err instanceof Error ? err.message : String(err);
    process.stderr.write(`sandkasten ${command.name}: ${message}\n`);
    return 1;
  }
}

// `sandkasten logs | head`: a reader that went away ends the command quietly.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
});

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`sandkasten: ${(err as Error).message}\n`);
    process.exitCode = 1;
  },
);
