import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { type Allowlist, type HostPort, isAllowed } from "./allowlist.js";
import { forbiddenReason } from "./forbidden-address.js";

/** Resolves a host name to all of its addresses (dns.lookup by default). */
export type Resolver = (host: string) => Promise<string[]>;

export const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

export type EgressDecision =
  | { allowed: true; address: string }
  | { allowed: false; status: 403 | 502; reason: string };

/**
 * Whether the proxy may connect to `target`, and to which address. The name
 * is resolved here, once, and the proxy connects to the address checked (so
 * a name cannot change its answer between check and use). When any address
 * of a name is forbidden the name is refused as a whole.
 */
export async function decideEgress(
  allowlist: Allowlist,
  target: HostPort,
  resolve: Resolver,
): Promise<EgressDecision> {
  const where = `${target.host}:${target.port}`;
  if (!isAllowed(allowlist, target)) {
    return { allowed: false, status: 403, reason: `${where} is not in this session's allowlist` };
  }
  let addresses: string[];
  try {
    addresses = isIP(target.host) ? [target.host] : await resolve(target.host);
  } catch (err) {
    const code = (err as { code?: string }).code ?? (err as Error).message;
    return { allowed: false, status: 502, reason: `cannot resolve ${target.host} (${code})` };
  }
  if (addresses.length === 0) {
    return { allowed: false, status: 502, reason: `${target.host} has no addresses` };
  }
  for (const address of addresses) {
    const why = forbiddenReason(address);
    if (why)
      return { allowed: false, status: 403, reason: `${where} is refused: ${address} is ${why}` };
  }
  return { allowed: true, address: addresses[0] as string };
}
