/**
 * The sizes the daemon holds to, in one place. Where the contract states one
 * too (proto/'s field rules, which clients see), the number here is the same.
 */

const MiB = 1024 * 1024;

/** A request body: room for a 16 MiB file write as base64 JSON. */
export const REQUEST_MAX_BYTES = 24 * MiB;

/** What one file read answers at the most (ReadFile, ReadWorkspaceFile). */
export const FILE_READ_MAX_BYTES = 16 * MiB;

/** One message of file data in an upload or a download. */
export const DATA_MESSAGE_MAX_BYTES = 1 * MiB;

/** One output event of a stream (ExecOutput.data's max_len). */
export const OUTPUT_EVENT_MAX_BYTES = 1 * MiB;

/** One upload's whole size (REST and gRPC). */
export const UPLOAD_MAX_BYTES = 1024 * MiB;

/** A message from a runner: the largest file read with its envelope. */
export const RUNNER_MESSAGE_MAX_BYTES = FILE_READ_MAX_BYTES + 1 * MiB;

/** A config candidate sent to the config routes. */
export const CONFIG_BODY_MAX_BYTES = 1 * MiB;

/** What unary exec keeps by default: 1 MiB, of it the first 64 KiB and the last 960 KiB. */
export const OUTPUT_CAP_BYTES = 1 * MiB;
export const OUTPUT_HEAD_BYTES = 64 * 1024;
