import { randomBytes } from "node:crypto";
import { Code, ConnectError } from "@connectrpc/connect";
import { PtyHost, type PtyHostOptions } from "./pty-host.js";

/** The terminals open in this container, at most `max` at a time. */
export class PtyTable {
  private readonly hosts = new Map<string, PtyHost>();
  private starting = 0;

  constructor(private readonly max: number) {}

  async open(o: PtyHostOptions): Promise<{ id: string; host: PtyHost }> {
    if (this.hosts.size + this.starting >= this.max) {
      throw new ConnectError(
        `this session already has ${this.max} terminals open`,
        Code.ResourceExhausted,
      );
    }
    this.starting++;
    let host: PtyHost;
    try {
      host = await PtyHost.start(o);
    } finally {
      this.starting--;
    }
    const id = randomBytes(8).toString("hex");
    this.hosts.set(id, host);
    void host.exited.then(() => this.hosts.delete(id));
    return { id, host };
  }

  get(id: string): PtyHost {
    const host = this.hosts.get(id);
    if (!host) throw new ConnectError(`no terminal ${id} is open`, Code.NotFound);
    return host;
  }
}
