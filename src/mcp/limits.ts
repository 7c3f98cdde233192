/** Size bounds of the MCP tools; messages stay far below any client's limits. */

/** Largest file read_file returns and write_file accepts (bytes). */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** read_file's default when the caller names no max_bytes. */
export const DEFAULT_READ_BYTES = 1024 * 1024;

/** Output exec streams and keeps for its result; the rest is read and dropped. */
export const MAX_EXEC_OUTPUT_CHARS = 1024 * 1024;

/** Longest command exec accepts (the API's own bound). */
export const MAX_COMMAND_CHARS = 1024 * 1024;

/**
 * Largest MCP request body over HTTP: a MAX_FILE_BYTES write as base64
 * (4/3 of it) inside its JSON-RPC envelope.
 */
export const MAX_MCP_BODY_BYTES = 8 * 1024 * 1024;
