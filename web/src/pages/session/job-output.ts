import { OutputStream } from "../../../../gen/sandkasten/v1/exec_pb.js";
import { type Job, JobStatus } from "../../../../gen/sandkasten/v1/job_pb.js";
import { api } from "../../api/clients.js";
import { describeError, isCancel } from "../../api/errors.js";
import { h } from "../../ui/dom.js";
import { jobResult, jobRuntime } from "./job-row.js";
import { jobStdin } from "./job-stdin.js";
import { AnsiParser, type AnsiSink } from "./output/ansi-parser.js";
import { OutputBuffer, type StreamName } from "./output/output-buffer.js";
import { OutputView } from "./output/output-view.js";

export interface JobOutput {
  element: HTMLElement;
  jobId: string;
  stop(): void;
  /** The session is gone: what was shown stays, nothing is sent. */
  readOnly(): void;
}

/**
 * A job's output: what its ring keeps (after a line saying how much it
 * dropped), then live until it ends, rendered as the exec console renders a
 * command's; below, its stdin while it runs. `onEnded` hears when it ended.
 */
export function jobOutput(
  sessionId: string,
  job: Job,
  onClose: () => void,
  onEnded: () => void,
): JobOutput {
  const abort = new AbortController();
  const buffer = new OutputBuffer();
  const view = new OutputView(buffer);
  const stdin = jobStdin(sessionId, job.id);
  const dropped = h("p", { class: "exec-overflow", hidden: true });
  const result = h(
    "p",
    { class: "exec-result" },
    h("span", { class: "spinner", "aria-hidden": "true" }),
    "running…",
  );
  const block = h(
    "section",
    { class: "exec-block", "data-state": "running", "aria-label": `Output of ${job.id}` },
    h(
      "p",
      { class: "exec-cmd" },
      h("span", { class: "prompt", "aria-hidden": "true" }, "$ "),
      job.cmd,
    ),
    dropped,
    view.element,
    result,
  );
  const element = h(
    "section",
    { class: "card job-viewer", "aria-labelledby": "job-viewer-title" },
    h(
      "div",
      { class: "toolbar" },
      h("h2", { id: "job-viewer-title" }, `Job ${job.id}`),
      h("button", { type: "button", class: "button small", onclick: onClose }, "Close"),
    ),
    block,
    stdin.element,
  );
  // stderr joins stdout in a job, in order: one parser for both.
  const sinkFor = (name: StreamName): AnsiSink => ({
    text: (text, style) => buffer.write(text, name, style),
    carriageReturn: () => buffer.carriageReturn(),
  });
  const sinks = { stdout: sinkFor("stdout"), stderr: sinkFor("stderr") };
  const parser = new AnsiParser();
  const decoder = new TextDecoder();
  const finish = (state: string, ...parts: (Node | string)[]) => {
    block.dataset.state = state;
    result.replaceChildren(...parts);
  };
  const ended = (j: Job) => {
    const ok = j.exitCode === 0 && !j.signal;
    finish(
      ok ? "ok" : "failed",
      h("span", { class: ok ? "exit ok" : "exit fail" }, jobResult(j)),
      ` · ${jobRuntime(j)} · `,
      h("span", { class: "mono" }, j.cwd),
    );
    stdin.element.hidden = true;
    onEnded();
  };
  void (async () => {
    try {
      const stream = api.jobs.attachJob({ sessionId, jobId: job.id }, { signal: abort.signal });
      for await (const { event } of stream) {
        if (event.case === "droppedBytes") {
          dropped.hidden = false;
          dropped.textContent = `${event.value.toLocaleString("en-US")} bytes dropped: the job's ring keeps only its latest output.`;
        } else if (event.case === "output") {
          const sink = event.value.stream === OutputStream.STDERR ? sinks.stderr : sinks.stdout;
          parser.feed(decoder.decode(event.value.data, { stream: true }), sink);
          view.update();
        } else if (event.case === "ended") ended(event.value);
      }
      if (block.dataset.state === "running") finish("failed", "the stream ended without a result");
    } catch (err) {
      if (!(isCancel(err) || abort.signal.aborted)) {
        finish("error", h("span", { class: "exit fail" }, describeError(err)));
      }
    } finally {
      parser.feed(decoder.decode(), sinks.stdout);
      view.update();
    }
  })();
  if (job.status !== JobStatus.RUNNING) stdin.element.hidden = true;
  const stop = () => {
    abort.abort();
    view.stop();
  };
  return {
    element,
    jobId: job.id,
    stop,
    readOnly: () => {
      abort.abort();
      stdin.close("The session is gone.");
      if (block.dataset.state === "running") finish("cancelled", "the session is gone");
    },
  };
}
