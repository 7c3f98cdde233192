import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { contentTypeOf } from "./content-types.js";

export interface DashboardFile {
  body: Buffer;
  contentType: string;
  cacheControl: string;
  etag: string;
}

/** The built dashboard, read once at start-up: URL path → file. */
export type DashboardFiles = Map<string, DashboardFile>;

/** Vite names built assets `<name>-<hash>.<ext>` under assets/: their content never changes. */
const HASHED_ASSET = /^\/assets\/.+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;
const MAX_FILES = 2000;

/**
 * Reads every file under `dir` (web/dist) into memory. Requests are only
 * ever answered from this map, so no request path reaches the filesystem.
 * Returns undefined when there is no build (no index.html).
 */
export function loadDashboardFiles(dir: string): DashboardFiles | undefined {
  if (!existsSync(join(dir, "index.html"))) return undefined;
  const files: DashboardFiles = new Map();
  for (const path of walk(dir)) {
    const urlPath = `/${relative(dir, path).split(sep).join("/")}`;
    const body = readFileSync(path);
    files.set(urlPath, {
      body,
      contentType: contentTypeOf(path),
      cacheControl: HASHED_ASSET.test(urlPath) ? "public, max-age=31536000, immutable" : "no-cache",
      etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`,
    });
    if (files.size > MAX_FILES) throw new Error(`${dir} holds more than ${MAX_FILES} files`);
  }
  return files;
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) yield* walk(path);
    else if (stat.isFile()) yield path;
  }
}
