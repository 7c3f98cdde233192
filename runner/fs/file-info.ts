import type { BigIntStats } from "node:fs";
import { lstatSync } from "node:fs";
import { posix } from "node:path";
import { create } from "@bufbuild/protobuf";
import { TimestampSchema } from "@bufbuild/protobuf/wkt";
import type { FileInfo } from "../../gen/sandkasten/v1/fs_pb.js";
import { FileInfoSchema } from "../../gen/sandkasten/v1/fs_pb.js";

const NS_PER_S = 1_000_000_000n;

export function fileInfo(path: string, stats: BigIntStats): FileInfo {
  const ns = stats.mtimeNs;
  let seconds = ns / NS_PER_S;
  let nanos = ns % NS_PER_S;
  if (nanos < 0n) {
    seconds -= 1n;
    nanos += NS_PER_S;
  }
  return create(FileInfoSchema, {
    name: posix.basename(path),
    path,
    isDir: stats.isDirectory(),
    isSymlink: stats.isSymbolicLink(),
    size: stats.size,
    mode: Number(stats.mode & 0o7777n),
    modifiedAt: create(TimestampSchema, { seconds, nanos: Number(nanos) }),
  });
}

/** FileInfo of `path` itself; a symlink is described, not followed. */
export function lstatInfo(path: string): FileInfo {
  return fileInfo(path, lstatSync(path, { bigint: true }));
}
