import { describeError } from "../../api/errors.js";
import { h } from "../../ui/dom.js";
import { formatBytes } from "../../ui/format.js";
import { type FileSource, joinPath } from "./file-source.js";

/** WriteFile carries one file whole; past this size the SDKs' streamed upload is the way. */
const UPLOAD_MAX_BYTES = 16 * 1024 * 1024;

/** Uploads files into a folder one after another, each with its own progress bar. */
export async function uploadFiles(
  source: FileSource,
  dir: string,
  files: readonly File[],
  list: HTMLElement,
): Promise<void> {
  if (!source.upload) return;
  for (const file of files) {
    const bar = h("progress", { max: "1", value: "0", "aria-label": `Uploading ${file.name}` });
    const state = h("span", { class: "upload-state" }, "waiting");
    const item = h(
      "li",
      { class: "upload-item" },
      h("span", { class: "mono upload-name" }, file.name),
      bar,
      state,
    );
    list.append(item);
    if (file.size > UPLOAD_MAX_BYTES) {
      item.classList.add("failed");
      state.textContent = `${formatBytes(file.size)} is more than the browser upload's ${formatBytes(UPLOAD_MAX_BYTES)}; use the SDK or REST upload`;
      continue;
    }
    try {
      state.textContent = "uploading";
      const data = new Uint8Array(await file.arrayBuffer());
      await source.upload(joinPath(dir, file.name), data, (fraction) => {
        bar.value = fraction;
        state.textContent = `${Math.round(fraction * 100)}%`;
      });
      bar.value = 1;
      state.textContent = `done · ${formatBytes(file.size)}`;
      item.classList.add("done");
      window.setTimeout(() => item.remove(), 5000);
    } catch (err) {
      item.classList.add("failed");
      state.textContent = describeError(err);
    }
  }
}
