import { BlockList, isIP } from "node:net";
import { networkInterfaces } from "node:os";
import { canonicalAddress } from "./allowlist.js";

/**
 * Addresses no session may reach through the proxy, even when listed: they
 * lead back to the host (and so to the daemon and whatever else listens
 * there) or to cloud metadata services. Private ranges (10/8, 172.16/12,
 * 192.168/16, fc00::/7) are allowed when listed: that is where project
 * containers and internal services live.
 */
const RANGES: [address: string, prefix: number, family: "ipv4" | "ipv6", why: string][] = [
  ["0.0.0.0", 8, "ipv4", "an unspecified address"],
  ["127.0.0.0", 8, "ipv4", "a loopback address"],
  ["169.254.0.0", 16, "ipv4", "a link-local address (cloud metadata lives there)"],
  ["224.0.0.0", 4, "ipv4", "a multicast address"],
  ["240.0.0.0", 4, "ipv4", "a reserved or broadcast address"],
  ["::", 128, "ipv6", "an unspecified address"],
  ["::1", 128, "ipv6", "a loopback address"],
  ["fe80::", 10, "ipv6", "a link-local address (cloud metadata lives there)"],
  ["fd00:ec2::254", 128, "ipv6", "a cloud metadata address"],
  ["ff00::", 8, "ipv6", "a multicast address"],
];

const blocks = RANGES.map(([address, prefix, family, why]) => {
  const list = new BlockList();
  list.addSubnet(address, prefix, family);
  return { list, why };
});

/**
 * Why the proxy must not connect to `address`, or undefined when it may.
 * The host's own addresses are read afresh on each call: every session
 * network adds a bridge address to the host.
 */
export function forbiddenReason(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return "not an IP address";
  const type = family === 4 ? "ipv4" : "ipv6";
  const hit = blocks.find((b) => b.list.check(address, type));
  if (hit) return hit.why;
  if (hostAddresses().has(canonicalAddress(address))) return "an address of the sandbox host";
  return undefined;
}

function hostAddresses(): Set<string> {
  const all = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
  return new Set(all.map((i) => canonicalAddress(i.address.split("%")[0] ?? "")));
}
