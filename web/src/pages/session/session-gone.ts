import { type Session, SessionStatus } from "../../../../gen/sandkasten/v1/session_pb.js";
import { h } from "../../ui/dom.js";
import { notice } from "../../ui/notice.js";

const why: Partial<Record<SessionStatus, string>> = {
  [SessionStatus.DESTROYED]: "It was destroyed",
  [SessionStatus.EXPIRED]: "Its time ran out and it was destroyed",
  [SessionStatus.FAILED]: "Its container or runner died",
};

/** Says that a session can no longer run anything, why, and where its files may live on. */
export function sessionGone(s: Session): HTMLElement {
  const reason = s.statusReason ? ` (${s.statusReason})` : "";
  return h(
    "div",
    { class: "session-gone" },
    notice(
      "info",
      h("strong", {}, "This session is gone. "),
      `${why[s.status] ?? "It is no longer running"}${reason}: nothing can run here any more, and its terminal and files are closed. What the page showed stays to read.`,
      s.workspaceId
        ? h(
            "span",
            {},
            " Its workspace keeps its files: ",
            h("a", { href: `/workspaces/${s.workspaceId}`, class: "mono" }, s.workspaceId),
            ".",
          )
        : "",
      " ",
      h("a", { href: "/sessions" }, "Back to the sessions"),
    ),
  );
}
