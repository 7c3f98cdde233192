import { DomainError } from "../errors/domain-error.js";
import { type AllowEntry, type Allowlist, isAllowed, parseAllowlist } from "./allowlist.js";

/** What a create asked for: no network, or an allowlist. */
export type EgressRequest = { network: "none" } | { network: "allowlist"; allow: string[] };

/**
 * The session's egress from CreateSession's `network` and `allow`: entries
 * that parse, each within what the operator allows (egress.allowed).
 */
export function egressRequest(
  network: string,
  allow: readonly string[],
  allowed: readonly string[],
): EgressRequest {
  const bad = (message: string) => new DomainError("invalid", message);
  if (network !== "allowlist") {
    if (allow.length > 0) throw bad('allow needs network "allowlist"');
    return { network: "none" };
  }
  if (allow.length === 0) throw bad('network "allowlist" needs at least one allow entry');
  if (allowed.length === 0) {
    throw bad('network "allowlist" is off on this daemon: egress.allowed is empty');
  }
  let requested: Allowlist;
  try {
    requested = parseAllowlist(allow);
  } catch (err) {
    throw bad((err as Error).message);
  }
  const operator = parseAllowlist(allowed);
  requested.entries.forEach((entry, i) => {
    if (!covers(operator, entry)) {
      throw bad(`allow entry "${allow[i]}" is not within egress.allowed (${allowed.join(", ")})`);
    }
  });
  return { network: "allowlist", allow: [...allow] };
}

function covers(operator: Allowlist, entry: AllowEntry): boolean {
  if (entry.kind === "name") return isAllowed(operator, { host: entry.host, port: entry.port });
  if (entry.kind === "address")
    return isAllowed(operator, { host: entry.address, port: entry.port });
  return operator.entries.some(
    (c) =>
      c.kind === "wildcard" &&
      c.port === entry.port &&
      (c.suffix === entry.suffix || entry.suffix.endsWith(`.${c.suffix}`)),
  );
}
