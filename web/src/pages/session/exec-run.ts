import { OutputStream } from "../../../../gen/sandkasten/v1/exec_pb.js";
import { api } from "../../api/clients.js";
import { describeError, isCancel } from "../../api/errors.js";
import { h } from "../../ui/dom.js";
import { formatBytes, formatDuration } from "../../ui/format.js";
import { AnsiParser, type AnsiSink } from "./output/ansi-parser.js";
import { OUTPUT_LIMITS, OutputBuffer, type StreamName } from "./output/output-buffer.js";
import { OutputView } from "./output/output-view.js";

export interface CommandRun {
  block: HTMLElement;
  buffer: OutputBuffer;
  view: OutputView;
  /** Settles when the command has ended or been cancelled; to the error when the call failed. */
  done: Promise<unknown>;
}

const count = (n: number) => n.toLocaleString("en-US");

/**
 * One command in the transcript: its output streams in as produced, stdout
 * and stderr told apart, colours rendered, then the exit code, duration and
 * working directory. The page keeps the end of the output, within
 * OUTPUT_LIMITS, and says what it dropped.
 */
export function runCommand(
  sessionId: string,
  cmd: string,
  signal: AbortSignal,
  onOutput: () => void,
): CommandRun {
  const buffer = new OutputBuffer();
  const result = h(
    "p",
    { class: "exec-result" },
    h("span", { class: "spinner", "aria-hidden": "true" }),
    "running…",
  );
  const dropped = h("p", { class: "exec-overflow", hidden: true });
  const block = h("section", { class: "exec-block", "data-state": "running", "aria-busy": "true" });
  const view = new OutputView(buffer, () =>
    block.dispatchEvent(new Event("output", { bubbles: true })),
  );
  block.append(
    h("p", { class: "exec-cmd" }, h("span", { class: "prompt", "aria-hidden": "true" }, "$ "), cmd),
    dropped,
    view.element,
    result,
  );
  const streams = [OutputStream.STDOUT, OutputStream.STDERR].map((stream) => {
    const name: StreamName = stream === OutputStream.STDERR ? "stderr" : "stdout";
    const sink: AnsiSink = {
      text: (text, style) => buffer.write(text, name, style),
      carriageReturn: () => buffer.carriageReturn(),
    };
    return { decoder: new TextDecoder(), parser: new AnsiParser(), sink };
  });
  const write = (stream: OutputStream, chunk: Uint8Array) => {
    const s = streams[stream === OutputStream.STDERR ? 1 : 0];
    if (!s) return;
    s.parser.feed(s.decoder.decode(chunk, { stream: true }), s.sink);
    if (buffer.droppedRows > 0) {
      dropped.hidden = false;
      dropped.textContent = `Earlier output dropped: the first ${count(buffer.droppedRows)} lines (${formatBytes(buffer.droppedChars)}). The page keeps the last ${count(OUTPUT_LIMITS.maxRows)} lines or ${formatBytes(OUTPUT_LIMITS.maxChars)} of a command; redirect big output to a file and download it from Files.`;
    }
    view.update();
    onOutput();
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
      return undefined;
    } catch (err) {
      if (isCancel(err) || signal.aborted) {
        finish("cancelled", "cancelled");
        return undefined;
      } else {
        finish("error", h("span", { class: "exit fail" }, describeError(err)));
        return err;
      }
    } finally {
      for (const s of streams) s.parser.feed(s.decoder.decode(), s.sink);
      view.update();
    }
  })();
  return { block, buffer, view, done };
}
