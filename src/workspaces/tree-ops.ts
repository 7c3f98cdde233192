import type { Wsfs } from "./wsfs.js";

/** What wsfs copy-tree answers. */
export interface TreeCopied {
  files: number;
  dirs: number;
  symlinks: number;
  bytes: number;
  reflinked: number;
  skipped: string[];
  skipped_count: number;
}

export interface TreeEntryState {
  kind: "file" | "dir" | "symlink" | "other";
  size: number;
  mode: number;
}

/** One entry of wsfs diff. */
export interface TreeChange {
  change: "added" | "removed" | "changed";
  path: string;
  /** base64 of the exact bytes, when the path is not valid UTF-8. */
  path_bytes?: string;
  before: TreeEntryState | null;
  after: TreeEntryState | null;
}

export interface TreeDiff {
  changes: TreeChange[];
  truncated: boolean;
}

/**
 * Copies the tree at `from` into `to` through the confined helper (both
 * opened as roots; links copied as links, never followed). `to` must be
 * empty, or is emptied first with clear.
 */
export function copyTree(
  wsfs: Wsfs,
  from: string,
  to: string,
  o: { clear?: boolean; limit?: number } = {},
): Promise<TreeCopied> {
  const args = [
    ...(o.clear ? ["--clear"] : []),
    ...(o.limit !== undefined ? ["--limit", `${Math.max(0, o.limit)}`] : []),
  ];
  return wsfs.json(from, "copy-tree", args, undefined, undefined, to);
}

/** What differs from the tree at `base` to the tree at `after`. */
export function diffTrees(
  wsfs: Wsfs,
  base: string,
  after: string,
  maxEntries: number,
  signal?: AbortSignal,
): Promise<TreeDiff> {
  return wsfs.json(base, "diff", [`${maxEntries}`], undefined, signal, after);
}
