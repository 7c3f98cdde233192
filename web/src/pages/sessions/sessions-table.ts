import { type Session, SessionStatus } from "../../../../gen/sandkasten/v1/session_pb.js";
import { badge, statusBadge } from "../../ui/badge.js";
import { fill, h } from "../../ui/dom.js";
import { formatSpan, formatTime, toDate } from "../../ui/format.js";
import { sessionMatches } from "./session-filter.js";
import type { SessionStats } from "./session-stats.js";

export interface SessionsTableHandlers {
  onExtend(id: string): void;
  onDestroy(id: string): void;
  onSelectionChange(): void;
}

interface Row {
  tr: HTMLTableRowElement;
  cells: Record<"status" | "pooled" | "expires" | "memory" | "cpu", HTMLElement>;
  check: HTMLInputElement;
  session: Session;
}

const columns = [
  "",
  "Session",
  "Tenant",
  "Image",
  "Status",
  "Start",
  "Workspace",
  "Created",
  "Expires in",
  "Memory",
  "CPU",
  "",
];
const narrowHidden = new Set(["Created", "Start", "Memory"]);

/** The live sessions table: rows are kept by id, so focus and selection survive updates. */
export class SessionsTable {
  readonly element: HTMLTableElement;
  private body = h("tbody");
  private rows = new Map<string, Row>();
  private query = "";
  private tenant = "";

  constructor(
    private readonly stats: SessionStats,
    private readonly handlers: SessionsTableHandlers,
  ) {
    this.element = h(
      "table",
      { class: "table sessions-table" },
      h("caption", { class: "visually-hidden" }, "Sessions, updated live"),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ...columns.map((c) =>
            h("th", { scope: "col", class: narrowHidden.has(c) ? "hide-narrow" : undefined }, c),
          ),
        ),
      ),
      this.body,
    );
  }

  /** The sessions checked among those the filter shows. */
  get selected(): string[] {
    return this.shown.filter((r) => r.check.checked).map((r) => r.session.id);
  }

  setAllSelected(on: boolean): void {
    for (const r of this.shown) r.check.checked = on;
  }

  /** How many rows the filter shows. */
  get shownCount(): number {
    return this.shown.length;
  }

  /** Shows only the sessions that match `query` (see sessionMatches), of `tenant` unless "". */
  filter(query: string, tenant: string): void {
    this.query = query;
    this.tenant = tenant;
    for (const { tr, session } of this.rows.values()) {
      tr.hidden = !sessionMatches(session, query) || (tenant !== "" && session.tenant !== tenant);
    }
  }

  private get shown(): Row[] {
    return [...this.rows.values()].filter((r) => !r.tr.hidden);
  }

  update(sessions: readonly Session[]): void {
    const ids = new Set(sessions.map((s) => s.id));
    for (const [id, row] of this.rows) {
      if (!ids.has(id)) {
        row.tr.remove();
        this.rows.delete(id);
      }
    }
    for (const s of sessions) {
      const row = this.rows.get(s.id) ?? this.addRow(s);
      row.session = s;
      fill(row.cells.status, statusBadge(s.status, s.statusReason));
      fill(
        row.cells.pooled,
        s.pooled
          ? badge("pooled", "info", "Taken ready-made from the pool")
          : badge("cold", "neutral", s.poolMissReason || "Created for this session"),
      );
      this.body.append(row.tr);
    }
    this.filter(this.query, this.tenant);
    this.tick();
  }

  /** Countdowns and stats, every second. */
  tick(): void {
    const now = Date.now();
    for (const { session, cells } of this.rows.values()) {
      const expires = toDate(session.expiresAt);
      cells.expires.textContent = expires ? formatSpan(expires.getTime() - now) : "—";
      cells.expires.title = expires ? expires.toLocaleString() : "";
      const running = session.status === SessionStatus.RUNNING;
      cells.memory.textContent = running ? this.stats.memory(session.id) : "—";
      cells.cpu.textContent = running ? this.stats.cpu(session.id) : "—";
    }
  }

  private addRow(s: Session): Row {
    const check = h("input", {
      type: "checkbox",
      "aria-label": `Select session ${s.id}`,
      onchange: () => this.handlers.onSelectionChange(),
    });
    const cells = {
      status: h("td", { "data-label": "Status" }),
      pooled: h("td", { class: "hide-narrow" }),
      expires: h("td", { class: "countdown", "data-label": "Expires in" }),
      memory: h("td", { class: "hide-narrow num" }),
      cpu: h("td", { class: "num", "data-label": "CPU" }),
    };
    const tr = h(
      "tr",
      { "data-session-id": s.id },
      h("td", { class: "cell-check" }, check),
      h("td", { class: "cell-id" }, h("a", { href: `/sessions/${s.id}`, class: "mono" }, s.id)),
      h("td", { class: "cell-tenant", "data-label": "Tenant" }, s.tenant),
      h("td", { class: "mono", "data-label": "Image" }, s.image.replace(/^sandbox-runtime:/, "")),
      cells.status,
      cells.pooled,
      h(
        "td",
        { "data-label": "Workspace" },
        s.workspaceId
          ? h("a", { href: `/workspaces/${s.workspaceId}`, class: "mono" }, s.workspaceId)
          : h("span", { class: "muted" }, "—"),
      ),
      h("td", { class: "hide-narrow" }, formatTime(toDate(s.createdAt))),
      cells.expires,
      cells.memory,
      cells.cpu,
      h(
        "td",
        { class: "row-actions" },
        h(
          "button",
          {
            type: "button",
            class: "button small",
            onclick: () => this.handlers.onExtend(s.id),
            "aria-label": `Extend session ${s.id}`,
          },
          "Extend",
        ),
        h(
          "button",
          {
            type: "button",
            class: "button small danger",
            onclick: () => this.handlers.onDestroy(s.id),
            "aria-label": `Destroy session ${s.id}`,
          },
          "Destroy",
        ),
      ),
    );
    const row = { tr, cells, check, session: s };
    this.rows.set(s.id, row);
    return row;
  }
}
