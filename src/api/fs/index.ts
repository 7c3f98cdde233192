import type { ServiceImpl } from "@connectrpc/connect";
import type { FsService } from "../../../gen/sandkasten/v1/fs_pb.js";
import type { AppContext } from "../../context.js";
import { download } from "./download.js";
import { listDir } from "./list-dir.js";
import { makeDir } from "./make-dir.js";
import { readFile } from "./read-file.js";
import { remove } from "./remove.js";
import { stat } from "./stat.js";
import { upload } from "./upload.js";
import { writeFile } from "./write-file.js";

export const fsService = (ctx: AppContext): ServiceImpl<typeof FsService> => ({
  readFile: readFile(ctx),
  writeFile: writeFile(ctx),
  listDir: listDir(ctx),
  stat: stat(ctx),
  remove: remove(ctx),
  makeDir: makeDir(ctx),
  upload: upload(ctx),
  download: download(ctx),
});
