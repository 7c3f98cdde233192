import { expect } from "vitest";
import { SessionStatus } from "../../gen/sandkasten/v1/session_pb.js";
import type { Clients } from "./clients.js";
import { containerExists } from "./engine.js";
import type { ChildConfig } from "./fault-child-daemon.js";
import {
  instanceContainers,
  instanceVolumes,
  type StoreView,
  sorted,
  storedSessions,
  storeView,
} from "./fault-engine-state.js";

export interface ConsistencyOptions {
  /** Session ids to GetSession besides the listed ones. */
  also?: string[];
  /** Containers of the instance that are not sessions (the pool's ready ones). */
  poolSessions?: Set<string>;
}

/**
 * After a restart, store and engine agree: (a) no session is stuck in
 * "creating", neither in the API nor in the SQLite rows; (b) the instance's
 * containers are exactly those of the running sessions, all running; (c) no
 * volume belongs to a session that isn't running.
 */
export async function expectConsistent(
  c: ChildConfig,
  api: Clients,
  o: ConsistencyOptions = {},
): Promise<StoreView> {
  const view = await storeView(api, o.also);
  const creatingInApi = [...view.statuses].filter(([, s]) => s === SessionStatus.CREATING);
  expect(creatingInApi, "sessions the API shows as creating").toEqual([]);
  const creatingRows = storedSessions(`${c.dataDir}/sandkasten.db`).filter(
    (r) => r.status === "creating",
  );
  expect(creatingRows, "session rows still creating").toEqual([]);

  const pool = o.poolSessions ?? new Set<string>();
  const containers = (await instanceContainers(c.instance)).filter((x) => !pool.has(x.session));
  expect(sorted(containers.map((x) => x.session)), "containers by session label").toEqual(
    sorted(view.running),
  );
  for (const x of containers) {
    expect(x.state, `container of ${x.session}`).toBe("running");
    expect(x.id, `container of ${x.session}`).toBe(view.containerOf.get(x.session));
  }

  const strayVolumes = (await instanceVolumes(c.instance)).filter(
    (v) => v.session !== "" && !view.running.has(v.session),
  );
  expect(strayVolumes, "volumes of sessions that are not running").toEqual([]);
  return view;
}

/** (d) A new session works end to end: created, runs a command, destroyed without a trace. */
export async function expectNewSessionWorks(api: Clients): Promise<void> {
  const { session } = await api.sessions.createSession({ image: "base" });
  expect(session?.status).toBe(SessionStatus.RUNNING);
  const id = session?.id ?? "";
  const r = await api.exec.exec({ sessionId: id, cmd: "echo works" });
  expect(r.output).toBe("works\n");
  await api.sessions.destroySession({ id });
  expect(await containerExists(session?.containerId ?? "")).toBe(false);
}
