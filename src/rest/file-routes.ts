import type { RestContext, RestRoute } from "./context.js";
import { downloadFile } from "./file-download-route.js";
import { listDir, makeDir, readFile, remove, stat, writeFile } from "./file-handlers.js";
import type { FileTarget } from "./file-target.js";
import { uploadFiles } from "./file-upload-route.js";

type FileHandler = (target: FileTarget, ctx: RestContext) => Promise<void>;

// The routes on a target's files. Each names its file by `path` or by
// `path_base64` (the bytes of a name that is not UTF-8); see fs-path.ts.
export function fileRoutes(target: FileTarget): RestRoute[] {
  const at = (suffix: string) => `${target.prefix}/fs${suffix}`;
  const on = (handler: FileHandler) => (ctx: RestContext) => handler(target, ctx);
  const withPath = (...fields: string[]) => ["path", "path_base64", ...fields];
  const writeFields = withPath("text", "content_base64", ...target.writeFields);
  return [
    { method: "GET", path: at(""), query: withPath(), handle: on(listDir) },
    { method: "DELETE", path: at(""), query: withPath("recursive"), handle: on(remove) },
    { method: "GET", path: at("/read"), query: withPath("max_bytes"), handle: on(readFile) },
    { method: "POST", path: at("/write"), body: writeFields, handle: on(writeFile) },
    { method: "GET", path: at("/stat"), query: withPath(), handle: on(stat) },
    { method: "POST", path: at("/mkdir"), body: withPath("parents"), handle: on(makeDir) },
    { method: "GET", path: at("/download"), query: withPath(), handle: on(downloadFile) },
    // Multipart: its part names are checked in multipart-upload.ts.
    { method: "POST", path: at("/upload"), handle: on(uploadFiles) },
  ];
}
