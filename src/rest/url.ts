import { HttpError } from "./http-error.js";

export interface ParsedUrl {
  // Decoded path segments, without the empty one a trailing slash leaves.
  segments: string[];
  // The first value of each query parameter, decoded.
  query: ReadonlyMap<string, string>;
}

export function splitUrl(url: string): { path: string; search: string } {
  const mark = url.indexOf("?");
  return mark === -1
    ? { path: url, search: "" }
    : { path: url.slice(0, mark), search: url.slice(mark + 1) };
}

export function parseUrl(url: string): ParsedUrl {
  const { path, search } = splitUrl(url);
  const segments = path.split("/").slice(1).map(decodePathSegment);
  if (segments.length > 1 && segments.at(-1) === "") segments.pop();
  return { segments, query: parseQuery(search) };
}

function parseQuery(search: string): Map<string, string> {
  const query = new Map<string, string>();
  for (const pair of search.split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    const name = decodeQueryPart(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? "" : decodeQueryPart(pair.slice(equals + 1));
    if (!query.has(name)) query.set(name, value);
  }
  return query;
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, "malformed percent-encoding in the URL path");
  }
}

function decodeQueryPart(part: string): string {
  try {
    return decodeURIComponent(part.replaceAll("+", " "));
  } catch {
    throw new HttpError(400, "malformed percent-encoding in the query string");
  }
}
