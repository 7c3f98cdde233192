import { describeOptions } from "./cli-args.js";
import type { Command } from "./commands.js";

function usageLine(c: Command): string {
  return [c.name, c.args].filter(Boolean).join(" ");
}

function commandList(list: readonly Command[]): string {
  const width = Math.max(...list.map((c) => usageLine(c).length));
  return list.map((c) => `  ${usageLine(c).padEnd(width)}  ${c.summary}`).join("\n");
}

/** The overview: every command with its one-line summary. */
export function overview(commands: readonly Command[]): string {
  return `usage: sandkasten [COMMAND] [OPTIONS]   (no command: serve)

commands:
${commandList(commands)}

'sandkasten COMMAND --help' (or 'sandkasten help COMMAND') shows a command's options.
`;
}

/** The commands of a group such as "images". */
export function groupUsage(group: string, commands: readonly Command[]): string {
  return `usage: sandkasten ${group} COMMAND [OPTIONS]

commands:
${commandList(commands)}

'sandkasten ${group} COMMAND --help' shows a command's options.
`;
}

/** One command's usage line, summary and options. */
export function commandUsage(c: Command): string {
  return `usage: sandkasten ${c.name} [OPTIONS]${c.args ? ` ${c.args}` : ""}

${c.summary}

options:
${describeOptions(c.options)}
`;
}
