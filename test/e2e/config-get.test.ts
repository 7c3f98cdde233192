import { toJsonString } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  ConfigSource,
  ConfigValueKind,
  GetConfigResponseSchema,
} from "../../gen/sandkasten/v1/config_pb.js";
import { type ConfigFileDaemon, startConfigFileDaemon } from "../support/config-file-daemon.js";
import { expectCode } from "../support/connect-errors.js";
import { configClient, entryOf } from "./config-support.js";

/**
 * GetConfig over gRPC: every setting with its running value, default, doc,
 * kind, where it comes from and whether a change needs a restart; API keys
 * never leave the daemon.
 */

const SECOND_KEY = "sk-second-key-that-must-stay-secret";
let daemon: ConfigFileDaemon;

beforeAll(async () => {
  daemon = await startConfigFileDaemon(`api_keys: ["${SECOND_KEY}"]\nsession_ttl_seconds: 600\n`, {
    SANDKASTEN_MAX_EXEC_TIMEOUT_MS: "5000",
  });
});

afterAll(async () => {
  await daemon?.stop();
});

describe("GetConfig", () => {
  test("lists every setting with its value, default, doc and kind", async () => {
    const res = await configClient(daemon).getConfig({});
    expect(res.configFile).toBe(daemon.configFile);
    const ttl = entryOf(res, "session_ttl_seconds");
    expect(ttl).toMatchObject({
      valueJson: "600",
      defaultJson: "1800",
      kind: ConfigValueKind.NUMBER,
      source: ConfigSource.FILE,
      restartRequired: false,
      env: "SANDKASTEN_SESSION_TTL_SECONDS",
    });
    expect(ttl.doc).toMatch(/lifetime/);
    expect(entryOf(res, "workspace.driver")).toMatchObject({
      kind: ConfigValueKind.CHOICE,
      choices: ["volume", "directory"],
      restartRequired: true,
      source: ConfigSource.DEFAULT,
    });
    expect(entryOf(res, "allowed_images").kind).toBe(ConfigValueKind.LIST);
    expect(entryOf(res, "pool.images").kind).toBe(ConfigValueKind.MAP);
    expect(entryOf(res, "defaults.readonly_rootfs").kind).toBe(ConfigValueKind.BOOLEAN);
    expect(entryOf(res, "listen")).toMatchObject({
      restartRequired: true,
      source: ConfigSource.FILE,
    });
    expect(JSON.parse(entryOf(res, "listen").valueJson)).toBe("127.0.0.1:0");
  });

  test("says which settings the environment sets", async () => {
    const res = await configClient(daemon).getConfig({});
    expect(entryOf(res, "defaults.max_exec_timeout_ms")).toMatchObject({
      valueJson: "5000",
      source: ConfigSource.ENV,
      env: "SANDKASTEN_MAX_EXEC_TIMEOUT_MS",
    });
  });

  test("masks the API keys: neither key appears anywhere in the answer", async () => {
    const res = await configClient(daemon).getConfig({});
    expect(entryOf(res, "api_key")).toMatchObject({
      secret: true,
      valueJson: '"********"',
      restartRequired: true,
    });
    expect(entryOf(res, "api_keys")).toMatchObject({ secret: true, valueJson: '["********"]' });
    const whole = toJsonString(GetConfigResponseSchema, res);
    expect(whole).not.toContain(daemon.apiKey);
    expect(whole).not.toContain(SECOND_KEY);
  });

  test("wants an API key, like every RPC", async () => {
    await expectCode(configClient(daemon, "sk-wrong").getConfig({}), Code.Unauthenticated);
  });
});
