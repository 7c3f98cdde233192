import type { Session } from "../../../../gen/sandkasten/v1/session_pb.js";
import { navigate } from "../../app/navigate.js";
import { badge, statusBadge } from "../../ui/badge.js";
import { h } from "../../ui/dom.js";
import { formatSpan, formatTime, toDate } from "../../ui/format.js";
import { destroyWithConfirm, extendWithDialog } from "../sessions/session-actions.js";

/** The session's facts and actions above its tabs; `tick` updates the countdown. */
export function sessionHeader(
  s: Session,
  onChange: () => void,
): { element: HTMLElement; tick(): void } {
  const expires = h("dd", { class: "countdown" });
  const fact = (term: string, value: Node | string) =>
    h("div", {}, h("dt", {}, term), h("dd", {}, value));
  const element = h(
    "div",
    { class: "session-head" },
    h(
      "div",
      { class: "page-head" },
      h("h1", {}, h("span", { class: "muted" }, "Session "), h("span", { class: "mono" }, s.id)),
      h(
        "div",
        { class: "actions" },
        h(
          "button",
          {
            type: "button",
            class: "button",
            onclick: () => void extendWithDialog(s.id).then((ok) => ok && onChange()),
          },
          "Extend",
        ),
        h(
          "button",
          {
            type: "button",
            class: "button danger",
            onclick: () =>
              void destroyWithConfirm([s.id]).then(
                (gone) => gone.length > 0 && navigate("/sessions"),
              ),
          },
          "Destroy",
        ),
      ),
    ),
    h(
      "dl",
      { class: "facts" },
      fact("Status", statusBadge(s.status, s.statusReason)),
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
    ),
  );
  const tick = () => {
    const at = toDate(s.expiresAt);
    expires.textContent = at ? formatSpan(at.getTime() - Date.now()) : "—";
  };
  tick();
  return { element, tick };
}
