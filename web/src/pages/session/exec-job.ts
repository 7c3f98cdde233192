import { api } from "../../api/clients.js";
import { describeError } from "../../api/errors.js";
import { h } from "../../ui/dom.js";

/**
 * A command the console started as a job (in the background) rather than in
 * the shell: its line in the transcript names the job and links to the Jobs
 * tab, where its output is. `done` settles to the error when the call failed.
 */
export function startAsJob(
  sessionId: string,
  cmd: string,
): { block: HTMLElement; done: Promise<unknown> } {
  const result = h(
    "p",
    { class: "exec-result" },
    h("span", { class: "spinner", "aria-hidden": "true" }),
    "starting as a job…",
  );
  const block = h(
    "section",
    { class: "exec-block", "data-state": "job" },
    h("p", { class: "exec-cmd" }, h("span", { class: "prompt", "aria-hidden": "true" }, "$ "), cmd),
    result,
  );
  const done = api.jobs.startJob({ sessionId, cmd }).then(
    ({ job }) => {
      result.replaceChildren(
        `started as job ${job?.id ?? "?"} · its output is in `,
        h("a", { href: `/sessions/${sessionId}/jobs` }, "Jobs"),
      );
      return undefined;
    },
    (err: unknown) => {
      block.dataset.state = "error";
      result.replaceChildren(h("span", { class: "exit fail" }, describeError(err)));
      return err;
    },
  );
  return { block, done };
}
