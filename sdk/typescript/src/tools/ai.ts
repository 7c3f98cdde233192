// Sandbox tools for the Vercel AI SDK: `import { sandboxTools } from "@sandkasten/client/ai"`.
import { type Tool, tool } from "ai";
import type { Session } from "../session.js";
import {
  type ListFilesInput,
  type ListFilesOutput,
  type ReadFileInput,
  type ReadFileOutput,
  type RunCommandInput,
  type RunCommandOutput,
  type SandboxToolsOptions,
  sandboxToolDefinitions,
  type WriteFileInput,
  type WriteFileOutput,
} from "./shared.js";

/** A type, not an interface: it must fit the AI SDK's indexed ToolSet. */
export type SandboxToolSet = {
  run_command: Tool<RunCommandInput, RunCommandOutput>;
  read_file: Tool<ReadFileInput, ReadFileOutput>;
  write_file: Tool<WriteFileInput, WriteFileOutput>;
  list_files: Tool<ListFilesInput, ListFilesOutput>;
};

/**
 * run_command, read_file, write_file and list_files bound to one session,
 * as a ToolSet for generateText/streamText: `tools: sandboxTools(session)`.
 */
export function sandboxTools(session: Session, options?: SandboxToolsOptions): SandboxToolSet {
  const d = sandboxToolDefinitions(session, options);
  return {
    run_command: tool({
      description: d.run_command.description,
      inputSchema: d.run_command.inputSchema,
      execute: (input, { abortSignal }) => d.run_command.run(input, abortSignal),
    }),
    read_file: tool({
      description: d.read_file.description,
      inputSchema: d.read_file.inputSchema,
      execute: (input, { abortSignal }) => d.read_file.run(input, abortSignal),
    }),
    write_file: tool({
      description: d.write_file.description,
      inputSchema: d.write_file.inputSchema,
      execute: (input, { abortSignal }) => d.write_file.run(input, abortSignal),
    }),
    list_files: tool({
      description: d.list_files.description,
      inputSchema: d.list_files.inputSchema,
      execute: (input, { abortSignal }) => d.list_files.run(input, abortSignal),
    }),
  };
}

export type * from "./shared.js";
