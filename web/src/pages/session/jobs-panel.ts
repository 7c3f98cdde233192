import type { Job } from "../../../../gen/sandkasten/v1/job_pb.js";
import { api } from "../../api/clients.js";
import { describeError } from "../../api/errors.js";
import { fill, h } from "../../ui/dom.js";
import { emptyState, notice, toast } from "../../ui/notice.js";
import { type JobOutput, jobOutput } from "./job-output.js";
import { type JobRow, type JobSignal, jobRow } from "./job-row.js";

/** How often the list asks for the jobs' state. */
const POLL_EVERY_MS = 2000;

export interface JobsPanel {
  element: HTMLElement;
  stop(): void;
  /** The session is gone: the list and output stay to read, nothing starts or is signalled. */
  readOnly(): void;
}

/**
 * The session's jobs (commands that run beside its shell): start one, watch
 * the list (polled), open one's output and stdin, stop or kill it.
 */
export function jobsPanel(sessionId: string): JobsPanel {
  const rows = new Map<string, JobRow>();
  const tbody = h("tbody", {});
  const table = h(
    "div",
    { class: "table-wrap", hidden: true },
    h(
      "table",
      { class: "table jobs-table" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ...["Job", "Command", "Status", "Result", "Started", "Runtime", "Output"].map((t) =>
            h("th", { class: t === "Runtime" || t === "Output" ? "num" : undefined }, t),
          ),
          h("th", {}, h("span", { class: "visually-hidden" }, "Actions")),
        ),
      ),
      tbody,
    ),
  );
  const empty = emptyState(
    "No jobs yet",
    "Jobs you start here, or with background exec, appear in this list.",
  );
  const problem = h("div", { "aria-live": "polite" });
  const viewerHost = h("div", {});
  const input = h("input", {
    id: "job-command",
    type: "text",
    class: "mono command-input",
    spellcheck: "false",
    autocapitalize: "off",
    autocomplete: "off",
    placeholder: "python3 -m http.server 8000",
    "aria-describedby": "job-hint",
  });
  const start = h("button", { type: "submit", class: "button primary" }, "Start job");
  let viewer: JobOutput | undefined;
  let closed = false;
  let polling = false;

  const closeViewer = () => {
    viewer?.stop();
    viewer = undefined;
    fill(viewerHost);
  };
  const showOutput = (job: Job) => {
    closeViewer();
    viewer = jobOutput(sessionId, job, closeViewer, () => void refresh());
    if (closed) viewer.readOnly();
    viewerHost.append(viewer.element);
    viewer.element.scrollIntoView({ block: "nearest" });
  };
  const signal = async (job: Job, name: JobSignal) => {
    try {
      await api.jobs.signalJob({ sessionId, jobId: job.id, signal: name });
      toast("success", `Sent ${name} to ${job.id}.`);
    } catch (err) {
      toast("error", describeError(err));
    }
    void refresh();
  };
  const show = (jobs: Job[]) => {
    for (const job of jobs) {
      const row = rows.get(job.id);
      if (row) row.update(job);
      else {
        const made = jobRow(job, { output: showOutput, signal: (j, s) => void signal(j, s) });
        if (closed) made.readOnly();
        rows.set(job.id, made);
      }
    }
    const listed = new Set(jobs.map((j) => j.id));
    for (const [id, row] of rows) {
      if (!listed.has(id)) {
        row.element.remove();
        rows.delete(id);
      }
    }
    // Reorder only when the order changed, so that a focused button keeps its focus.
    const order = jobs.map((j) => j.id).join(" ");
    const shown = [...tbody.children].map((r) => (r as HTMLElement).dataset.jobId).join(" ");
    if (order !== shown) tbody.replaceChildren(...jobs.map((j) => rows.get(j.id)?.element ?? ""));
    table.hidden = jobs.length === 0;
    empty.hidden = jobs.length > 0;
  };
  async function refresh(): Promise<void> {
    if (polling || closed) return;
    polling = true;
    try {
      const { jobs } = await api.jobs.listJobs({ sessionId });
      if (!closed) {
        show(jobs);
        fill(problem);
      }
    } catch (err) {
      if (!closed) fill(problem, notice("error", `Listing the jobs failed: ${describeError(err)}`));
    } finally {
      polling = false;
    }
  }
  const submit = async () => {
    const cmd = input.value;
    if (cmd.trim() === "" || start.disabled || closed) return;
    start.disabled = true;
    try {
      await api.jobs.startJob({ sessionId, cmd });
      input.value = "";
      fill(problem);
    } catch (err) {
      fill(problem, notice("error", `Starting the job failed: ${describeError(err)}`));
    } finally {
      start.disabled = false;
    }
    await refresh();
  };
  const form = h(
    "form",
    {
      class: "command-form job-form",
      onsubmit: (e: Event) => {
        e.preventDefault();
        void submit();
      },
    },
    h("label", { for: "job-command" }, "Job command"),
    h("div", { class: "job-form-row" }, input, start),
    h(
      "p",
      { id: "job-hint", class: "hint" },
      "A fresh bash beside the shell, in its current directory; it goes on running after you leave. Its last 1 MiB of output is kept.",
    ),
  );
  const element = h("div", { class: "jobs-panel" }, form, problem, empty, table, viewerHost);
  const poll = window.setInterval(() => void refresh(), POLL_EVERY_MS);
  void refresh();
  queueMicrotask(() => input.focus());
  return {
    element,
    stop: () => {
      closed = true;
      window.clearInterval(poll);
      viewer?.stop();
    },
    readOnly: () => {
      if (closed) return;
      closed = true;
      window.clearInterval(poll);
      form.remove();
      for (const row of rows.values()) row.readOnly();
      viewer?.readOnly();
    },
  };
}
