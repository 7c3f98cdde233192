import { readdirSync } from "node:fs";
import { posix } from "node:path";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type {
  FileInfo,
  ListDirRequest,
  ListDirResponseSchema,
} from "../../gen/sandkasten/v1/fs_pb.js";
import { errnoOf, toConnectError } from "./errors.js";
import { lstatInfo } from "./file-info.js";
import type { ResolvedFsServiceOptions } from "./options.js";
import { resolvePath } from "./paths.js";

export function listDir(
  o: ResolvedFsServiceOptions,
  req: ListDirRequest,
): MessageInitShape<typeof ListDirResponseSchema> {
  const path = resolvePath(o.workspaceDir, req.path, true);
  let names: string[];
  try {
    names = readdirSync(path);
  } catch (err) {
    throw toConnectError(err, path);
  }
  names.sort(byCodeUnits);
  const entries: FileInfo[] = [];
  let next = 0;
  for (; next < names.length && entries.length < o.maxListEntries; next++) {
    const entryPath = posix.join(path, names[next] as string);
    try {
      entries.push(lstatInfo(entryPath));
    } catch (err) {
      if (errnoOf(err) !== "ENOENT") {
        throw toConnectError(err, entryPath);
      }
    }
  }
  return { path, entries, truncated: next < names.length };
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
