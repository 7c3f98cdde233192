import { h } from "../../ui/dom.js";
import { ExecHistory } from "./exec-history.js";
import { runCommand } from "./exec-run.js";

/** Run commands in the session's persistent shell and watch their output arrive. */
export function execConsole(sessionId: string): { element: HTMLElement; stop(): void } {
  const history = new ExecHistory(sessionId);
  const transcript = h("div", { class: "transcript", "aria-live": "polite" });
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
  const historyList = h("ol", { class: "history-list", reversed: true });
  let current: AbortController | undefined;

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
              title: "Put in the command box",
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
  const submit = async () => {
    const cmd = input.value;
    if (cmd.trim() === "" || current) return;
    history.add(cmd);
    renderHistory();
    input.value = "";
    current = new AbortController();
    run.disabled = true;
    cancel.disabled = false;
    const { block, done } = runCommand(sessionId, cmd, current.signal);
    transcript.append(block);
    block.scrollIntoView({ block: "nearest" });
    await done;
    current = undefined;
    run.disabled = false;
    cancel.disabled = true;
    input.focus();
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
        "Enter runs, Shift+Enter adds a line, ↑/↓ browse history, Ctrl+C cancels.",
      ),
      cancel,
      run,
    ),
  );
  renderHistory();
  const element = h(
    "div",
    { class: "console-layout" },
    h("div", { class: "console-main" }, transcript, form),
    h(
      "aside",
      { class: "card history", "aria-labelledby": "history-title" },
      h("h2", { id: "history-title" }, "History"),
      historyList,
      h("p", { class: "hint empty-hint" }, "Commands you run here appear in this list."),
    ),
  );
  queueMicrotask(() => input.focus());
  return { element, stop: () => current?.abort() };
}
