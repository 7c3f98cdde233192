import { api } from "../../api/clients.js";
import { h } from "../../ui/dom.js";
import { formatBytes, formatPercent } from "../../ui/format.js";
import { sparkline } from "../../ui/sparkline.js";

const EVERY_MS = 3000;
/** Samples kept for the charts: the last 3 minutes. */
const KEEP = 60;

/**
 * The session's memory and CPU, live: figures and small charts from
 * GetSessionStats, polled (one call at a time) until stopped.
 */
export function sessionUsage(sessionId: string): { facts: HTMLElement[]; stop(): void } {
  const memoryText = h("span", { class: "usage-value", "data-usage": "memory" }, "…");
  const cpuText = h("span", { class: "usage-value", "data-usage": "cpu" }, "…");
  const memoryChart = sparkline("memory");
  const cpuChart = sparkline("cpu");
  const fact = (term: string, text: HTMLElement, chart: SVGSVGElement) =>
    h("div", { class: "usage" }, h("dt", {}, term), h("dd", {}, text, chart));
  const memory: number[] = [];
  const cpu: number[] = [];
  let before: { usec: number; at: number } | undefined;
  let timer = 0;
  let stopped = false;

  const sample = async () => {
    try {
      const s = await api.sessions.getSessionStats({ id: sessionId });
      if (stopped) return;
      const now = performance.now();
      const usec = Number(s.cpuUsageUsec);
      const limit = Number(s.memoryLimit);
      memory.push(Number(s.memoryBytes));
      memoryText.textContent =
        limit > 0
          ? `${formatBytes(s.memoryBytes)} / ${formatBytes(limit)}`
          : formatBytes(s.memoryBytes);
      memoryChart.draw(memory.slice(-KEEP));
      if (before) {
        const share = Math.max(0, (usec - before.usec) / 1000 / (now - before.at));
        cpu.push(share);
        cpuText.textContent = formatPercent(share);
        cpuChart.draw(cpu.slice(-KEEP), 1);
      }
      before = { usec, at: now };
      if (memory.length > KEEP) memory.shift();
      if (cpu.length > KEEP) cpu.shift();
    } catch {
      if (!stopped) memoryText.textContent = cpuText.textContent = "—";
    } finally {
      if (!stopped) timer = window.setTimeout(() => void sample(), EVERY_MS);
    }
  };
  void sample();
  return {
    facts: [
      fact("Memory", memoryText, memoryChart.element),
      fact("CPU", cpuText, cpuChart.element),
    ],
    stop: () => {
      stopped = true;
      window.clearTimeout(timer);
    },
  };
}
