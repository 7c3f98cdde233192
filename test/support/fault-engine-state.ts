import { readFileSync } from "node:fs";
import SQLite from "better-sqlite3";
import { SessionStatus } from "../../gen/sandkasten/v1/session_pb.js";
import type { Clients } from "./clients.js";
import { engine } from "./engine.js";

export interface LabelledContainer {
  id: string;
  session: string;
  state: string;
}

const byInstance = (instance: string) =>
  JSON.stringify({ label: [`sandkasten.instance=${instance}`] });

/** `docker ps -a --filter label=sandkasten.instance=<instance>`. */
export async function instanceContainers(instance: string): Promise<LabelledContainer[]> {
  const list = await engine.listContainers({ all: true, filters: byInstance(instance) });
  return list.map((c) => ({
    id: c.Id,
    session: c.Labels["sandkasten.session"] ?? "",
    state: c.State,
  }));
}

/** `docker volume ls --filter label=sandkasten.instance=<instance>`: name and session label. */
export async function instanceVolumes(
  instance: string,
): Promise<{ name: string; session: string }[]> {
  const { Volumes } = await engine.listVolumes({ filters: byInstance(instance) });
  return (Volumes ?? []).map((v) => ({
    name: v.Name,
    session: v.Labels?.["sandkasten.session"] ?? "",
  }));
}

export interface StoreView {
  /** Every listed session with the status GetSession gives for it. */
  statuses: Map<string, SessionStatus>;
  running: Set<string>;
  containerOf: Map<string, string>;
}

/** What the daemon says it has: ListSessions, then GetSession for each (and for `also`). */
export async function storeView(api: Clients, also: string[] = []): Promise<StoreView> {
  const { sessions } = await api.sessions.listSessions({});
  const ids = new Set([...sessions.map((s) => s.id), ...also]);
  const view: StoreView = { statuses: new Map(), running: new Set(), containerOf: new Map() };
  for (const s of sessions) view.statuses.set(s.id, s.status);
  for (const id of ids) {
    const { session } = await api.sessions.getSession({ id });
    const status = session?.status ?? SessionStatus.UNSPECIFIED;
    // A listed session must not change its story between the two calls.
    if (view.statuses.has(id) && view.statuses.get(id) !== status) {
      throw new Error(`session ${id}: ListSessions and GetSession disagree`);
    }
    view.statuses.set(id, status);
    if (status === SessionStatus.RUNNING) {
      view.running.add(id);
      view.containerOf.set(id, session?.containerId ?? "");
    }
  }
  return view;
}

/** Mount points under `dir` in this (the daemon's) mount namespace. */
export function mountsUnder(dir: string): string[] {
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .map((line) => line.split(" ")[4] ?? "")
    .filter((point) => point.startsWith(`${dir}/`));
}

export function sorted(values: Iterable<string>): string[] {
  return [...values].sort();
}

export interface StoredSession {
  id: string;
  status: string;
  status_reason: string;
  container_id: string;
}

/**
 * Every session row in a daemon's SQLite file, destroyed ones included,
 * read through a read-only connection (WAL lets it run beside the daemon).
 */
export function storedSessions(dbPath: string): StoredSession[] {
  const db = new SQLite(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare("SELECT id, status, status_reason, container_id FROM sessions ORDER BY seq")
      .all() as StoredSession[];
  } finally {
    db.close();
  }
}
