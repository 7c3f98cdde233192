import { WatchEventKind } from "../../gen/sandkasten/v1/watch_pb.js";
import { callOptionsFor, type SandboxApi } from "./clients.js";

export interface CollectedEvent {
  kind: "created" | "modified" | "deleted" | "renamed" | "overflow";
  path: string;
  old_path?: string;
  is_dir: boolean;
}

export interface CollectedEvents {
  events: CollectedEvent[];
  /** More came than maxEvents: the call answered early. */
  truncated: boolean;
  /** The watch ended by itself (the path went, the session ended) before the wait was over. */
  ended: boolean;
}

const KINDS: Partial<Record<WatchEventKind, CollectedEvent["kind"]>> = {
  [WatchEventKind.CREATED]: "created",
  [WatchEventKind.MODIFIED]: "modified",
  [WatchEventKind.DELETED]: "deleted",
  [WatchEventKind.RENAMED]: "renamed",
  [WatchEventKind.OVERFLOW]: "overflow",
};

/** Longest the watch may take to be in place, past the wait. */
const SETUP_GRACE_MS = 10_000;

/**
 * The file events under a path for `waitMs` from the moment the watch is in
 * place (never an endless stream): at most `maxEvents`, then it answers early.
 */
export async function collectWatchEvents(
  api: SandboxApi,
  request: { sessionId: string; path: string; recursive: boolean },
  options: { waitMs: number; maxEvents: number; signal: AbortSignal },
): Promise<CollectedEvents> {
  const stop = new AbortController();
  const follow = () => stop.abort();
  options.signal.addEventListener("abort", follow, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const giveUp = setTimeout(() => stop.abort(), options.waitMs + SETUP_GRACE_MS);
  const events: CollectedEvent[] = [];
  let truncated = false;
  let ended = true;
  try {
    const calls = { ...callOptionsFor(api, options.signal), signal: stop.signal };
    for await (const m of api.watch.watchFiles(request, calls)) {
      if (m.kind === WatchEventKind.READY) {
        timer = setTimeout(() => stop.abort(), options.waitMs);
        continue;
      }
      const kind = KINDS[m.kind];
      if (kind === undefined) continue;
      if (events.length === options.maxEvents) {
        truncated = true;
        ended = false;
        break;
      }
      events.push({
        kind,
        path: m.path,
        ...(kind === "renamed" ? { old_path: m.oldPath } : {}),
        is_dir: m.isDir,
      });
    }
  } catch (err) {
    // Our own timer ending the wait is the normal way out.
    if (options.signal.aborted || !stop.signal.aborted) throw err;
    ended = false;
  } finally {
    clearTimeout(timer);
    clearTimeout(giveUp);
    options.signal.removeEventListener("abort", follow);
    stop.abort();
  }
  return { events, truncated, ended };
}
