import { type Job, JobStatus } from "../../../../gen/sandkasten/v1/job_pb.js";
import { badge } from "../../ui/badge.js";
import { fill, h } from "../../ui/dom.js";
import { formatBytes, formatDuration, formatSpan, formatTime, toDate } from "../../ui/format.js";

export type JobSignal = "SIGTERM" | "SIGKILL";

export interface JobRowActions {
  output(job: Job): void;
  signal(job: Job, signal: JobSignal): void;
}

export interface JobRow {
  element: HTMLTableRowElement;
  update(job: Job): void;
  /** The session is gone: the row stays to read, its job can't be signalled. */
  readOnly(): void;
}

/** "exit 0", "SIGTERM (exit 143)", or nothing while it runs. */
export function jobResult(job: Job): string {
  if (job.status !== JobStatus.EXITED) return "";
  return job.signal ? `${job.signal} (exit ${job.exitCode})` : `exit ${job.exitCode}`;
}

/** How long it ran, or has run so far. */
export function jobRuntime(job: Job, now = Date.now()): string {
  const started = toDate(job.startedAt);
  if (!started) return "—";
  const ms = Math.max(0, (toDate(job.endedAt)?.getTime() ?? now) - started.getTime());
  return ms < 60_000 ? formatDuration(ms) : formatSpan(ms);
}

/** One job in the jobs table: its facts, and Output, Stop and Kill. */
export function jobRow(initial: Job, actions: JobRowActions): JobRow {
  let job = initial;
  let closed = false;
  const cell = (cls?: string) => h("td", { class: cls });
  const [status, result, started, runtime, output] = [
    cell(),
    cell("job-result"),
    cell(),
    cell("num"),
    cell("num"),
  ] as const;
  const button = (label: string, title: string, onclick: () => void, cls = "button small") =>
    h("button", { type: "button", class: cls, title, onclick }, label);
  const stop = button("Stop", "Send SIGTERM to its process group", () =>
    actions.signal(job, "SIGTERM"),
  );
  const kill = button(
    "Kill",
    "Send SIGKILL to its process group",
    () => actions.signal(job, "SIGKILL"),
    "button small danger",
  );
  const element = h(
    "tr",
    { "data-job-id": job.id },
    h("td", { class: "mono" }, job.id),
    h("td", { class: "mono job-cmd", title: job.cmd }, job.cmd),
    status,
    result,
    started,
    runtime,
    output,
    h(
      "td",
      { class: "row-actions" },
      button("Output", "Show what it wrote, then follow it", () => actions.output(job)),
      stop,
      kill,
    ),
  );
  const update = (next: Job) => {
    job = next;
    const running = job.status === JobStatus.RUNNING;
    element.dataset.status = running ? "running" : "exited";
    fill(status, running ? badge("running", "success") : badge("exited"));
    result.textContent = jobResult(job);
    result.className = `job-result ${running ? "" : job.exitCode === 0 ? "ok" : "fail"}`;
    started.textContent = formatTime(toDate(job.startedAt));
    runtime.textContent = jobRuntime(job);
    output.textContent =
      job.droppedBytes > 0n
        ? `${formatBytes(job.outputBytes)} (${formatBytes(job.droppedBytes)} dropped)`
        : formatBytes(job.outputBytes);
    stop.hidden = kill.hidden = !running || closed;
  };
  update(job);
  return {
    element,
    update,
    readOnly: () => {
      closed = true;
      update(job);
    },
  };
}
