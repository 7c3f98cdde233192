import { decodeBase64 } from "./base64.js";
import { optionalString } from "./body-fields.js";
import { HttpError } from "./http-error.js";
import type { JsonObject } from "./json-body.js";

// A file path in a REST request: `path` as text, or `path_base64`, the
// exact bytes of a name that is not valid UTF-8 (as listings give it in
// `path_base64`). FsService and WorkspaceService take them as path and
// path_bytes.

export interface PathFields {
  path: string;
  pathBytes: Uint8Array;
}

/** From the query string. A "+" in base64 that arrived as a space is read back as "+". */
export function queryPath(query: ReadonlyMap<string, string>, required = true): PathFields {
  const base64 = query.get("path_base64");
  return pathFields(query.get("path"), base64?.replaceAll(" ", "+"), required);
}

/** From a JSON body. */
export function bodyPath(body: JsonObject, required = true): PathFields {
  return pathFields(optionalString(body, "path"), optionalString(body, "path_base64"), required);
}

export function pathFields(
  text: string | undefined,
  base64: string | undefined,
  required: boolean,
): PathFields {
  const hasText = text !== undefined && text !== "";
  const hasBytes = base64 !== undefined && base64 !== "";
  if (hasText && hasBytes) throw new HttpError(400, "give either path or path_base64, not both");
  if (hasBytes) {
    const pathBytes = decodeBase64(base64, "path_base64");
    if (pathBytes.length === 0) throw new HttpError(400, "path_base64 is empty");
    return { path: "", pathBytes };
  }
  if (required && !hasText) throw new HttpError(400, "path or path_base64 is required");
  return { path: text ?? "", pathBytes: new Uint8Array() };
}

/** The last name of a path, as text, for a download's file name. */
export function lastName(p: PathFields): string {
  const text = p.pathBytes.length > 0 ? Buffer.from(p.pathBytes).toString("utf8") : p.path;
  return text.split("/").at(-1) ?? "";
}
