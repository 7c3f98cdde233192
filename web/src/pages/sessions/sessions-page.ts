import { SessionStatus } from "../../../../gen/sandkasten/v1/session_pb.js";
import { api } from "../../api/clients.js";
import { describeError } from "../../api/errors.js";
import { navigate } from "../../app/navigate.js";
import type { Page } from "../../app/page.js";
import { fill, h } from "../../ui/dom.js";
import { formatBytes } from "../../ui/format.js";
import { emptyState, loading, notice } from "../../ui/notice.js";
import { tenantFilter } from "../../ui/tenant-filter.js";
import { createSessionDialog } from "./create-session-dialog.js";
import { destroyWithConfirm, extendWithDialog } from "./session-actions.js";
import { SessionStats } from "./session-stats.js";
import { SessionsTable } from "./sessions-table.js";

const LIST_EVERY_MS = 2000;
const STATS_EVERY_MS = 4000;

export const sessionsPage: Page = (root) => {
  document.title = "Sessions · Sandkasten";
  const stats = new SessionStats();
  const search = new URLSearchParams(location.search);
  const status = h("div", { class: "page-status" }, loading("sessions"));
  const selectAll = h("input", {
    type: "checkbox",
    id: "select-all",
    onchange: () => {
      table.setAllSelected(selectAll.checked);
      onSelection();
    },
  });
  const destroySelected = h(
    "button",
    {
      type: "button",
      class: "button danger",
      disabled: true,
      onclick: () => void destroy(table.selected),
    },
    "Destroy selected",
  );
  const query = h("input", {
    type: "search",
    id: "session-filter",
    class: "filter-input",
    placeholder: "Filter by id, image, status or workspace",
    "aria-label": "Filter sessions",
    autocomplete: "off",
    spellcheck: "false",
    value: search.get("q") ?? "",
  });
  const tenant = tenantFilter(search.get("tenant") ?? "", () => applyFilter());
  const noMatch = h("div", { class: "page-status", hidden: true });
  let filtered: string | undefined;
  const applyFilter = () => {
    table.filter(query.value, tenant.value);
    noMatch.hidden = table.shownCount > 0 || counts.all === 0;
    tableWrap.hidden = table.shownCount === 0;
    summarize();
    onSelection();
    const q = query.value.trim();
    const t = tenant.value;
    const kept = Object.entries({ q, tenant: t })
      .filter(([, value]) => value)
      .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
      .join("&");
    if (kept === filtered) return;
    filtered = kept;
    history.replaceState(null, "", kept ? `/sessions?${kept}` : "/sessions");
    if (!q && !t) return fill(noMatch);
    fill(
      noMatch,
      emptyState(
        q ? `No sessions match “${q}”${t ? ` in tenant ${t}` : ""}` : `No sessions of tenant ${t}`,
        "The filter looks at session ids, images, statuses and workspaces.",
      ),
      h(
        "p",
        { class: "center" },
        h(
          "button",
          {
            type: "button",
            class: "button",
            onclick: () => {
              query.value = "";
              tenant.clear();
              applyFilter();
              query.focus();
            },
          },
          "Clear the filter",
        ),
      ),
    );
  };
  query.addEventListener("input", applyFilter);
  query.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && query.value) {
      e.preventDefault();
      query.value = "";
      applyFilter();
    }
  });
  const bulk = h(
    "div",
    { class: "toolbar" },
    h(
      "div",
      { class: "toolbar-start" },
      h("label", { class: "check-label", for: "select-all" }, selectAll, "Select all"),
      query,
      tenant.element,
    ),
    destroySelected,
  );
  const onSelection = () => {
    const n = table.selected.length;
    destroySelected.disabled = n === 0;
    destroySelected.textContent = n > 0 ? `Destroy selected (${n})` : "Destroy selected";
  };
  const table = new SessionsTable(stats, {
    onExtend: (id) =>
      void extendWithDialog(id).then((ok) => {
        if (ok) void refresh();
      }),
    onDestroy: (id) => void destroy([id]),
    onSelectionChange: onSelection,
  });
  const summary = h("p", { class: "muted summary", "aria-live": "polite" });
  let counts = { all: 0, running: 0 };
  const summarize = () => {
    if (counts.all === 0) return fill(summary);
    const shown = table.shownCount;
    fill(
      summary,
      `${shown < counts.all ? `${shown} of ` : ""}${counts.all} session${counts.all === 1 ? "" : "s"} · ${counts.running} running · ${formatBytes(stats.totalMemoryBytes)} memory in use`,
    );
  };
  const tableWrap = h("div", { class: "table-wrap", hidden: true }, table.element);
  const create = async () => {
    const session = await createSessionDialog();
    if (session) navigate(`/sessions/${session.id}`);
  };
  root.append(
    h(
      "div",
      { class: "page-head" },
      h("div", { class: "title-block" }, h("h1", {}, "Sessions"), summary),
      h(
        "button",
        { type: "button", class: "button primary", onclick: () => void create() },
        "New session",
      ),
    ),
    bulk,
    status,
    noMatch,
    tableWrap,
  );

  let running: string[] = [];
  let stopped = false;
  async function refresh(): Promise<void> {
    try {
      const { sessions } = await api.sessions.listSessions({});
      if (stopped) return;
      sessions.sort((a, b) => Number((b.createdAt?.seconds ?? 0n) - (a.createdAt?.seconds ?? 0n)));
      running = sessions.filter((s) => s.status === SessionStatus.RUNNING).map((s) => s.id);
      table.update(sessions);
      tenant.offer(sessions.map((s) => s.tenant));
      counts = { all: sessions.length, running: running.length };
      applyFilter();
      bulk.hidden = sessions.length === 0;
      fill(
        status,
        sessions.length === 0
          ? emptyState("No sessions", "Create one with “New session”, or from an SDK or the CLI.")
          : null,
      );
      onSelection();
    } catch (err) {
      if (!stopped)
        fill(status, notice("error", `Could not list the sessions: ${describeError(err)}`));
    }
  }
  async function destroy(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await destroyWithConfirm(ids);
    selectAll.checked = false;
    await refresh();
  }
  const refreshStats = () =>
    stats.refresh(running).then(() => {
      table.tick();
      summarize();
    });

  void refresh().then(refreshStats);
  const timers = [
    window.setInterval(() => void refresh(), LIST_EVERY_MS),
    window.setInterval(() => void refreshStats(), STATS_EVERY_MS),
    window.setInterval(() => table.tick(), 1000),
  ];
  return () => {
    stopped = true;
    for (const t of timers) window.clearInterval(t);
  };
};
