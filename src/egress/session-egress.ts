import type { DockerClient } from "../docker/docker-client.js";
import { LABEL_INSTANCE, LABEL_KIND, LABEL_MANAGED, LABEL_SESSION } from "../docker/labels.js";
import type { Logger } from "../log.js";
import { parseAllowlist } from "./allowlist.js";
import { removeFences } from "./host-firewall.js";
import { createSessionNetwork, type SessionNetwork } from "./session-network.js";

/** How a session container with an allowlist is attached. */
export interface EgressAttachment {
  networkName: string;
  /** HTTP(S)_PROXY and NO_PROXY for its shell. */
  env: Record<string, string>;
  /** Its only name server: the gateway, which the fence refuses (names are the proxy's to resolve). */
  dns: string[];
}

/** The networks and proxies of this daemon's sessions with network "allowlist". */
export class SessionEgress {
  private readonly networks = new Map<string, SessionNetwork>();

  constructor(
    private readonly docker: DockerClient,
    private readonly instance: string,
    private readonly log: Logger,
  ) {}

  private get prefix(): string {
    return `sandkasten-${this.instance}-egress-`;
  }

  async open(sessionId: string, allow: readonly string[]): Promise<EgressAttachment> {
    const net = await createSessionNetwork({
      docker: this.docker,
      name: `${this.prefix}${sessionId}`,
      labels: {
        [LABEL_MANAGED]: "true",
        [LABEL_INSTANCE]: this.instance,
        [LABEL_SESSION]: sessionId,
        [LABEL_KIND]: "egress",
      },
      allowlist: parseAllowlist(allow),
      onEvent: (event) => {
        if (event.kind === "refused")
          this.log.info("egress refused", { session: sessionId, reason: event.reason });
      },
    });
    this.networks.set(sessionId, net);
    return { networkName: net.networkName, env: net.env, dns: [net.gateway] };
  }

  /** After the session's container is gone. */
  async close(sessionId: string): Promise<void> {
    const net = this.networks.get(sessionId);
    if (!net) return;
    await net.close();
    this.networks.delete(sessionId);
  }

  /**
   * At start-up: the networks and host rules an earlier run left for
   * sessions that are not live now (a proxy does not outlive its daemon).
   */
  async sweep(live: ReadonlySet<string>): Promise<number> {
    const stale = (name: string) =>
      name.startsWith(this.prefix) && !live.has(name.slice(this.prefix.length));
    const networks = await this.docker.call("network list", (api) =>
      api.listNetworks({
        filters: JSON.stringify({
          label: [
            `${LABEL_MANAGED}=true`,
            `${LABEL_INSTANCE}=${this.instance}`,
            `${LABEL_KIND}=egress`,
          ],
        }),
      }),
    );
    let removed = 0;
    for (const n of networks) {
      if (!stale(n.Name)) continue;
      await this.docker
        .call("network remove", (api) => api.getNetwork(n.Id).remove())
        .catch(() => {});
      removed++;
    }
    await removeFences(stale).catch((err: unknown) =>
      this.log.warn("could not remove stale egress rules", { error: String(err) }),
    );
    return removed;
  }

  async closeAll(): Promise<void> {
    for (const id of [...this.networks.keys()]) await this.close(id).catch(() => {});
  }
}
