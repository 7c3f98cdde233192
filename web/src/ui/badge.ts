import { SessionStatus } from "../../../gen/sandkasten/v1/session_pb.js";
import { h } from "./dom.js";

export function badge(text: string, tone = "neutral", title?: string): HTMLElement {
  return h("span", { class: `badge badge-${tone}`, title }, text);
}

const statuses: Record<SessionStatus, [string, string]> = {
  [SessionStatus.UNSPECIFIED]: ["unknown", "neutral"],
  [SessionStatus.CREATING]: ["creating", "info"],
  [SessionStatus.RUNNING]: ["running", "success"],
  [SessionStatus.EXPIRED]: ["expired", "warning"],
  [SessionStatus.DESTROYED]: ["destroyed", "neutral"],
  [SessionStatus.FAILED]: ["failed", "danger"],
  [SessionStatus.POOL_IDLE]: ["pool idle", "neutral"],
};

/** "running", "destroyed", …: what the badge says. */
export function statusName(status: SessionStatus): string {
  return statuses[status][0];
}

export function statusBadge(status: SessionStatus, reason?: string): HTMLElement {
  const [text, tone] = statuses[status];
  return badge(text, tone, reason || undefined);
}
