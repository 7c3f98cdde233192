import { h } from "../../ui/dom.js";
import { ExecHistory } from "./exec-history.js";
import { startAsJob } from "./exec-job.js";
import { type CommandRun, runCommand } from "./exec-run.js";
import { OUTPUT_LIMITS } from "./output/output-buffer.js";
import { searchBar } from "./output/search-bar.js";

/** What the whole transcript may hold; the oldest commands leave the page past it. */
const CONSOLE_MAX_CHARS = 4 * OUTPUT_LIMITS.maxChars;

export interface ExecConsole {
  element: HTMLElement;
  stop(): void;
  /** The session is gone: the transcript stays to read and search, nothing can run. */
  readOnly(): void;
}

/**
 * Run commands in the session's persistent shell and watch their output
 * arrive; search the output of all of them. `onFailure` hears of calls that
 * failed (the session may be gone).
 */
export function execConsole(sessionId: string, onFailure: () => void): ExecConsole {
  const history = new ExecHistory(sessionId);
  const find = searchBar();
  const transcript = h("div", { class: "transcript", "aria-live": "polite" });
  const trimmed = h(
    "p",
    { class: "hint transcript-trimmed", hidden: true },
    "Older commands left this page to keep its memory bounded.",
  );
  const input = h("textarea", {
    id: "exec-command",
    class: "mono command-input",
    rows: "2",
    spellcheck: "false",
    autocapitalize: "off",
    autocomplete: "off",
    placeholder: "ls -la",
    "aria-describedby": "exec-hint",
  });
  const run = h("button", { type: "submit", class: "button primary" }, "Run");
  const cancel = h("button", { type: "button", class: "button", disabled: true }, "Cancel");
  const asJob = h("input", { id: "exec-as-job", type: "checkbox" });
  const historyList = h("ol", { class: "history-list", reversed: true });
  const runs: CommandRun[] = [];
  let current: AbortController | undefined;
  let closed = false;

  const renderHistory = () => {
    historyList.replaceChildren(
      ...[...history.all].reverse().map((cmd) =>
        h(
          "li",
          {},
          h(
            "button",
            {
              type: "button",
              class: "history-item mono",
              title: closed ? undefined : "Put in the command box",
              disabled: closed,
              onclick: () => {
                input.value = cmd;
                input.focus();
              },
            },
            cmd,
          ),
        ),
      ),
    );
  };
  /** Makes room for one more command's output within CONSOLE_MAX_CHARS. */
  const makeRoom = () => {
    let total = runs.reduce((n, r) => n + r.buffer.heldChars, 0);
    while (runs.length > 0 && total > CONSOLE_MAX_CHARS - OUTPUT_LIMITS.maxChars) {
      const old = runs.shift() as CommandRun;
      total -= old.buffer.heldChars;
      old.view.stop();
      old.block.remove();
      find.search.remove(old);
      trimmed.hidden = false;
    }
  };
  const submit = async () => {
    const cmd = input.value;
    if (cmd.trim() === "" || current || closed) return;
    history.add(cmd);
    renderHistory();
    input.value = "";
    if (asJob.checked) {
      const job = startAsJob(sessionId, cmd);
      transcript.append(job.block);
      job.block.scrollIntoView({ block: "nearest" });
      if (await job.done) onFailure();
      if (!closed) input.focus();
      return;
    }
    current = new AbortController();
    run.disabled = true;
    cancel.disabled = false;
    makeRoom();
    const r = runCommand(sessionId, cmd, current.signal, find.outputChanged);
    runs.push(r);
    find.search.add(r);
    transcript.append(r.block);
    r.block.scrollIntoView({ block: "nearest" });
    const failed = await r.done;
    find.outputChanged();
    current = undefined;
    run.disabled = false;
    cancel.disabled = true;
    if (failed) onFailure();
    if (!closed) input.focus();
  };
  transcript.addEventListener("output", (e) =>
    (e.target as HTMLElement).scrollIntoView({ block: "end" }),
  );
  cancel.addEventListener("click", () => current?.abort());
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      void submit();
    } else if (
      (e.key === "ArrowUp" && input.selectionStart === 0) ||
      (e.key === "ArrowDown" && input.selectionEnd === input.value.length)
    ) {
      const cmd = history.step(e.key === "ArrowUp" ? -1 : 1);
      if (cmd !== undefined) {
        e.preventDefault();
        input.value = cmd;
      }
    } else if (
      e.key === "c" &&
      e.ctrlKey &&
      current &&
      input.selectionStart === input.selectionEnd
    ) {
      e.preventDefault();
      current.abort();
    }
  });
  const form = h(
    "form",
    {
      class: "command-form",
      onsubmit: (e: Event) => {
        e.preventDefault();
        void submit();
      },
    },
    h("label", { for: "exec-command" }, "Command"),
    input,
    h(
      "div",
      { class: "command-actions" },
      h(
        "p",
        { id: "exec-hint", class: "hint" },
        "Enter runs, Shift+Enter adds a line, ↑/↓ browse history, Ctrl+C cancels, Ctrl+F finds.",
      ),
      h(
        "label",
        {
          class: "check-label",
          for: "exec-as-job",
          title: "Start it beside the shell, in the background (Jobs tab)",
        },
        asJob,
        "Run as job",
      ),
      cancel,
      run,
    ),
  );
  renderHistory();
  const main = h("div", { class: "console-main" }, find.element, trimmed, transcript, form);
  const element = h(
    "div",
    { class: "console-layout" },
    main,
    h(
      "aside",
      { class: "card history", "aria-labelledby": "history-title" },
      h("h2", { id: "history-title" }, "History"),
      historyList,
      h("p", { class: "hint empty-hint" }, "Commands you run here appear in this list."),
    ),
  );
  // The rows not in view are not in the DOM, so the browser's own find cannot see them.
  element.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "f") {
      e.preventDefault();
      find.focus();
    }
  });
  queueMicrotask(() => input.focus());
  return {
    element,
    stop: () => {
      current?.abort();
      find.stop();
      for (const r of runs) r.view.stop();
    },
    readOnly: () => {
      if (closed) return;
      closed = true;
      current?.abort();
      form.remove();
      renderHistory();
    },
  };
}
