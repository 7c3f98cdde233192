import { storedApiKey } from "../../api/api-key.js";
import { Scrape } from "./prometheus-text.js";

export type MetricsAnswer =
  | { kind: "scrape"; scrape: Scrape }
  /** The key may not read /metrics: a user's (only admin keys may). */
  | { kind: "refused" }
  | { kind: "failed"; message: string };

/** GET /metrics of the daemon that served the page, with the tab's API key. */
export async function fetchMetrics(signal: AbortSignal): Promise<MetricsAnswer> {
  const key = storedApiKey();
  let res: Response;
  try {
    res = await fetch("/metrics", {
      headers: key ? { authorization: `Bearer ${key}` } : {},
      cache: "no-store",
      signal,
    });
  } catch (err) {
    return { kind: "failed", message: `The daemon is unreachable: ${(err as Error).message}` };
  }
  if (res.status === 401 || res.status === 403) return { kind: "refused" };
  if (res.status === 404) {
    return { kind: "failed", message: "This daemon serves no metrics (metrics.enabled is off)." };
  }
  if (!res.ok) return { kind: "failed", message: `GET /metrics answered ${res.status}.` };
  return { kind: "scrape", scrape: Scrape.parse(await res.text()) };
}
