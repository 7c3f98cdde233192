import { readdirSync } from "node:fs";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type {
  FileInfo,
  ListDirRequest,
  ListDirResponseSchema,
} from "../../gen/sandkasten/v1/fs_pb.js";
import { joinBytes, shown } from "./byte-paths.js";
import { errnoOf, toConnectError } from "./errors.js";
import { lstatInfo } from "./file-info.js";
import type { ResolvedFsServiceOptions } from "./options.js";
import { resolvePath } from "./paths.js";

/** Entries sorted by their bytes; names that are not UTF-8 are listed too (FileInfo.name_bytes). */
export function listDir(
  o: ResolvedFsServiceOptions,
  req: ListDirRequest,
): MessageInitShape<typeof ListDirResponseSchema> {
  const path = resolvePath(o.workspaceDir, req, true);
  let names: Buffer[];
  try {
    names = readdirSync(path, { encoding: "buffer" });
  } catch (err) {
    throw toConnectError(err, path);
  }
  names.sort(Buffer.compare);
  const entries: FileInfo[] = [];
  let next = 0;
  for (; next < names.length && entries.length < o.maxListEntries; next++) {
    const entryPath = joinBytes(path, names[next] as Buffer);
    try {
      entries.push(lstatInfo(entryPath));
    } catch (err) {
      if (errnoOf(err) !== "ENOENT") {
        throw toConnectError(err, entryPath);
      }
    }
  }
  return { path: shown(path), entries, truncated: next < names.length };
}
