import "@xterm/xterm/css/xterm.css";
import { FitAddon } from "@xterm/addon-fit";
import { Terminal } from "@xterm/xterm";
import { api } from "../../api/clients.js";
import { describeError, isCancel } from "../../api/errors.js";
import { fill, h } from "../../ui/dom.js";
import { notice } from "../../ui/notice.js";
import { PtyInput } from "./pty-input.js";

/** An interactive terminal (a login bash on a PTY in the session) in the browser. */
export function terminalView(sessionId: string): { element: HTMLElement; stop(): void } {
  const screen = h("div", { class: "terminal-screen", "data-testid": "terminal" });
  const status = h("div", { class: "terminal-status", role: "status" }, "Connecting…");
  const reconnect = h(
    "button",
    { type: "button", class: "button small", hidden: true },
    "Open a new terminal",
  );
  const element = h(
    "div",
    { class: "terminal-view" },
    h("div", { class: "toolbar" }, status, reconnect),
    screen,
    h(
      "p",
      { class: "hint" },
      "A separate shell next to the session's command shell: full-screen programs (top, editors) and REPLs work here. Ctrl+C goes to the program.",
    ),
  );
  const term = new Terminal({
    cursorBlink: true,
    fontFamily: '"JetBrains Mono", "DejaVu Sans Mono", ui-monospace, monospace',
    fontSize: 14,
    scrollback: 5000,
    theme: { background: "#0f172a", foreground: "#e2e8f0", cursor: "#38bdf8" },
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  let ptyId = "";
  let abort = new AbortController();
  const resizeObserver = new ResizeObserver(() => {
    if (!screen.isConnected) return;
    fit.fit();
  });

  term.onResize(({ cols, rows }) => {
    if (ptyId) api.pty.resizePty({ sessionId, ptyId, cols, rows }).catch(() => {});
  });

  const open = async () => {
    abort = new AbortController();
    ptyId = "";
    reconnect.hidden = true;
    fill(status, "Connecting…");
    let input: PtyInput | undefined;
    const typing = term.onData((data) => input?.write(data));
    const binary = term.onBinary((data) => input?.write(data));
    try {
      fit.fit();
      const stream = api.pty.openPty(
        { sessionId, cols: term.cols, rows: term.rows },
        { signal: abort.signal },
      );
      for await (const res of stream) {
        const event = res.event;
        if (event.case === "opened") {
          ptyId = event.value.ptyId;
          input = new PtyInput(sessionId, ptyId, (err) =>
            fill(status, notice("error", `Input failed: ${describeError(err)}`)),
          );
          fill(status, h("span", { class: "dot live", "aria-hidden": "true" }), "Connected");
          term.focus();
        } else if (event.case === "output") {
          term.write(event.value.data);
        } else if (event.case === "exited") {
          const e = event.value;
          fill(status, `The terminal ended (${e.signal || `exit ${e.exitCode}`}).`);
        }
      }
    } catch (err) {
      if (!isCancel(err))
        fill(status, notice("error", `The terminal failed: ${describeError(err)}`));
    } finally {
      typing.dispose();
      binary.dispose();
      ptyId = "";
      if (!abort.signal.aborted) reconnect.hidden = false;
    }
  };
  reconnect.addEventListener("click", () => {
    term.reset();
    void open();
  });

  queueMicrotask(() => {
    term.open(screen);
    resizeObserver.observe(screen);
    void open();
  });
  return {
    element,
    stop() {
      resizeObserver.disconnect();
      const id = ptyId;
      abort.abort();
      if (id) api.pty.closePty({ sessionId, ptyId: id }).catch(() => {});
      term.dispose();
    },
  };
}
