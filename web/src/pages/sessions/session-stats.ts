import { api } from "../../api/clients.js";
import { formatBytes, formatPercent } from "../../ui/format.js";

interface Sample {
  cpuUsec: number;
  at: number;
}

/** Memory and CPU of sessions; CPU as a share of one core between two samples. */
export class SessionStats {
  private samples = new Map<string, Sample>();
  private shown = new Map<string, { memory: string; cpu: string }>();
  private memoryBytes = new Map<string, number>();

  async refresh(ids: readonly string[]): Promise<void> {
    await Promise.all(ids.map((id) => this.sample(id)));
    for (const id of this.shown.keys()) {
      if (!ids.includes(id)) {
        this.shown.delete(id);
        this.memoryBytes.delete(id);
      }
    }
  }

  /** Memory in use by all sampled sessions together. */
  get totalMemoryBytes(): number {
    let total = 0;
    for (const bytes of this.memoryBytes.values()) total += bytes;
    return total;
  }

  memory(id: string): string {
    return this.shown.get(id)?.memory ?? "…";
  }

  cpu(id: string): string {
    return this.shown.get(id)?.cpu ?? "…";
  }

  private async sample(id: string): Promise<void> {
    try {
      const s = await api.sessions.getSessionStats({ id });
      const now = performance.now();
      const cpuUsec = Number(s.cpuUsageUsec);
      const before = this.samples.get(id);
      this.samples.set(id, { cpuUsec, at: now });
      this.memoryBytes.set(id, Number(s.memoryBytes));
      const cpu = before ? (cpuUsec - before.cpuUsec) / 1000 / (now - before.at) : undefined;
      this.shown.set(id, {
        memory:
          s.memoryLimit > 0n
            ? `${formatBytes(s.memoryBytes)} / ${formatBytes(s.memoryLimit)}`
            : formatBytes(s.memoryBytes),
        cpu: cpu === undefined ? "…" : formatPercent(Math.max(0, cpu)),
      });
    } catch {
      this.shown.set(id, { memory: "—", cpu: "—" });
    }
  }
}
