/** Deadline for one unary terminal call (input, resize, close) to a runner. */
export const PTY_CALL_TIMEOUT_MS = 10_000;
