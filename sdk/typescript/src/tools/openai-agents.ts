// Sandbox tools for the OpenAI Agents SDK:
// `import { sandboxTools } from "@sandkasten/client/openai-agents"`.
import { type FunctionTool, tool } from "@openai/agents";
import type { Session } from "../session.js";
import { type SandboxToolsOptions, sandboxToolDefinitions } from "./shared.js";

/** The tools' parameter schemas (zod objects). */
type ToolParameters = Parameters<typeof tool>[0]["parameters"];

/**
 * run_command, read_file, write_file and list_files bound to one session,
 * for `new Agent({ tools: sandboxTools(session) })`. Each returns JSON text.
 */
export function sandboxTools(
  session: Session,
  options?: SandboxToolsOptions,
): FunctionTool<unknown, ToolParameters, string>[] {
  const d = sandboxToolDefinitions(session, options);
  return [
    tool({
      name: "run_command",
      description: d.run_command.description,
      parameters: d.run_command.inputSchema,
      execute: async (input, _context, details) =>
        JSON.stringify(await d.run_command.run(input, details?.signal)),
    }),
    tool({
      name: "read_file",
      description: d.read_file.description,
      parameters: d.read_file.inputSchema,
      execute: async (input, _context, details) =>
        JSON.stringify(await d.read_file.run(input, details?.signal)),
    }),
    tool({
      name: "write_file",
      description: d.write_file.description,
      parameters: d.write_file.inputSchema,
      execute: async (input, _context, details) =>
        JSON.stringify(await d.write_file.run(input, details?.signal)),
    }),
    tool({
      name: "list_files",
      description: d.list_files.description,
      parameters: d.list_files.inputSchema,
      execute: async (input, _context, details) =>
        JSON.stringify(await d.list_files.run(input, details?.signal)),
    }),
  ];
}

export type * from "./shared.js";
