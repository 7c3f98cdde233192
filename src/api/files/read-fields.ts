import { isUtf8 } from "node:buffer";
import type { FileContent } from "../../files/file-backend.js";

// Between the read RPCs' fields (ReadFile, ReadWorkspaceFile) and a backend's read.

/** max_bytes as a read's option: zero asks for the daemon's maximum. */
export function maxBytesOption(maxBytes: bigint): number | undefined {
  return maxBytes > 0n ? Number(maxBytes) : undefined;
}

/** What a read answers; is_utf8 is the daemon's own check, not a runner's word. */
export function readFields(read: FileContent): FileContent & { isUtf8: boolean } {
  return { ...read, isUtf8: isUtf8(read.content) };
}
