// The sandbox tools for agent frameworks, written once: each has a name, a
// description, a zod input schema and a run function bound to a session.
// tools/ai.ts and tools/openai-agents.ts only wrap them in their framework's
// tool(). Optional inputs are nullable, not optional: OpenAI's strict mode
// needs every property listed as required.
import { z } from "zod";
import {
  ConflictError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
} from "../errors.js";
import type { Session } from "../session.js";

export interface SandboxToolsOptions {
  /** Command timeout when the model gives none; default the daemon's maximum. */
  defaultTimeoutMs?: number;
  /** Output beyond this many characters is cut (from the middle); default 20000. */
  maxOutputChars?: number;
}

export const runCommandInput = z.object({
  command: z.string().min(1).describe("Bash source to run in the sandbox's persistent shell"),
  timeout_ms: z
    .number()
    .int()
    .positive()
    .nullable()
    .describe("Stop the command after this many milliseconds; null for the default"),
});

export const readFileInput = z.object({
  path: z.string().min(1).describe("File path, relative to /workspace or absolute"),
});

export const writeFileInput = z.object({
  path: z.string().min(1).describe("File path, relative to /workspace or absolute"),
  content: z.string().describe("The file's whole new content"),
});

export const listFilesInput = z.object({
  path: z
    .string()
    .nullable()
    .describe("Directory, relative to /workspace or absolute; null for /workspace"),
});

export type RunCommandInput = z.infer<typeof runCommandInput>;
export type ReadFileInput = z.infer<typeof readFileInput>;
export type WriteFileInput = z.infer<typeof writeFileInput>;
export type ListFilesInput = z.infer<typeof listFilesInput>;

/** What a tool returns for a failure the model can fix, instead of throwing. */
export interface ToolError {
  error: string;
}

export type RunCommandOutput =
  | { exitCode: number; output: string; cwd: string; timedOut: boolean }
  | ToolError;
export type ReadFileOutput = { path: string; content: string } | ToolError;
export type WriteFileOutput = { path: string; size: number } | ToolError;
export type ListFilesOutput =
  | { entries: { name: string; type: "file" | "directory" | "symlink"; size: number }[] }
  | ToolError;

/** Errors the model can act on: returned to it as { error } instead of thrown. */
const modelFixable = [NotFoundError, InvalidArgumentError, ConflictError, PermissionDeniedError];

async function orModelError<T>(work: Promise<T>): Promise<T | ToolError> {
  try {
    return await work;
  } catch (err) {
    if (modelFixable.some((type) => err instanceof type)) {
      return { error: `${(err as Error).name}: ${(err as Error).message}` };
    }
    throw err;
  }
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const half = Math.floor(max / 2);
  return `${text.slice(0, half)}\n[... ${text.length - max} characters cut ...]\n${text.slice(-half)}`;
}

/** The four tools' definitions, bound to one session. */
export function sandboxToolDefinitions(session: Session, options: SandboxToolsOptions = {}) {
  const maxChars = options.maxOutputChars ?? 20_000;
  return {
    run_command: {
      description:
        "Run a bash command in the sandbox and return its exit code and combined output. The shell persists between calls (cwd, variables).",
      inputSchema: runCommandInput,
      run: (input: RunCommandInput, signal?: AbortSignal): Promise<RunCommandOutput> =>
        orModelError(
          session
            .exec(input.command, {
              timeoutMs: input.timeout_ms ?? options.defaultTimeoutMs,
              signal,
            })
            .then((r) => ({
              exitCode: r.exitCode,
              output: clip(r.output, maxChars),
              cwd: r.cwd,
              timedOut: r.timedOut,
            })),
        ),
    },
    read_file: {
      description: "Read a text file from the sandbox.",
      inputSchema: readFileInput,
      run: (input: ReadFileInput, signal?: AbortSignal): Promise<ReadFileOutput> =>
        orModelError(
          session
            .readText(input.path, { signal })
            .then((content) => ({ path: input.path, content: clip(content, maxChars) })),
        ),
    },
    write_file: {
      description:
        "Create or replace a file in the sandbox with the given content, creating parent directories.",
      inputSchema: writeFileInput,
      run: (input: WriteFileInput, signal?: AbortSignal): Promise<WriteFileOutput> =>
        orModelError(session.write(input.path, input.content, { signal })),
    },
    list_files: {
      description: "List a directory in the sandbox: names, types and sizes.",
      inputSchema: listFilesInput,
      run: (input: ListFilesInput, signal?: AbortSignal): Promise<ListFilesOutput> =>
        orModelError(
          session.list(input.path ?? "", { signal }).then((entries) => ({
            entries: entries.map((e) => ({
              name: e.name,
              type: e.isDir
                ? ("directory" as const)
                : e.isSymlink
                  ? ("symlink" as const)
                  : ("file" as const),
              size: e.size,
            })),
          })),
        ),
    },
  };
}
