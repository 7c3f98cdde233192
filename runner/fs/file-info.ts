import type { BigIntStats } from "node:fs";
import { lstatSync } from "node:fs";
import { create } from "@bufbuild/protobuf";
import { TimestampSchema } from "@bufbuild/protobuf/wkt";
import type { FileInfo } from "../../gen/sandkasten/v1/fs_pb.js";
import { FileInfoSchema } from "../../gen/sandkasten/v1/fs_pb.js";
import { basenameBytes, exactBytesIfNotUtf8, shown } from "./byte-paths.js";

const NS_PER_S = 1_000_000_000n;

export function fileInfo(path: Buffer, stats: BigIntStats): FileInfo {
  const ns = stats.mtimeNs;
  let seconds = ns / NS_PER_S;
  let nanos = ns % NS_PER_S;
  if (nanos < 0n) {
    seconds -= 1n;
    nanos += NS_PER_S;
  }
  const name = basenameBytes(path);
  return create(FileInfoSchema, {
    name: shown(name),
    path: shown(path),
    nameBytes: exactBytesIfNotUtf8(name),
    pathBytes: exactBytesIfNotUtf8(path),
    isDir: stats.isDirectory(),
    isSymlink: stats.isSymbolicLink(),
    size: stats.size,
    mode: Number(stats.mode & 0o7777n),
    modifiedAt: create(TimestampSchema, { seconds, nanos: Number(nanos) }),
  });
}

/** FileInfo of `path` itself; a symlink is described, not followed. */
export function lstatInfo(path: Buffer): FileInfo {
  return fileInfo(path, lstatSync(path, { bigint: true }));
}
