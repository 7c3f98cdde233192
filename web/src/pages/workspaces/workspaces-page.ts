import type { Workspace } from "../../../../gen/sandkasten/v1/workspace_pb.js";
import { api } from "../../api/clients.js";
import { describeError } from "../../api/errors.js";
import type { Page } from "../../app/page.js";
import { badge } from "../../ui/badge.js";
import { fill, h } from "../../ui/dom.js";
import { formatBytes, formatTime, toDate } from "../../ui/format.js";
import { emptyState, loading, notice } from "../../ui/notice.js";
import { tenantFilter } from "../../ui/tenant-filter.js";
import { deleteWithConfirm, downloadArchive } from "./workspace-actions.js";

const sizeOf = (w: Workspace) =>
  h(
    "span",
    {},
    formatBytes(w.sizeBytes),
    w.quotaBytes > 0n ? h("span", { class: "muted" }, ` / ${formatBytes(w.quotaBytes)}`) : null,
    w.overQuota ? badge("over quota", "danger") : null,
  );

export const workspacesPage: Page = (root) => {
  document.title = "Workspaces · Sandkasten";
  const status = h("div", { class: "page-status" }, loading("workspaces"));
  const tbody = h("tbody");
  const wrap = h(
    "div",
    { class: "table-wrap", hidden: true },
    h(
      "table",
      { class: "table" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ...["Workspace", "Tenant", "Size", "Sessions attached", "Driver", "Last used", ""].map(
            (c, i) =>
              h("th", { scope: "col", class: i === 4 || i === 5 ? "hide-narrow" : undefined }, c),
          ),
        ),
      ),
      tbody,
    ),
  );
  let listed: Workspace[] = [];
  const tenant = tenantFilter("", () => show());
  root.append(
    h("div", { class: "page-head" }, h("h1", {}, "Workspaces"), tenant.element),
    status,
    wrap,
  );
  let stopped = false;
  const show = () => {
    tenant.offer(listed.map((w) => w.tenant));
    const shown = listed.filter((w) => !tenant.value || w.tenant === tenant.value);
    fill(
      tbody,
      ...shown.map((w) =>
        h(
          "tr",
          { "data-workspace-id": w.id },
          h("td", {}, h("a", { href: `/workspaces/${w.id}`, class: "mono" }, w.id)),
          h("td", {}, w.tenant),
          h("td", {}, sizeOf(w)),
          h(
            "td",
            {},
            w.sessionIds.length === 0
              ? h("span", { class: "muted" }, "none")
              : h(
                  "span",
                  { class: "links" },
                  ...w.sessionIds.map((id) =>
                    h("a", { href: `/sessions/${id}`, class: "mono" }, id),
                  ),
                ),
          ),
          h("td", { class: "hide-narrow" }, w.driver),
          h("td", { class: "hide-narrow" }, formatTime(toDate(w.lastUsedAt))),
          h(
            "td",
            { class: "row-actions" },
            h(
              "button",
              {
                type: "button",
                class: "button small",
                "aria-label": `Download ${w.id} as an archive`,
                onclick: () => void downloadArchive(w.id),
              },
              "Download .tar",
            ),
            h(
              "button",
              {
                type: "button",
                class: "button small danger",
                "aria-label": `Delete workspace ${w.id}`,
                onclick: () =>
                  void deleteWithConfirm(w).then((gone) => {
                    if (gone) void load();
                  }),
              },
              "Delete",
            ),
          ),
        ),
      ),
    );
    wrap.hidden = shown.length === 0;
    fill(
      status,
      listed.length === 0
        ? emptyState(
            "No workspaces",
            "A session created with a workspace id makes one; it outlives the session.",
          )
        : shown.length === 0
          ? emptyState(`No workspaces of tenant ${tenant.value}`, "Choose “all tenants”.")
          : null,
    );
  };
  const load = async () => {
    try {
      const { workspaces } = await api.workspaces.listWorkspaces({});
      if (stopped) return;
      listed = workspaces.sort((a, b) => a.id.localeCompare(b.id));
      show();
    } catch (err) {
      if (!stopped)
        fill(status, notice("error", `Could not list the workspaces: ${describeError(err)}`));
    }
  };
  void load();
  const timer = window.setInterval(() => void load(), 5000);
  return () => {
    stopped = true;
    window.clearInterval(timer);
  };
};
