import type { FileInfo } from "../../../../gen/sandkasten/v1/fs_pb.js";
import { describeError } from "../../api/errors.js";
import { confirmDialog, formDialog } from "../../ui/dialog.js";
import { fill, h } from "../../ui/dom.js";
import { formatBytes, formatTime, toDate } from "../../ui/format.js";
import { emptyState, loading, notice, toast } from "../../ui/notice.js";
import { type FileSource, joinPath, parentOf } from "./file-source.js";
import { fileViewer } from "./file-viewer.js";
import { saveDownload } from "./save-download.js";
import { uploadFiles } from "./upload-list.js";

/** Browse a folder tree: open folders, view text files, download, delete, make folders, upload. */
export function fileBrowser(source: FileSource): { element: HTMLElement; stop(): void } {
  let dir = source.root;
  const aborts = new AbortController();
  const crumbs = h("nav", { class: "crumbs", "aria-label": "Folder" });
  const status = h("div", { class: "page-status" });
  const tbody = h("tbody");
  const table = h(
    "table",
    { class: "table files-table" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "Name"),
        h("th", { scope: "col", class: "num" }, "Size"),
        h("th", { scope: "col", class: "hide-narrow" }, "Modified"),
        h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Actions")),
      ),
    ),
    tbody,
  );
  const viewer = h("div", { class: "viewer-slot" });
  const uploads = h("ul", { class: "upload-list", "aria-label": "Uploads" });
  const picker = h("input", {
    type: "file",
    multiple: true,
    id: "upload-picker",
    class: "visually-hidden",
    tabindex: "-1",
  });
  const dropHint = h(
    "div",
    { class: "drop-hint", "aria-hidden": "true" },
    "Drop files to upload them here",
  );

  const download = (path: string) =>
    saveDownload(path.split("/").pop() || "download", source.download(path, aborts.signal)).catch(
      (err) => toast("error", `Download failed: ${describeError(err)}`),
    );
  const view = (path: string) =>
    fill(
      viewer,
      fileViewer(
        source,
        path,
        () => fill(viewer),
        () => void download(path),
      ),
    );
  const remove = async (entry: FileInfo, path: string) => {
    const ok = await confirmDialog({
      title: `Delete ${entry.isDir ? "folder" : "file"}?`,
      message: `${path}${entry.isDir ? " and everything in it" : ""} will be deleted for good.`,
      confirmLabel: "Delete",
      danger: true,
    });
    if (!ok) return;
    try {
      await source.remove(path, entry.isDir);
      toast("success", `Deleted ${path}.`);
    } catch (err) {
      toast("error", `Could not delete ${path}: ${describeError(err)}`);
    }
    await open(dir);
  };
  const makeDir = async () => {
    const values = await formDialog({
      title: "New folder",
      message: `In ${dir}`,
      confirmLabel: "Create",
      fields: [{ name: "name", label: "Folder name", required: true }],
    });
    const name = values?.name.trim();
    if (!name) return;
    try {
      await source.makeDir(joinPath(dir, name));
    } catch (err) {
      toast("error", `Could not create ${name}: ${describeError(err)}`);
    }
    await open(dir);
  };
  const upload = async (files: File[]) => {
    if (files.length === 0) return;
    await uploadFiles(source, dir, files, uploads);
    await open(dir);
  };

  const row = (entry: FileInfo) => {
    const path = joinPath(dir, entry.name);
    const name = entry.isDir
      ? h(
          "button",
          { type: "button", class: "link-button", onclick: () => void open(path) },
          h("span", { class: "file-icon dir", "aria-hidden": "true" }),
          `${entry.name}/`,
        )
      : h(
          "button",
          { type: "button", class: "link-button", onclick: () => view(path) },
          h("span", { class: "file-icon", "aria-hidden": "true" }),
          entry.name,
        );
    return h(
      "tr",
      { "data-name": entry.name },
      h(
        "td",
        { class: "mono" },
        name,
        entry.isSymlink ? h("span", { class: "muted" }, " (link)") : null,
      ),
      h("td", { class: "num" }, entry.isDir ? "—" : formatBytes(entry.size)),
      h("td", { class: "hide-narrow" }, formatTime(toDate(entry.modifiedAt))),
      h(
        "td",
        { class: "row-actions" },
        entry.isDir
          ? null
          : h(
              "button",
              {
                type: "button",
                class: "button small",
                "aria-label": `Download ${entry.name}`,
                onclick: () => void download(path),
              },
              "Download",
            ),
        h(
          "button",
          {
            type: "button",
            class: "button small danger",
            "aria-label": `Delete ${entry.name}`,
            onclick: () => void remove(entry, path),
          },
          "Delete",
        ),
      ),
    );
  };

  async function open(path: string): Promise<void> {
    dir = path;
    renderCrumbs();
    fill(status, loading(path));
    try {
      const { entries, truncated } = await source.list(path);
      entries.sort((a, b) => Number(b.isDir) - Number(a.isDir) || a.name.localeCompare(b.name));
      const up =
        path !== source.root
          ? h(
              "tr",
              {},
              h(
                "td",
                { colspan: "4" },
                h(
                  "button",
                  {
                    type: "button",
                    class: "link-button",
                    onclick: () => void open(parentOf(path, source.root)),
                  },
                  "↑ Parent folder",
                ),
              ),
            )
          : null;
      fill(tbody, up, ...entries.map(row));
      table.hidden = entries.length === 0 && !up;
      fill(
        status,
        entries.length === 0
          ? emptyState(
              "This folder is empty",
              source.upload ? "Drop files here or use Upload." : "Nothing here yet.",
            )
          : null,
        truncated ? notice("info", "More than 10,000 entries: the list is cut.") : null,
      );
    } catch (err) {
      fill(tbody);
      fill(status, notice("error", `Could not list ${path}: ${describeError(err)}`));
    }
  }
  function renderCrumbs(): void {
    const parts = dir.slice(source.root.length).split("/").filter(Boolean);
    const links = [
      h(
        "button",
        { type: "button", class: "link-button mono", onclick: () => void open(source.root) },
        source.rootLabel,
      ),
    ];
    parts.forEach((part, i) => {
      const target = joinPath(source.root, parts.slice(0, i + 1).join("/"));
      links.push(
        h(
          "button",
          {
            type: "button",
            class: "link-button mono",
            onclick: () => void open(target),
            "aria-current": i === parts.length - 1 ? "location" : undefined,
          },
          part,
        ),
      );
    });
    fill(
      crumbs,
      ...links.flatMap((link, i) =>
        i === 0 ? [link] : [h("span", { class: "crumb-sep", "aria-hidden": "true" }, "/"), link],
      ),
    );
  }

  picker.addEventListener("change", () => {
    void upload([...(picker.files ?? [])]);
    picker.value = "";
  });
  const toolbar = h(
    "div",
    { class: "toolbar" },
    crumbs,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "button", onclick: () => void open(dir) }, "Refresh"),
      h("button", { type: "button", class: "button", onclick: () => void makeDir() }, "New folder"),
      source.upload
        ? h(
            "button",
            { type: "button", class: "button primary", onclick: () => picker.click() },
            "Upload",
          )
        : null,
    ),
  );
  const element = h(
    "div",
    { class: "file-browser" },
    toolbar,
    picker,
    uploads,
    status,
    h("div", { class: "table-wrap" }, table),
    viewer,
    dropHint,
  );
  if (source.upload) {
    element.addEventListener("dragover", (e) => {
      e.preventDefault();
      element.classList.add("dropping");
    });
    element.addEventListener("dragleave", (e) => {
      if (!element.contains(e.relatedTarget as Node | null)) element.classList.remove("dropping");
    });
    element.addEventListener("drop", (e) => {
      e.preventDefault();
      element.classList.remove("dropping");
      void upload([...(e.dataTransfer?.files ?? [])]);
    });
  }
  void open(dir);
  return { element, stop: () => aborts.abort() };
}
