import { fill, h } from "../../ui/dom.js";
import type { Series } from "./metric-history.js";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 400;
const HEIGHT = 150;
const PLOT = { left: 56, right: 8, top: 8, bottom: 22 };
/** Series colours (metrics.css: .chart-c0 …), reused past the last. */
const COLOURS = 6;

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
  text?: string,
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** The smallest of 1, 2, 2.5, 5 times a power of ten at or above `n`. */
export function niceCeiling(n: number): number {
  if (!(n > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(n));
  const step = [1, 2, 2.5, 5, 10].find((f) => f * power >= n * (1 - 1e-9)) ?? 10;
  return step * power;
}

/** "now", "−30 s", "−2.5 min". */
export function timeAgo(ms: number): string {
  if (ms < 500) return "now";
  return ms < 60_000 ? `−${Math.round(ms / 1000)} s` : `−${Math.round(ms / 6000) / 10} min`;
}

export interface LineChart {
  element: HTMLElement;
  /** Draws `series` over [from, to] (ms); the legend shows each one's latest value. */
  draw(series: readonly Series[], from: number, to: number): void;
}

/**
 * A line chart in inline SVG, with its title, y-axis labels (0, half, top),
 * x-axis labels (minutes ago) and a legend of current values. Colours come
 * from CSS variables, so it follows the theme.
 */
export function lineChart(
  title: string,
  note: string,
  format: (v: number) => string,
  /** The least top of the y axis, for series that are all 0 (1 unless told). */
  floor = 1,
): LineChart {
  const plot = svg("svg", {
    class: "chart-plot",
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    role: "img",
    "aria-label": title,
  });
  const legend = h("ul", { class: "chart-legend" });
  const element = h(
    "section",
    { class: "card chart", "aria-label": title },
    h("h2", {}, title),
    h("p", { class: "muted chart-note" }, note),
    legend,
    plot,
  );
  const x0 = PLOT.left;
  const x1 = WIDTH - PLOT.right;
  const y0 = HEIGHT - PLOT.bottom;
  const y1 = PLOT.top;

  return {
    element,
    draw(series, from, to) {
      const values = series.flatMap((s) => s.points.map((p) => p.value ?? 0));
      const top = niceCeiling(Math.max(floor, ...values.filter(Number.isFinite)));
      const x = (at: number) => x0 + ((at - from) / Math.max(1, to - from)) * (x1 - x0);
      const y = (v: number) => y0 - (Math.min(Math.max(v, 0), top) / top) * (y0 - y1);
      const axis = svg("g", { class: "chart-axis" });
      for (const v of [0, top / 2, top]) {
        axis.append(
          svg("line", { x1: x0, x2: x1, y1: y(v), y2: y(v), class: "chart-rule" }),
          svg("text", { x: x0 - 6, y: y(v) + 4, "text-anchor": "end" }, format(v)),
        );
      }
      for (const [at, anchor] of [
        [from, "start"],
        [(from + to) / 2, "middle"],
        [to, "end"],
      ] as const) {
        axis.append(
          svg("text", { x: x(at), y: HEIGHT - 6, "text-anchor": anchor }, timeAgo(to - at)),
        );
      }
      const lines = series.flatMap((s, i) => {
        let d = "";
        let drawing = false;
        let last: { cx: number; cy: number } | undefined;
        for (const p of s.points) {
          if (p.value === undefined || !Number.isFinite(p.value)) {
            drawing = false;
            continue;
          }
          last = { cx: x(p.at), cy: y(p.value) };
          d += `${drawing ? "L" : "M"}${last.cx.toFixed(1)},${last.cy.toFixed(1)}`;
          drawing = true;
        }
        const colour = `chart-c${i % COLOURS}`;
        const line = svg("path", { d, class: `chart-line ${colour}` });
        return last
          ? [line, svg("circle", { ...last, r: 3, class: `chart-dot ${colour}` })]
          : [line];
      });
      plot.replaceChildren(axis, ...lines);
      const latest = (s: Series) => s.points.at(-1)?.value;
      const shown = (s: Series) => {
        const v = latest(s);
        return v === undefined || !Number.isFinite(v) ? "—" : format(v);
      };
      plot.setAttribute(
        "aria-label",
        `${title}: ${series.map((s) => `${s.name} ${shown(s)}`).join(", ") || "no data"}`,
      );
      fill(
        legend,
        ...series.map((s, i) =>
          h(
            "li",
            { "data-series": s.name },
            h("span", { class: `chart-swatch chart-c${i % COLOURS}`, "aria-hidden": "true" }),
            h("span", { class: "chart-series" }, s.name),
            h("span", { class: "chart-value" }, shown(s)),
          ),
        ),
      );
    },
  };
}
