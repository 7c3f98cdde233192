import { OutputStream } from "../../../../gen/sandkasten/v1/exec_pb.js";
import { api } from "../../api/clients.js";
import { describeError, isCancel } from "../../api/errors.js";
import { h } from "../../ui/dom.js";
import { formatBytes, formatDuration } from "../../ui/format.js";

/** What one command may add to the page; the rest is counted, not kept (a tab has finite memory). */
const PAGE_OUTPUT_MAX_BYTES = 2 * 1024 * 1024;

/**
 * One command in the transcript: its output streams in as produced, stdout
 * and stderr told apart, then the exit code, duration and working directory.
 */
export function runCommand(
  sessionId: string,
  cmd: string,
  signal: AbortSignal,
): { block: HTMLElement; done: Promise<void> } {
  const output = h("pre", { class: "exec-output", "aria-label": "Output", tabindex: "0" });
  const result = h(
    "p",
    { class: "exec-result" },
    h("span", { class: "spinner", "aria-hidden": "true" }),
    "running…",
  );
  const overflow = h("p", { class: "exec-overflow", hidden: true });
  const block = h(
    "section",
    { class: "exec-block", "data-state": "running", "aria-busy": "true" },
    h("p", { class: "exec-cmd" }, h("span", { class: "prompt", "aria-hidden": "true" }, "$ "), cmd),
    output,
    overflow,
    result,
  );
  const decoders = {
    [OutputStream.STDOUT]: new TextDecoder(),
    [OutputStream.STDERR]: new TextDecoder(),
  };
  let shown = 0;
  let hidden = 0;
  const write = (stream: OutputStream, chunk: Uint8Array) => {
    const room = PAGE_OUTPUT_MAX_BYTES - shown;
    if (chunk.length > room) {
      hidden += chunk.length - room;
      overflow.hidden = false;
      overflow.textContent = `… ${formatBytes(hidden)} more not shown here; redirect big output to a file and download it from Files`;
    }
    const data = chunk.subarray(0, room);
    if (data.length === 0) return;
    shown += data.length;
    const decoder =
      stream === OutputStream.STDERR
        ? decoders[OutputStream.STDERR]
        : decoders[OutputStream.STDOUT];
    const text = decoder.decode(data, { stream: true });
    const last = output.lastElementChild;
    const cls = stream === OutputStream.STDERR ? "out-stderr" : "out-stdout";
    if (last?.className === cls) last.append(text);
    else output.append(h("span", { class: cls }, text));
    block.dispatchEvent(new Event("output", { bubbles: true }));
  };
  const finish = (state: string, ...parts: (Node | string)[]) => {
    block.dataset.state = state;
    block.removeAttribute("aria-busy");
    result.replaceChildren(...parts);
  };
  const done = (async () => {
    try {
      for await (const res of api.exec.execStream({ sessionId, cmd }, { signal })) {
        const event = res.event;
        if (event.case === "output") write(event.value.stream, event.value.data);
        else if (event.case === "ended") {
          const e = event.value;
          const facts = [
            h("span", { class: e.exitCode === 0 ? "exit ok" : "exit fail" }, `exit ${e.exitCode}`),
            ` · ${formatDuration(e.durationMs)} · `,
            h("span", { class: "mono" }, e.cwd),
          ];
          if (e.timedOut) facts.push(" · timed out");
          if (e.shellRestarted) facts.push(" · the shell ended and was restarted");
          finish(e.exitCode === 0 ? "ok" : "failed", ...facts);
        }
      }
      if (block.dataset.state === "running") finish("failed", "the stream ended without a result");
    } catch (err) {
      if (isCancel(err) || signal.aborted) finish("cancelled", "cancelled");
      else finish("error", h("span", { class: "exit fail" }, describeError(err)));
    }
  })();
  return { block, done };
}
