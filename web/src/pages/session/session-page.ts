import { Code, ConnectError } from "@connectrpc/connect";
import { type Session, SessionStatus } from "../../../../gen/sandkasten/v1/session_pb.js";
import { api } from "../../api/clients.js";
import { describeError } from "../../api/errors.js";
import type { Page } from "../../app/page.js";
import { fill, h } from "../../ui/dom.js";
import { loading, notice } from "../../ui/notice.js";
import { fileBrowser } from "../files/file-browser.js";
import { sessionFiles } from "../files/session-files.js";
import { notFound } from "../not-found.js";
import { execConsole } from "./exec-console.js";
import { jobsPanel } from "./jobs-panel.js";
import { previewPort } from "./preview-port.js";
import { sessionGone } from "./session-gone.js";
import { type SessionHeader, sessionHeader } from "./session-header.js";
import { sessionUsage } from "./session-usage.js";
import { terminalView } from "./terminal-view.js";

/** How often the page asks whether the session still runs. */
const STATUS_EVERY_MS = 3000;

const tabs: [string, string][] = [
  ["", "Console"],
  ["terminal", "Terminal"],
  ["files", "Files"],
  ["jobs", "Jobs"],
];

const isLive = (s: Session) =>
  s.status === SessionStatus.RUNNING || s.status === SessionStatus.CREATING;

interface TabView {
  element: HTMLElement;
  stop(): void;
  readOnly?(): void;
}

/**
 * A session: its facts, then its console, terminal or files. The page
 * watches the session; once it is gone (destroyed, expired, failed) the page
 * turns read-only: nothing runs, no terminal, no uploads, and a notice says why.
 * An unknown id gets the not-found page.
 */
export const sessionPage: Page = (root, { id = "", tab = "" }) => {
  document.title = `${tabs.find(([t]) => t === tab)?.[1] ?? "Console"} · ${id} · Sandkasten`;
  const head = h("div", {}, loading("the session"));
  const gone = h("div", { "aria-live": "polite" });
  const body = h("div", { class: "tab-body" });
  root.append(
    head,
    gone,
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
  let checking = false;
  let header: SessionHeader | undefined;
  let view: TabView | undefined;
  let usage: { facts: HTMLElement[]; stop(): void } | undefined;
  let readOnly = false;

  const openView = (): TabView =>
    tab === "terminal"
      ? terminalView(id)
      : tab === "files"
        ? fileBrowser(sessionFiles(id))
        : tab === "jobs"
          ? jobsPanel(id)
          : execConsole(id, () => void check());
  const becomeReadOnly = (s: Session) => {
    readOnly = true;
    window.clearInterval(poll);
    usage?.stop();
    fill(gone, sessionGone(s));
    if (view?.readOnly) view.readOnly();
    else {
      view?.stop();
      view = undefined;
      fill(body);
    }
  };
  let last: Session | undefined;
  const show = (s: Session) => {
    last = s;
    if (!header) {
      usage = isLive(s) ? sessionUsage(id) : undefined;
      header = sessionHeader(s, () => void check(), usage?.facts, [previewPort(id)]);
      fill(head, header.element);
      if (isLive(s)) {
        view = openView();
        body.append(view.element);
      }
    } else header.update(s);
    if (!isLive(s) && !readOnly) becomeReadOnly(s);
  };
  async function check(): Promise<void> {
    if (checking || readOnly) return;
    checking = true;
    try {
      const { session } = await api.sessions.getSession({ id });
      if (!stopped && session) show(session);
    } catch (err) {
      if (stopped) return;
      const missing = err instanceof ConnectError && err.code === Code.NotFound;
      if (missing && !header) {
        stop();
        notFound(root, `There is no session ${id} on this daemon.`);
      } else if (missing && last) {
        // Its record is gone too: it was destroyed.
        show({ ...last, status: SessionStatus.DESTROYED, statusReason: "" });
      } else if (!header) {
        fill(head, h("h1", {}, `Session ${id}`), notice("error", describeError(err)));
      }
    } finally {
      checking = false;
    }
  }
  const poll = window.setInterval(() => void check(), STATUS_EVERY_MS);
  const timer = window.setInterval(() => header?.tick(), 1000);
  const stop = () => {
    stopped = true;
    window.clearInterval(poll);
    window.clearInterval(timer);
    usage?.stop();
    view?.stop();
  };
  void check();
  return stop;
};
