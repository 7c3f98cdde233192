import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, ConnectError } from "@connectrpc/connect";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { asConnectError } from "../../src/api/errors/to-connect.js";
import { createLogger } from "../../src/log.js";
import type { SessionRuntime } from "../../src/runtime/runtime.js";
import { SessionHealth } from "../../src/sessions/session-health.js";
import { type Db, openDatabase } from "../../src/store/database.js";
import { SessionsRepo } from "../../src/store/sessions-repo.js";

/** What a call hears when its runner dies, whoever notices the death first. */

let dir = "";
let db: Db;
let repo: SessionsRepo;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "skt-health-"));
  db = await openDatabase(join(dir, "sandkasten.db"));
  repo = new SessionsRepo(db);
  await repo.insert({
    id: "s1",
    image: "sandbox-runtime:base",
    container_id: "c-s1",
    status: "running",
    status_reason: "",
    cwd: "/workspace",
    workspace_id: null,
    socket_dir: join(dir, "no-socket-here"),
    created_at: 1,
    expires_at: 2,
    last_activity: 1,
  });
});

afterEach(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

function health(onLook: () => Promise<void> = async () => {}): SessionHealth {
  const runtime = {
    inspect: async () => {
      await onLook();
      return { running: false, exitCode: 137 };
    },
  } as unknown as SessionRuntime;
  return new SessionHealth({
    repo,
    runtime,
    log: createLogger("error"),
    isTearingDown: () => false,
    teardown: async () => {},
    dropRunner: () => {},
  });
}

const canceled = new ConnectError("http/2 stream closed with error code CANCEL", Code.Canceled);

describe("a runner's death", () => {
  test("found by the call itself: FailedPrecondition, and the session is failed", async () => {
    const err = asConnectError(await health().runnerFailed("s1", canceled));
    expect(err.code).toBe(Code.FailedPrecondition);
    expect(err.rawMessage).toBe("session s1 failed: the container stopped (exit code 137)");
    expect((await repo.get("s1"))?.status).toBe("failed");
  });

  test("found first by the health check while the call looks: still FailedPrecondition with its reason", async () => {
    const markedByHealthCheck = async () => {
      await repo.updateIfStatus("s1", "running", {
        status: "failed",
        status_reason: "its container stopped",
      });
    };
    const err = asConnectError(await health(markedByHealthCheck).runnerFailed("s1", canceled));
    expect(err.code, err.message).toBe(Code.FailedPrecondition);
    expect(err.rawMessage).toBe("session s1 failed: its container stopped");
  });

  test("found before the call failed: FailedPrecondition too", async () => {
    await repo.updateIfStatus("s1", "running", {
      status: "failed",
      status_reason: "its container stopped",
    });
    const err = asConnectError(await health().runnerFailed("s1", canceled));
    expect(err.code).toBe(Code.FailedPrecondition);
  });

  test("a client's own cancel on a live session is left as it is", async () => {
    await repo.updateIfStatus("s1", "running", { status: "destroyed", status_reason: "" });
    const err = asConnectError(await health().runnerFailed("s1", canceled));
    expect(err.code).toBe(Code.Canceled);
  });
});
