import { type DockerClient, isNotFound } from "../docker/docker-client.js";
import type { Allowlist } from "./allowlist.js";
import { type ProxyEvent, startConnectProxy } from "./connect-proxy.js";
import type { Resolver } from "./egress-decision.js";
import { fenceBridge, removeFences } from "./host-firewall.js";

export interface SessionNetworkOptions {
  docker: DockerClient;
  /** The network's name, e.g. `sandkasten-egress-<session id>`. */
  name: string;
  labels: Record<string, string>;
  allowlist: Allowlist;
  /** A subnet of its own (e.g. a /28); default: the engine's address pools, one /16 or /20 each. */
  subnet?: string;
  resolve?: Resolver;
  onEvent?: (event: ProxyEvent) => void;
}

export interface SessionNetwork {
  /** Give the session container this as its NetworkMode. */
  networkName: string;
  /** The bridge's address on the host, where the proxy listens. */
  gateway: string;
  proxyUrl: string;
  /** HTTP(S)_PROXY and NO_PROXY for the session, in both spellings. */
  env: Record<string, string>;
  /** Stops the proxy and removes the rules and network; the container must be gone first. */
  close(): Promise<void>;
}

/**
 * A session's own `--internal` network, whose only way out is an egress
 * proxy the daemon runs on the host, listening on the network's gateway
 * address; host-firewall.ts closes every other port of the host to it.
 */
export async function createSessionNetwork(
  options: SessionNetworkOptions,
): Promise<SessionNetwork> {
  const { docker, name } = options;
  const ipam = options.subnet ? { Config: [{ Subnet: options.subnet }] } : undefined;
  const network = await docker.call("network create", (api) =>
    api.createNetwork({
      Name: name,
      Driver: "bridge",
      Internal: true,
      CheckDuplicate: true,
      Labels: options.labels,
      ...(ipam ? { IPAM: ipam } : {}),
    }),
  );
  const cleanups: (() => Promise<void>)[] = [
    () => removeNetwork(docker, name),
    () => removeFences((n) => n === name),
  ];
  const close = closeOnce(cleanups);
  try {
    const info = await docker.call("network inspect", () => network.inspect());
    const gateway: string | undefined = info.IPAM?.Config?.[0]?.Gateway;
    if (!gateway) throw new Error(`network ${name} has no gateway address`);
    const bridge: string =
      info.Options?.["com.docker.network.bridge.name"] ?? `br-${String(info.Id).slice(0, 12)}`;
    const proxy = await startConnectProxy({
      allowlist: options.allowlist,
      host: gateway,
      ...(options.resolve ? { resolve: options.resolve } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    });
    cleanups.push(() => proxy.close());
    await fenceBridge(bridge, name, { address: gateway, port: proxy.port });
    return { networkName: name, gateway, proxyUrl: proxy.url, env: proxyEnv(proxy.url), close };
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
}

export function proxyEnv(proxyUrl: string): Record<string, string> {
  const local = "localhost,127.0.0.1,::1";
  return {
    HTTP_PROXY: proxyUrl,
    HTTPS_PROXY: proxyUrl,
    http_proxy: proxyUrl,
    https_proxy: proxyUrl,
    NO_PROXY: local,
    no_proxy: local,
  };
}

async function removeNetwork(docker: DockerClient, name: string): Promise<void> {
  try {
    await docker.call("network remove", (api) => api.getNetwork(name).remove());
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/**
 * Runs the cleanups last-in first-out, once; fails after trying them all,
 * and may then be called again (each cleanup can be repeated).
 */
function closeOnce(cleanups: (() => Promise<void>)[]): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= (async () => {
      const errors: unknown[] = [];
      for (const cleanup of [...cleanups].reverse()) {
        await cleanup().catch((err: unknown) => errors.push(err));
      }
      if (errors.length === 0) return;
      closing = undefined;
      throw new AggregateError(errors, `closing a session network failed: ${errors.join("; ")}`);
    })();
    return closing;
  };
}
