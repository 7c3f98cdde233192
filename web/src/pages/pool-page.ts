import { SessionStatus } from "../../../gen/sandkasten/v1/session_pb.js";
import { api } from "../api/clients.js";
import { describeError } from "../api/errors.js";
import type { Page } from "../app/page.js";
import { badge } from "../ui/badge.js";
import { fill, h } from "../ui/dom.js";
import { formatPercent } from "../ui/format.js";
import { emptyState, loading, notice } from "../ui/notice.js";

/** The pre-warmed pool, image by image: ready against target, in use, and how often it served. */
export const poolPage: Page = (root) => {
  document.title = "Pool · Sandkasten";
  const state = h("span");
  const status = h("div", { class: "page-status" }, loading("the pool"));
  const cards = h("div", { class: "pool-grid" });
  root.append(h("div", { class: "page-head" }, h("h1", {}, "Pool"), state), status, cards);
  let stopped = false;
  const load = async () => {
    try {
      const [pool, { sessions }] = await Promise.all([
        api.sessions.getPoolStatus({}),
        api.sessions.listSessions({}),
      ]);
      if (stopped) return;
      fill(state, pool.enabled ? badge("enabled", "success") : badge("disabled"));
      const inUse = (image: string) =>
        sessions.filter((s) => s.pooled && s.image === image && s.status === SessionStatus.RUNNING)
          .length;
      fill(
        cards,
        ...pool.images.map((p) => {
          const served = Number(p.hits + p.misses);
          return h(
            "section",
            { class: "card pool-card", "aria-label": p.image },
            h("h2", { class: "mono" }, p.image),
            h(
              "div",
              { class: "meter-row" },
              h("meter", {
                min: "0",
                max: String(Math.max(p.target, 1)),
                value: String(p.ready),
                "aria-label": `${p.ready} of ${p.target} ready`,
              }),
              h("span", { class: "big" }, `${p.ready} / ${p.target}`),
              h("span", { class: "muted" }, "ready"),
            ),
            h(
              "dl",
              { class: "facts" },
              h("div", {}, h("dt", {}, "In use"), h("dd", {}, String(inUse(p.image)))),
              h("div", {}, h("dt", {}, "Starting"), h("dd", {}, String(p.creating))),
              h(
                "div",
                {},
                h("dt", {}, "Hit rate"),
                h("dd", {}, served === 0 ? "—" : formatPercent(Number(p.hits) / served)),
              ),
              h("div", {}, h("dt", {}, "Hits / misses"), h("dd", {}, `${p.hits} / ${p.misses}`)),
              h(
                "div",
                {},
                h("dt", {}, "Take p50 / p95"),
                h(
                  "dd",
                  {},
                  p.takeP50Ms > 0
                    ? `${p.takeP50Ms.toFixed(1)} / ${p.takeP95Ms.toFixed(1)} ms`
                    : "—",
                ),
              ),
            ),
          );
        }),
      );
      fill(
        status,
        pool.images.length === 0
          ? emptyState(
              pool.enabled ? "No images in the pool" : "The pool is off",
              "Set pool.enabled and pool.images on the Config page (a restart applies them).",
            )
          : null,
      );
    } catch (err) {
      if (!stopped) fill(status, notice("error", `Could not read the pool: ${describeError(err)}`));
    }
  };
  void load();
  const timer = window.setInterval(() => void load(), 2000);
  return () => {
    stopped = true;
    window.clearInterval(timer);
  };
};
