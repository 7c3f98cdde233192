import type { FilePath } from "../../files/file-backend.js";

/** The path a request names: path_bytes when given, else path. */
export function requestPath(req: { path: string; pathBytes: Uint8Array }): FilePath {
  return req.pathBytes.length > 0 ? req.pathBytes : req.path;
}
