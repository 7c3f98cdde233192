import { configPage } from "../pages/config/config-page.js";
import { metricsPage } from "../pages/metrics/metrics-page.js";
import { poolPage } from "../pages/pool-page.js";
import { sessionPage } from "../pages/session/session-page.js";
import { sessionsPage } from "../pages/sessions/sessions-page.js";
import { signInPage } from "../pages/sign-in.js";
import { workspacePage } from "../pages/workspaces/workspace-page.js";
import { workspacesPage } from "../pages/workspaces/workspaces-page.js";
import type { Page } from "./page.js";

export type Section = "sessions" | "workspaces" | "pool" | "metrics" | "config" | "sign-in";

interface RouteDef {
  pattern: RegExp;
  names: string[];
  page: Page;
  section: Section;
}

const route = (pattern: RegExp, section: Section, page: Page, ...names: string[]): RouteDef => ({
  pattern,
  names,
  page,
  section,
});

const table: RouteDef[] = [
  route(/^\/sign-in$/, "sign-in", signInPage),
  route(/^\/(sessions)?$/, "sessions", sessionsPage),
  route(
    /^\/sessions\/([a-z0-9]{1,64})(?:\/(files|terminal|jobs))?$/,
    "sessions",
    sessionPage,
    "id",
    "tab",
  ),
  route(/^\/workspaces$/, "workspaces", workspacesPage),
  route(/^\/workspaces\/([a-z0-9._-]{1,63})$/, "workspaces", workspacePage, "id"),
  route(/^\/pool$/, "pool", poolPage),
  // Not /metrics: that is the daemon's Prometheus route, which this page reads.
  route(/^\/stats$/, "metrics", metricsPage),
  route(/^\/config$/, "config", configPage),
];

export interface Match {
  page: Page;
  section: Section;
  params: Record<string, string>;
}

export function matchRoute(path: string): Match | undefined {
  for (const r of table) {
    const m = r.pattern.exec(path);
    if (m) {
      const params = Object.fromEntries(r.names.map((name, i) => [name, m[i + 1] ?? ""]));
      return { page: r.page, section: r.section, params };
    }
  }
  return undefined;
}
