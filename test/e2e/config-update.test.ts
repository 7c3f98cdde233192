import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parse } from "yaml";
import { clientsFor } from "../support/clients.js";
import { type ConfigFileDaemon, startConfigFileDaemon } from "../support/config-file-daemon.js";
import { expectCode } from "../support/connect-errors.js";
import { startTestDaemon } from "../support/test-daemon.js";
import { candidate, configClient, entryOf } from "./config-support.js";

/**
 * UpdateConfig over gRPC: a valid candidate is written to the daemon's
 * config file atomically (comments kept) and applied at once where it can
 * be; the rest waits for a restart and says so. An invalid one changes
 * nothing.
 */

let daemon: ConfigFileDaemon;

beforeAll(async () => {
  daemon = await startConfigFileDaemon("# the pool stays off here\npool:\n  enabled: false\n");
});

afterAll(async () => {
  await daemon?.stop();
});

const fileValues = () => parse(readFileSync(daemon.configFile, "utf8")) as Record<string, unknown>;

describe("UpdateConfig", () => {
  test("applies a live setting at once: a narrower allowed_images refuses an image right away", async () => {
    const res = await configClient(daemon).updateConfig({
      candidate: candidate({ allowed_images: ["sandbox-runtime:base", "sandbox-runtime:python"] }),
    });
    expect(res.applied).toEqual(["allowed_images"]);
    expect(res.restartRequired).toEqual([]);
    expect(res.configFile).toBe(daemon.configFile);
    expect(fileValues().allowed_images).toEqual(["sandbox-runtime:base", "sandbox-runtime:python"]);
    const refused = await expectCode(
      clientsFor(daemon).sessions.createSession({ image: "node" }),
      Code.InvalidArgument,
    );
    expect(refused.rawMessage).toMatch(/image "node" is not allowed/);
  });

  test("saves a restart-only setting, leaves the running value, and reports it pending", async () => {
    const res = await configClient(daemon).updateConfig({
      candidate: candidate({ listen: "127.0.0.1:18080", session_ttl_seconds: 900 }),
    });
    expect(res.applied).toEqual(["session_ttl_seconds"]);
    expect(res.restartRequired).toEqual(["listen"]);
    expect(fileValues()).toMatchObject({ listen: "127.0.0.1:18080", session_ttl_seconds: 900 });
    const now = await configClient(daemon).getConfig({});
    expect(entryOf(now, "listen")).toMatchObject({
      valueJson: '"127.0.0.1:0"',
      restartPending: true,
    });
    expect(entryOf(now, "session_ttl_seconds")).toMatchObject({
      valueJson: "900",
      restartPending: false,
    });
    // The daemon still answers on the port it started on.
    expect((await fetch(`${daemon.url}/healthz`)).status).toBe(200);
  });

  test("keeps the file's comments and mode and leaves no temporary file beside it", async () => {
    await configClient(daemon).updateConfig({
      candidate: candidate({ "pool.images": { "sandbox-runtime:python": 2 } }),
    });
    const text = readFileSync(daemon.configFile, "utf8");
    expect(text).toContain("# Written by the test: comments like this one survive UpdateConfig.");
    expect(text).toContain("# the pool stays off here");
    expect(fileValues().pool).toEqual({ enabled: false, images: { "sandbox-runtime:python": 2 } });
    expect(statSync(daemon.configFile).mode & 0o777).toBe(0o600);
    expect(readdirSync(dirname(daemon.configFile)).filter((name) => name.includes(".tmp"))).toEqual(
      [],
    );
  });

  test("an invalid candidate fails naming the key and changes neither the file nor the daemon", async () => {
    const before = readFileSync(daemon.configFile, "utf8");
    const err = await expectCode(
      configClient(daemon).updateConfig({
        candidate: candidate({ session_ttl_seconds: 60, "defaults.cpu_limit": 0 }),
      }),
      Code.InvalidArgument,
    );
    expect(err.rawMessage).toMatch(/defaults\.cpu_limit: .*must be a number > 0/);
    expect(readFileSync(daemon.configFile, "utf8")).toBe(before);
    expect(entryOf(await configClient(daemon).getConfig({}), "session_ttl_seconds").valueJson).toBe(
      "900",
    );
  });

  test("an API key is write-only: the mask keeps it, a new one is saved for the restart and never echoed", async () => {
    const kept = await configClient(daemon).updateConfig({
      candidate: { valuesJson: { api_key: '"********"' } },
    });
    expect(kept.applied).toEqual([]);
    expect(kept.restartRequired).toEqual([]);
    expect(fileValues().api_key).toBe(daemon.apiKey);

    const next = "sk-rotated-key-for-the-next-start";
    const rotated = await configClient(daemon).updateConfig({
      candidate: candidate({ api_key: next }),
    });
    expect(rotated.restartRequired).toEqual(["api_key"]);
    expect(JSON.stringify(rotated)).not.toContain(next);
    expect(fileValues().api_key).toBe(next);
    // The running daemon keeps its key until it restarts.
    expect((await configClient(daemon).getConfig({})).configFile).toBe(daemon.configFile);
    await expectCode(configClient(daemon, next).getConfig({}), Code.Unauthenticated);
    expect(JSON.stringify(await configClient(daemon).getConfig({}))).not.toContain(next);
  });

  test("a daemon started without a config file has nowhere to save: FAILED_PRECONDITION", async () => {
    const fileless = await startTestDaemon();
    try {
      const err = await expectCode(
        configClient(fileless).updateConfig({ candidate: candidate({ session_ttl_seconds: 60 }) }),
        Code.FailedPrecondition,
      );
      expect(err.rawMessage).toMatch(/started without a config file/);
    } finally {
      await fileless.stop();
    }
  });
});
