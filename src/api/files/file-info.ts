import { create } from "@bufbuild/protobuf";
import { type FileInfo, FileInfoSchema } from "../../../gen/sandkasten/v1/fs_pb.js";
import type { FileEntry } from "../../files/file-backend.js";

/** A file entry as both services' messages carry it. */
export function toFileInfo(entry: FileEntry): FileInfo {
  return create(FileInfoSchema, entry);
}
