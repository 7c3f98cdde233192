import { describeError } from "../../api/errors.js";
import { fill, h } from "../../ui/dom.js";
import { formatBytes } from "../../ui/format.js";
import { loading, notice } from "../../ui/notice.js";
import type { FileSource } from "./file-source.js";

const VIEW_MAX_BYTES = 1024 * 1024;

function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8000).includes(0);
}

/** Shows a text file (its first MiB); binary files are offered for download instead. */
export function fileViewer(
  source: FileSource,
  path: string,
  onClose: () => void,
  onDownload: () => void,
): HTMLElement {
  const body = h("div", { class: "viewer-body" }, loading(path));
  const close = h("button", { type: "button", class: "button small", onclick: onClose }, "Close");
  const panel = h(
    "section",
    { class: "card viewer", "aria-label": `File ${path}` },
    h(
      "div",
      { class: "viewer-head" },
      h("h2", { class: "mono" }, path),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", class: "button small", onclick: onDownload }, "Download"),
        close,
      ),
    ),
    body,
  );
  panel.addEventListener("keydown", (e) => e.key === "Escape" && onClose());
  source.read(path, VIEW_MAX_BYTES).then(
    ({ content, truncated, size }) => {
      if (looksBinary(content)) {
        fill(body, notice("info", `A binary file (${formatBytes(size)}): download it to open it.`));
        return;
      }
      fill(
        body,
        truncated
          ? notice(
              "info",
              `Showing the first ${formatBytes(content.length)} of ${formatBytes(size)}.`,
            )
          : null,
        h("pre", { class: "file-text", tabindex: "0" }, new TextDecoder().decode(content)),
      );
    },
    (err) => fill(body, notice("error", describeError(err))),
  );
  queueMicrotask(() => close.focus());
  return panel;
}
