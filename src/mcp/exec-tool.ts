import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import * as z from "zod";
import type { ExecEnded } from "../../gen/sandkasten/v1/exec_pb.js";
import { callOptionsFor, type SandboxApi } from "./clients.js";
import { ExecOutput } from "./exec-output.js";
import { describeExecResult, type ExecToolResult, execToolResult } from "./exec-result.js";
import { MAX_COMMAND_CHARS, MAX_EXEC_OUTPUT_CHARS } from "./limits.js";
import { sessionId } from "./schemas.js";
import { guarded, toolResult } from "./tool-result.js";

const MAX_TIMEOUT_MS = 24 * 3600 * 1000;

export function registerExecTool(server: McpServer, api: SandboxApi): void {
  server.registerTool(
    "exec",
    {
      title: "Run a shell command",
      description:
        "Runs a command in the session's persistent bash (cd, exports and background jobs carry over between calls). " +
        "stdout and stderr come back together, in order. When the request carries a progressToken, each piece of output " +
        "is also sent as it arrives, as the message of a notifications/progress. A non-zero exit code is a result, not an error. " +
        'With background, or on_timeout "detach" past timeout_ms, the command runs on as a job beside the shell (its cd and ' +
        "exports do not carry over) and the result has its job_id: read it with job_output, stop it with signal_job.",
      inputSchema: {
        session_id: sessionId,
        command: z
          .string()
          .min(1)
          .max(MAX_COMMAND_CHARS)
          .refine((cmd) => !cmd.includes("\0"), "a command must not contain NUL")
          .describe("Bash source; may span lines"),
        timeout_ms: z
          .number()
          .int()
          .min(1)
          .max(MAX_TIMEOUT_MS)
          .optional()
          .describe("Stop the command after this long; the daemon's maximum when absent"),
        background: z
          .boolean()
          .optional()
          .describe("Start the command as a job and answer its job_id at once"),
        on_timeout: z
          .enum(["kill", "detach"])
          .optional()
          .describe(
            "kill (default): stop the command at timeout_ms; detach: leave it running as a job and answer its job_id and the output so far",
          ),
      },
      outputSchema: {
        exit_code: z.number().int(),
        cwd: z.string(),
        output: z.string(),
        truncated: z.boolean(),
        output_bytes: z.number().int(),
        omitted_bytes: z.number().int(),
        timed_out: z.boolean(),
        duration_ms: z.number(),
        shell_restarted: z.boolean(),
        job_id: z.string().optional(),
      },
    },
    (input, extra) =>
      guarded(async () => {
        if (input.background || input.on_timeout === "detach") {
          // As a job: unary Exec, which alone takes background and on_timeout.
          const r = await api.exec.exec(
            {
              sessionId: input.session_id,
              cmd: input.command,
              timeoutMs: input.timeout_ms ?? 0,
              background: input.background ?? false,
              onTimeout: input.on_timeout ?? "",
            },
            callOptionsFor(api, extra.signal),
          );
          const result = execToolResult(r);
          return toolResult(describeExecResult(result), { ...result });
        }
        const progressToken = extra._meta?.progressToken;
        let progress = 0;
        const report = async (message: string | undefined) => {
          if (progressToken === undefined) return;
          progress += 1;
          await extra.sendNotification({
            method: "notifications/progress",
            params: { progressToken, progress, ...(message === undefined ? {} : { message }) },
          });
        };
        const output = new ExecOutput(MAX_EXEC_OUTPUT_CHARS);
        let ended: ExecEnded | undefined;
        const events = api.exec.execStream(
          {
            sessionId: input.session_id,
            cmd: input.command,
            timeoutMs: input.timeout_ms ?? 0,
            combineOutput: true,
          },
          callOptionsFor(api, extra.signal),
        );
        for await (const { event } of events) {
          if (event.case === "output") {
            const text = output.push(event.value.data);
            if (text !== "") await report(text);
          } else if (event.case === "keepalive") {
            // Lets clients that reset their timeout on progress wait for long silences.
            await report(undefined);
          } else if (event.case === "ended") {
            // Not a break: the stream ends right after, and reading it to its end
            // lets the daemon's side of the call finish (and be counted as done).
            ended = event.value;
          }
        }
        if (ended === undefined) throw new Error("the command's output ended without a result");
        const rest = output.end();
        if (rest !== "") await report(rest);
        const capped = output.result();
        const result: ExecToolResult = {
          exit_code: ended.exitCode,
          cwd: ended.cwd,
          output: capped.text,
          truncated: capped.truncated,
          output_bytes: capped.totalBytes,
          omitted_bytes: capped.omittedBytes,
          timed_out: ended.timedOut,
          duration_ms: Number(ended.durationMs),
          shell_restarted: ended.shellRestarted,
        };
        return toolResult(describeExecResult(result), { ...result });
      }),
  );
}
