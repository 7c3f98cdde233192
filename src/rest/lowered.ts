// The original daemon lowered a too-large ttl_seconds or timeout_ms to the
// maximum instead of refusing it; REST callers written for it rely on that.
// (The gRPC contract refuses them: there a bound is an error.)

/** The maxima the daemon applies, read afresh on every request. */
export interface Maxima {
  ttlSeconds: number;
  execTimeoutMs: number;
}

/** The fields a request had lowered, and the values used instead. */
export type Lowered = Record<string, number>;

/** `value`, or `max` when it is larger (noted in `lowered`). */
export function atMost(value: number, max: number, field: string, lowered: Lowered): number {
  if (value <= max) return value;
  lowered[field] = max;
  return max;
}

/** Says what was lowered: a header for every answer, a field for JSON ones. */
export function loweredHeaders(lowered: Lowered): Record<string, string> {
  const entries = Object.entries(lowered);
  if (entries.length === 0) return {};
  return { "x-sandkasten-lowered": entries.map(([field, max]) => `${field}=${max}`).join(", ") };
}

export function loweredField(lowered: Lowered): { lowered?: Lowered } {
  return Object.keys(lowered).length === 0 ? {} : { lowered };
}
