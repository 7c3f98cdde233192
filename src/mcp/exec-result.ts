import type { ExecResponse } from "../../gen/sandkasten/v1/exec_pb.js";

/** What the exec tool answers, as structured content. */
export interface ExecToolResult {
  exit_code: number;
  cwd: string;
  output: string;
  truncated: boolean;
  output_bytes: number;
  omitted_bytes: number;
  timed_out: boolean;
  duration_ms: number;
  shell_restarted: boolean;
  /** Set when the command runs (or went on running) as a job. */
  job_id?: string;
}

/** A unary Exec's answer (a command run as a job) as the tool's result. */
export function execToolResult(r: ExecResponse): ExecToolResult {
  return {
    exit_code: r.exitCode,
    cwd: r.cwd,
    output: r.output,
    truncated: r.truncated,
    output_bytes: Number(r.outputBytes),
    omitted_bytes: Number(r.omittedBytes),
    timed_out: r.timedOut,
    duration_ms: Number(r.durationMs),
    shell_restarted: r.shellRestarted,
    ...(r.jobId ? { job_id: r.jobId } : {}),
  };
}

/** The result as text for the model: the output, then a line of notes. */
export function describeExecResult(r: ExecToolResult): string {
  const runsOn = r.job_id !== undefined && r.exit_code === -1;
  const notes = [
    ...(runsOn
      ? [
          `still running as job ${r.job_id} (job_output reads it, write_job_stdin feeds it, signal_job stops it)`,
        ]
      : [`exit code ${r.exit_code}`]),
    ...(r.job_id !== undefined && !runsOn ? [`ran as job ${r.job_id}`] : []),
    ...(r.cwd !== "" ? [`cwd ${r.cwd}`] : []),
    ...(r.timed_out ? [runsOn ? "timeout reached" : "timed out"] : []),
    ...(r.truncated
      ? [`output truncated: ${r.omitted_bytes} of ${r.output_bytes} bytes left out in the middle`]
      : []),
    ...(r.shell_restarted ? ["the shell ended and was restarted"] : []),
  ];
  const body = r.output === "" || r.output.endsWith("\n") ? r.output : `${r.output}\n`;
  return `${body}[${notes.join(", ")}]`;
}
