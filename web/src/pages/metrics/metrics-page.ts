import "./metrics.css";
import type { Page } from "../../app/page.js";
import { fill, h } from "../../ui/dom.js";
import { loading, notice } from "../../ui/notice.js";
import { fetchMetrics } from "./fetch-metrics.js";
import { lineChart } from "./line-chart.js";
import { CHARTS, type TimedScrape } from "./metric-charts.js";
import { MetricHistory } from "./metric-history.js";

const POLL_MS = 2000;
const WINDOW_MS = 5 * 60_000;
/** The least time a chart spans: its first readings start at its left, not as a dot at its right. */
const MIN_SPAN_MS = 30_000;

const from = (oldest: number, now: number) =>
  Math.max(now - WINDOW_MS, Math.min(oldest, now - MIN_SPAN_MS));

/** Live charts of the daemon's /metrics: polled every 2 s, the last 5 minutes kept here. */
export const metricsPage: Page = (root) => {
  document.title = "Metrics · Sandkasten";
  const status = h("div", { class: "page-status" }, loading("metrics"));
  const charts = CHARTS.map((spec) => ({
    spec,
    chart: lineChart(spec.title, spec.note, spec.format, spec.floor),
    history: new MetricHistory(WINDOW_MS, spec.missingIsZero),
  }));
  const grid = h(
    "div",
    { class: "chart-grid", hidden: true },
    ...charts.map((c) => c.chart.element),
  );
  root.append(
    h(
      "div",
      { class: "page-head" },
      h(
        "div",
        { class: "title-block" },
        h("h1", {}, "Metrics"),
        h("p", { class: "muted summary" }, "From GET /metrics every 2 s; the last 5 minutes."),
      ),
    ),
    status,
    grid,
  );

  const aborter = new AbortController();
  let before: TimedScrape | undefined;
  let timer: number | undefined;
  const poll = async () => {
    const answer = await fetchMetrics(aborter.signal);
    if (aborter.signal.aborted) return;
    if (answer.kind === "refused") {
      grid.hidden = true;
      fill(
        status,
        notice(
          "error",
          "The metrics need an admin key: this API key was refused by GET /metrics. Sign in with an admin key to see them.",
        ),
      );
      return;
    }
    if (answer.kind === "failed") {
      fill(status, notice("error", `Could not read the metrics: ${answer.message}`));
    } else {
      const now = { scrape: answer.scrape, at: Date.now() };
      for (const { spec, chart, history } of charts) {
        history.add(now.at, spec.read(now, before));
        const series = history.series();
        chart.draw(series, from(series[0]?.points[0]?.at ?? now.at, now.at), now.at);
      }
      before = now;
      fill(status);
      grid.hidden = false;
    }
    timer = window.setTimeout(() => void poll(), POLL_MS);
  };
  void poll();
  return () => {
    aborter.abort();
    window.clearTimeout(timer);
  };
};
