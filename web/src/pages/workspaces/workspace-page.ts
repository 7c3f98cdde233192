import { Code, ConnectError } from "@connectrpc/connect";
import { api } from "../../api/clients.js";
import { describeError } from "../../api/errors.js";
import { navigate } from "../../app/navigate.js";
import type { Page } from "../../app/page.js";
import { fill, h } from "../../ui/dom.js";
import { formatBytes } from "../../ui/format.js";
import { notice } from "../../ui/notice.js";
import { fileBrowser } from "../files/file-browser.js";
import { workspaceFiles } from "../files/workspace-files.js";
import { notFound } from "../not-found.js";
import { deleteWithConfirm, downloadArchive } from "./workspace-actions.js";

/** One workspace's files, browsed without a session; an unknown id gets the not-found page. */
export const workspacePage: Page = (root, { id = "" }) => {
  document.title = `${id} · Workspaces · Sandkasten`;
  const facts = h("p", { class: "muted" });
  const del = h("button", { type: "button", class: "button danger", disabled: true }, "Delete");
  root.append(
    h(
      "div",
      { class: "page-head" },
      h("h1", {}, h("span", { class: "muted" }, "Workspace "), h("span", { class: "mono" }, id)),
      h(
        "div",
        { class: "actions" },
        h(
          "button",
          { type: "button", class: "button", onclick: () => void downloadArchive(id) },
          "Download .tar",
        ),
        del,
      ),
    ),
    facts,
  );
  api.workspaces.getWorkspace({ id }).then(
    ({ workspace: w }) => {
      if (!w) return;
      fill(
        facts,
        `${formatBytes(w.sizeBytes)} · ${w.driver} · ${w.sessionIds.length === 0 ? "no sessions attached" : `attached to ${w.sessionIds.join(", ")}`}`,
      );
      del.disabled = false;
      del.onclick = () => void deleteWithConfirm(w).then((gone) => gone && navigate("/workspaces"));
    },
    (err) => {
      if (err instanceof ConnectError && err.code === Code.NotFound) {
        browser.stop();
        notFound(root, `There is no workspace ${id} on this daemon.`, {
          href: "/workspaces",
          label: "Back to the workspaces",
        });
      } else fill(facts, notice("error", describeError(err)));
    },
  );
  const browser = fileBrowser(workspaceFiles(id));
  root.append(browser.element);
  return browser.stop;
};
