// The runner runs with effective uid 1000 but briefly switches to euid 0 to
// spawn the shell. Every filesystem call here is therefore synchronous on the
// main thread: fs/promises, streams and callback APIs run on libuv's
// threadpool and could overlap that window, acting as root.

import { posix } from "node:path";
import type { ServiceImpl } from "@connectrpc/connect";
import type { FsService } from "../../gen/sandkasten/v1/fs_pb.js";
import { download } from "./download.js";
import { listDir } from "./list-dir.js";
import { makeDir } from "./make-dir.js";
import type { FsServiceOptions, ResolvedFsServiceOptions } from "./options.js";
import { DEFAULT_MAX_UPLOAD_BYTES } from "./options.js";
import { readFile } from "./read-file.js";
import { remove } from "./remove.js";
import { stat } from "./stat.js";
import { upload } from "./upload.js";
import { writeFile } from "./write-file.js";

export type { FsServiceOptions } from "./options.js";

export function createFsService(options: FsServiceOptions): ServiceImpl<typeof FsService> {
  const o: ResolvedFsServiceOptions = {
    workspaceDir: posix.resolve(options.workspaceDir),
    maxReadBytes: options.maxReadBytes,
    maxListEntries: options.maxListEntries,
    maxUploadBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
  };
  return {
    readFile: (req) => readFile(o, req),
    writeFile: (req) => writeFile(o, req),
    listDir: (req) => listDir(o, req),
    stat: (req) => stat(o, req),
    remove: (req) => remove(o, req),
    makeDir: (req) => makeDir(o, req),
    upload: (requests, ctx) => upload(o, requests, ctx),
    download: (req, ctx) => download(o, req, ctx),
  };
}
