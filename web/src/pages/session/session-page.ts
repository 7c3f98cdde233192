import { api } from "../../api/clients.js";
import { describeError } from "../../api/errors.js";
import type { Page } from "../../app/page.js";
import { fill, h } from "../../ui/dom.js";
import { loading, notice } from "../../ui/notice.js";
import { fileBrowser } from "../files/file-browser.js";
import { sessionFiles } from "../files/session-files.js";
import { execConsole } from "./exec-console.js";
import { sessionHeader } from "./session-header.js";
import { terminalView } from "./terminal-view.js";

const tabs: [string, string][] = [
  ["", "Console"],
  ["terminal", "Terminal"],
  ["files", "Files"],
];

export const sessionPage: Page = (root, { id = "", tab = "" }) => {
  document.title = `${tabs.find(([t]) => t === tab)?.[1] ?? "Console"} · ${id} · Sandkasten`;
  const head = h("div", {}, loading("the session"));
  const body = h("div", { class: "tab-body" });
  root.append(
    head,
    h(
      "nav",
      { class: "tabs", "aria-label": "Session views" },
      ...tabs.map(([t, label]) =>
        h(
          "a",
          {
            href: `/sessions/${id}${t ? `/${t}` : ""}`,
            class: "tab",
            "aria-current": t === tab ? "page" : undefined,
          },
          label,
        ),
      ),
    ),
    body,
  );
  let stopped = false;
  let tick: (() => void) | undefined;
  const load = async () => {
    try {
      const { session } = await api.sessions.getSession({ id });
      if (stopped || !session) return;
      const header = sessionHeader(session, () => void load());
      tick = header.tick;
      fill(head, header.element);
    } catch (err) {
      if (!stopped) fill(head, h("h1", {}, `Session ${id}`), notice("error", describeError(err)));
    }
  };
  void load();
  const view =
    tab === "terminal"
      ? terminalView(id)
      : tab === "files"
        ? fileBrowser(sessionFiles(id))
        : execConsole(id);
  body.append(view.element);
  const timer = window.setInterval(() => tick?.(), 1000);
  return () => {
    stopped = true;
    window.clearInterval(timer);
    view.stop();
  };
};
