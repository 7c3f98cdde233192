import { create } from "@bufbuild/protobuf";
import {
  type UploadRequest,
  UploadRequestSchema,
  type WorkspaceQuota,
} from "../../gen/sandkasten/v1/fs_pb.js";
import type { FilePath } from "./file-backend.js";
import { pathFields } from "./runner-fields.js";

/**
 * An upload as the runner takes it: a first message with the path and the
 * quota the daemon sets, then the data as it arrives.
 */
export async function* uploadMessages(
  path: FilePath,
  workspaceQuota: WorkspaceQuota | undefined,
  data: AsyncIterable<Uint8Array>,
): AsyncGenerator<UploadRequest> {
  yield create(UploadRequestSchema, { ...pathFields(path), workspaceQuota });
  for await (const chunk of data) yield create(UploadRequestSchema, { data: chunk });
}
