import { isIP } from "node:net";

/**
 * Where a session with `network: allowlist` may connect, one entry per
 * destination:
 *
 * - `example.internal:443`: exactly that name (case-insensitive) and port;
 * - `*.corp.test:80`: any name below corp.test (not corp.test itself);
 * - `10.0.0.5:8080`, `[fd00::5]:443`: exactly that address, when the client
 *   asks for the address (a name that resolves to it does not match).
 *
 * The port is required: an entry opens one port, never "any", and a missing
 * port is an error rather than a silent 443. Matching is on what the client
 * asks for; the proxy still refuses loopback, link-local and the host's own
 * addresses after resolving (see forbidden-address.ts), listed or not.
 */
export type AllowEntry =
  | { kind: "name"; host: string; port: number }
  | { kind: "wildcard"; suffix: string; port: number }
  | { kind: "address"; address: string; port: number };

export interface Allowlist {
  entries: readonly AllowEntry[];
}

/** A destination as a client names it: a host name or IP address, and a port. */
export interface HostPort {
  host: string;
  port: number;
}

export class AllowlistError extends Error {}

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

export function parseAllowlist(entries: readonly string[]): Allowlist {
  return { entries: entries.map(parseAllowEntry) };
}

export function parseAllowEntry(text: string): AllowEntry {
  const bad = (why: string) => new AllowlistError(`allowlist entry "${text}": ${why}`);
  const target = splitHostPort(text.trim());
  if (typeof target === "string") throw bad(target);
  const { host, port } = target;
  if (isIP(host)) return { kind: "address", address: canonicalAddress(host), port };
  if (host.startsWith("*.")) {
    const suffix = host.slice(2);
    if (!isHostName(suffix)) throw bad(`"${suffix}" after "*." is not a valid host name`);
    return { kind: "wildcard", suffix, port };
  }
  if (host.includes("*")) throw bad('a wildcard is only allowed as a leading "*." label');
  if (!isHostName(host)) throw bad(`"${host}" is not a valid host name or IP address`);
  return { kind: "name", host, port };
}

/** True when the allowlist has an entry for this destination. */
export function isAllowed(list: Allowlist, target: HostPort): boolean {
  const host = normalHost(target.host);
  const address = isIP(host) ? canonicalAddress(host) : undefined;
  return list.entries.some((e) => {
    if (e.port !== target.port) return false;
    if (e.kind === "address") return e.address === address;
    if (address) return false;
    if (e.kind === "name") return e.host === host;
    return host.endsWith(`.${e.suffix}`);
  });
}

/**
 * Parses `host:port` or `[v6]:port` (a CONNECT request target has this
 * form too); answers a reason instead when it is malformed.
 */
export function splitHostPort(text: string): HostPort | string {
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  const colon = text.lastIndexOf(":");
  let host: string;
  let portText: string | undefined;
  if (bracketed) {
    host = bracketed[1] ?? "";
    portText = bracketed[2];
    if (isIP(host) !== 6 || host.includes("%")) return `"[${host}]" is not an IPv6 address`;
  } else if (isIP(text) === 6) {
    return 'put an IPv6 address in brackets, e.g. "[fd00::5]:443"';
  } else {
    host = colon < 0 ? text : text.slice(0, colon);
    portText = colon < 0 ? undefined : text.slice(colon + 1);
  }
  if (host === "") return "the host is missing";
  if (!bracketed && host.includes(":")) {
    return 'put an IPv6 address in brackets, e.g. "[fd00::5]:443"';
  }
  if (portText === undefined) return `a port is required, e.g. "${text}:443"`;
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
    return `"${portText}" is not a port (1-65535)`;
  }
  return { host: normalHost(host), port: Number(portText) };
}

function normalHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, "");
}

function isHostName(host: string): boolean {
  return host.length <= 253 && host.split(".").every((label) => LABEL.test(label));
}

/** One spelling per address, so that `::ffff:10.0.0.5` and `10.0.0.5` compare equal. */
export function canonicalAddress(address: string): string {
  if (isIP(address) !== 6) return address;
  const v6 = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(v6);
  if (!mapped) return v6;
  const high = Number.parseInt(mapped[1] ?? "", 16);
  const low = Number.parseInt(mapped[2] ?? "", 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}
