import { readFileSync } from "node:fs";
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ConfigFileDaemon, startConfigFileDaemon } from "../support/config-file-daemon.js";
import { expectCode } from "../support/connect-errors.js";
import { candidate, configClient } from "./config-support.js";

/**
 * ValidateConfig over gRPC: a candidate is checked as UpdateConfig would
 * check it, each problem named by its key, and nothing is saved.
 */

let daemon: ConfigFileDaemon;
let fileBefore = "";

beforeAll(async () => {
  daemon = await startConfigFileDaemon("", { SANDKASTEN_LOG_LEVEL: "warn" });
  fileBefore = readFileSync(daemon.configFile, "utf8");
});

afterAll(async () => {
  await daemon?.stop();
});

describe("ValidateConfig", () => {
  test("accepts a valid candidate, says which changes need a restart, and saves nothing", async () => {
    const res = await configClient(daemon).validateConfig({
      candidate: candidate({
        session_ttl_seconds: 900,
        listen: "127.0.0.1:9999",
        "defaults.network_mode": "bridge",
      }),
    });
    expect(res.valid).toBe(true);
    expect(res.errors).toEqual([]);
    expect(res.restartRequired).toEqual(["listen"]);
    expect(readFileSync(daemon.configFile, "utf8")).toBe(fileBefore);
    const running = await configClient(daemon).getConfig({});
    expect(running.entries.find((e) => e.key === "session_ttl_seconds")?.valueJson).toBe("1800");
  });

  test("names each wrong key with what is wrong with it", async () => {
    const res = await configClient(daemon).validateConfig({
      candidate: {
        valuesJson: {
          "defaults.cpu_limit": "-1",
          "workspace.driver": '"zip"',
          listen: '"nowhere"',
          "pool.images": '{"sandbox-runtime:base": 500}',
          "defaults.mem_limit_mb": "{not json",
          no_such_setting: "1",
        },
      },
    });
    expect(res.valid).toBe(false);
    const byKey = Object.fromEntries(res.errors.map((e) => [e.key, e.message]));
    expect(byKey["defaults.mem_limit_mb"]).toMatch(/not valid JSON/);
    expect(byKey.no_such_setting).toMatch(/no such setting/);
    // Keys that parse are checked once the ones that do not are fixed.
    const again = await configClient(daemon).validateConfig({
      candidate: {
        valuesJson: {
          "defaults.cpu_limit": "-1",
          "workspace.driver": '"zip"',
          listen: '"nowhere"',
          "pool.images": '{"sandbox-runtime:base": 500}',
        },
      },
    });
    const messages = Object.fromEntries(again.errors.map((e) => [e.key, e.message]));
    expect(Object.keys(messages).sort()).toEqual([
      "defaults.cpu_limit",
      "listen",
      "pool.images",
      "workspace.driver",
    ]);
    expect(messages["defaults.cpu_limit"]).toMatch(/must be a number > 0/);
    expect(messages["workspace.driver"]).toMatch(/volume.*directory/);
    expect(messages.listen).toMatch(/host:port/);
    expect(messages["pool.images"]).toMatch(/from 0 to 100/);
  });

  test("checks settings against each other", async () => {
    const res = await configClient(daemon).validateConfig({
      candidate: candidate({
        session_ttl_seconds: 7200,
        max_ttl_seconds: 3600,
        "defaults.pids_limit": 5000,
      }),
    });
    expect(res.errors.map((e) => [e.key, e.message])).toEqual([
      ["session_ttl_seconds", "session_ttl_seconds is larger than max_ttl_seconds"],
      ["defaults.pids_limit", "defaults.pids_limit is larger than limits_max.pids_limit"],
    ]);
  });

  test("refuses to change what the environment sets, naming the variable", async () => {
    const res = await configClient(daemon).validateConfig({
      candidate: candidate({ log_level: "debug" }),
    });
    expect(res.errors.map((e) => [e.key, e.message])).toEqual([
      [
        "log_level",
        "log_level is set by the environment variable SANDKASTEN_LOG_LEVEL, which wins over the config file",
      ],
    ]);
  });

  test("a secret's value never comes back in an error", async () => {
    const res = await configClient(daemon).validateConfig({
      candidate: { valuesJson: { api_keys: '"sk-not-a-list-secret"' } },
    });
    expect(JSON.stringify(res.errors)).not.toContain("sk-not-a-list-secret");
  });

  test("the contract refuses malformed keys and empty candidates", async () => {
    await expectCode(
      configClient(daemon).validateConfig({ candidate: { valuesJson: { "Bad-Key": "1" } } }),
      Code.InvalidArgument,
    );
    await expectCode(
      configClient(daemon).validateConfig({ candidate: { valuesJson: {} } }),
      Code.InvalidArgument,
    );
    await expectCode(configClient(daemon).validateConfig({}), Code.InvalidArgument);
  });
});
