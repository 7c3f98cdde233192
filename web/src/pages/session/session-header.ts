import { type Session, SessionStatus } from "../../../../gen/sandkasten/v1/session_pb.js";
import { navigate } from "../../app/navigate.js";
import { badge, statusBadge } from "../../ui/badge.js";
import { fill, h } from "../../ui/dom.js";
import { formatSpan, formatTime, toDate } from "../../ui/format.js";
import { destroyWithConfirm, extendWithDialog } from "../sessions/session-actions.js";

export interface SessionHeader {
  element: HTMLElement;
  /** The session as the daemon now has it. */
  update(s: Session): void;
  /** Moves the countdown on. */
  tick(): void;
}

/**
 * The session's facts and actions above its tabs. Extend is there while it
 * runs, Destroy while something is left to destroy; `extra` facts (its live
 * usage) go after the others, `actions` (the preview port) before Extend;
 * both only while it runs.
 */
export function sessionHeader(
  initial: Session,
  onChange: () => void,
  extra: HTMLElement[] = [],
  actions: HTMLElement[] = [],
): SessionHeader {
  let s = initial;
  const status = h("dd", {});
  const expires = h("dd", { class: "countdown" });
  const fact = (term: string, value: Node | string) =>
    h("div", {}, h("dt", {}, term), h("dd", {}, value));
  const extend = h(
    "button",
    {
      type: "button",
      class: "button",
      onclick: () => void extendWithDialog(s.id).then((ok) => ok && onChange()),
    },
    "Extend",
  );
  const destroy = h(
    "button",
    {
      type: "button",
      class: "button danger",
      onclick: () =>
        void destroyWithConfirm([s.id]).then((gone) => gone.length > 0 && navigate("/sessions")),
    },
    "Destroy",
  );
  const element = h(
    "div",
    { class: "session-head" },
    h(
      "div",
      { class: "page-head" },
      h("h1", {}, h("span", { class: "muted" }, "Session "), h("span", { class: "mono" }, s.id)),
      h("div", { class: "actions" }, ...actions, extend, destroy),
    ),
    h(
      "dl",
      { class: "facts" },
      h("div", {}, h("dt", {}, "Status"), status),
      fact("Tenant", s.tenant),
      fact("Image", h("span", { class: "mono" }, s.image)),
      fact("Start", s.pooled ? badge("pooled", "info") : badge("cold")),
      fact(
        "Workspace",
        s.workspaceId
          ? h("a", { href: `/workspaces/${s.workspaceId}`, class: "mono" }, s.workspaceId)
          : "none",
      ),
      fact("Created", formatTime(toDate(s.createdAt))),
      h("div", {}, h("dt", {}, "Expires in"), expires),
      ...extra,
    ),
  );
  const live = () => s.status === SessionStatus.RUNNING || s.status === SessionStatus.CREATING;
  const tick = () => {
    const at = toDate(s.expiresAt);
    expires.textContent = !live() ? "—" : at ? formatSpan(at.getTime() - Date.now()) : "—";
  };
  const update = (next: Session) => {
    s = next;
    fill(status, statusBadge(s.status, s.statusReason));
    extend.hidden = !live();
    destroy.hidden = !live() && s.status !== SessionStatus.FAILED;
    for (const e of [...extra, ...actions]) e.hidden = !live();
    tick();
  };
  update(s);
  return { element, update, tick };
}
