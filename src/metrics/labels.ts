/**
 * The label names of each labelled metric, in one place. A label every
 * series should carry (a tenant, say) is added here and to the values its
 * call sites pass; the types make sure none is forgotten.
 */
export const LABELS = {
  sessions: ["status", "image"],
  tenant: ["tenant"],
  pool: ["image"],
  create: ["source"],
  exec: ["kind", "protocol"],
  streamBytes: ["stream"],
  runnerFailures: ["code"],
  rpc: ["procedure", "code", "protocol"],
  rpcDuration: ["procedure", "protocol"],
  http: ["handler", "route", "method", "status"],
} as const;

export type LabelsOf<K extends keyof typeof LABELS> = Record<(typeof LABELS)[K][number], string>;
