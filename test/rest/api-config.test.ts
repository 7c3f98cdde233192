import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parse } from "yaml";
import { type ConfigFileDaemon, startConfigFileDaemon } from "../support/config-file-daemon.js";
import { startTestDaemon, type TestDaemon } from "../support/test-daemon.js";

/**
 * The dashboard's REST routes on a real daemon started from a config file:
 * GET/PUT /api/config, POST /api/config/validate and GET /api/status, all
 * behind the API key, all through ConfigService and SessionService.
 */

interface Setting {
  key: string;
  value: unknown;
  default: unknown;
  doc: string;
  source: string;
  secret: boolean;
  restart_required: boolean;
  restart_pending: boolean;
}

interface ConfigAnswer {
  config: Record<string, unknown>;
  settings: Setting[];
  config_file: string | null;
}

let daemon: ConfigFileDaemon;

beforeAll(async () => {
  daemon = await startConfigFileDaemon("pool:\n  enabled: false\n", {
    SANDKASTEN_MAX_EXEC_TIMEOUT_MS: "90000",
  });
});

afterAll(async () => {
  await daemon?.stop();
});

function call(
  method: string,
  path: string,
  body?: unknown,
  // null: no Authorization header at all.
  key: string | null = daemon.apiKey,
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return fetch(`${daemon.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : text,
  });
}

async function getConfig(): Promise<ConfigAnswer> {
  const res = await call("GET", "/api/config");
  expect(res.status).toBe(200);
  return (await res.json()) as ConfigAnswer;
}

const settingOf = (answer: ConfigAnswer, key: string) => answer.settings.find((s) => s.key === key);
const fileText = () => readFileSync(daemon.configFile, "utf8");
const fileValues = () => parse(fileText()) as Record<string, unknown>;

describe("GET /api/config", () => {
  test("shows every running value with its metadata, the API key masked", async () => {
    const res = await call("GET", "/api/config");
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(daemon.apiKey);
    const answer = JSON.parse(text) as ConfigAnswer;
    expect(answer.config_file).toBe(daemon.configFile);
    expect(answer.config).toMatchObject({
      api_key: "********",
      api_keys: [],
      listen: "127.0.0.1:0",
      "pool.enabled": false,
    });
    expect(typeof answer.config.session_ttl_seconds).toBe("number");
    expect(settingOf(answer, "api_key")).toMatchObject({
      value: "********",
      secret: true,
      source: "file",
      restart_required: true,
    });
    const ttl = settingOf(answer, "session_ttl_seconds");
    expect(ttl).toMatchObject({ source: "default", secret: false, restart_required: false });
    expect(ttl?.doc).not.toBe("");
    expect(ttl?.value).toBe(ttl?.default);
    expect(answer.settings.map((s) => s.key)).toEqual(Object.keys(answer.config));
  });
});

describe("POST /api/config/validate", () => {
  test("a wrong value is a 200 with valid:false naming the key, and nothing is saved", async () => {
    const before = fileText();
    const res = await call("POST", "/api/config/validate", {
      session_ttl_seconds: "soon",
      no_such_setting: 1,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { valid: boolean; errors: { key: string }[] };
    expect(body.valid).toBe(false);
    expect(body.errors.map((e) => e.key)).toContain("no_such_setting");
    const again = await call("POST", "/api/config/validate", { session_ttl_seconds: "soon" });
    const second = (await again.json()) as { valid: boolean; errors: { key: string }[] };
    expect(second).toMatchObject({ valid: false, errors: [{ key: "session_ttl_seconds" }] });
    expect(fileText()).toBe(before);
  });

  test('accepts {"config": {...}} and reports what would need a restart', async () => {
    const res = await call("POST", "/api/config/validate", {
      config: { listen: "127.0.0.1:18081", max_ttl_seconds: 7200 },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ valid: true, errors: [], restart_required: ["listen"] });
  });
});

describe("PUT /api/config", () => {
  test("applies a live setting at once: the next GET and the file show it", async () => {
    const res = await call("PUT", "/api/config", { session_ttl_seconds: 900 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      ok: true,
      applied: ["session_ttl_seconds"],
      restart_required: [],
      config_file: daemon.configFile,
    });
    const answer = await getConfig();
    expect(answer.config.session_ttl_seconds).toBe(900);
    expect(settingOf(answer, "session_ttl_seconds")?.source).toBe("file");
    expect(fileValues().session_ttl_seconds).toBe(900);
  });

  test("saves a restart-only setting and reports it as waiting for a restart", async () => {
    const res = await call("PUT", "/api/config", { config: { listen: "127.0.0.1:18080" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, applied: [], restart_required: ["listen"] });
    expect(fileValues().listen).toBe("127.0.0.1:18080");
    const answer = await getConfig();
    expect(answer.config.listen).toBe("127.0.0.1:0");
    expect(settingOf(answer, "listen")).toMatchObject({ restart_pending: true });
  });

  test("takes a GET answer back with one edit: the masked API key and env-set values stay", async () => {
    const answer = await getConfig();
    expect(settingOf(answer, "defaults.max_exec_timeout_ms")).toMatchObject({
      value: 90000,
      source: "env",
    });
    answer.config.max_ttl_seconds = 5400;
    const res = await call("PUT", "/api/config", answer);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, applied: ["max_ttl_seconds"] });
    expect(fileValues()).toMatchObject({ api_key: daemon.apiKey, max_ttl_seconds: 5400 });
    expect(fileValues().defaults).not.toHaveProperty("max_exec_timeout_ms");
    const changed = await call("PUT", "/api/config", {
      config: { ...answer.config, "defaults.max_exec_timeout_ms": 60000 },
    });
    expect(changed.status).toBe(400);
    expect(await changed.json()).toMatchObject({
      errors: [
        {
          key: "defaults.max_exec_timeout_ms",
          message: expect.stringMatching(/SANDKASTEN_MAX_EXEC_TIMEOUT_MS/),
        },
      ],
    });
  });

  test("an invalid candidate is a 400 listing each wrong key, and the file stays as it was", async () => {
    const before = fileText();
    const res = await call("PUT", "/api/config", {
      session_ttl_seconds: 60,
      no_such_setting: true,
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: string;
      errors: { key: string; message: string }[];
    };
    expect(body.error).toMatch(/no_such_setting/);
    expect(body.errors).toEqual([{ key: "no_such_setting", message: "no such setting" }]);
    const wrongValue = await call("PUT", "/api/config", { "defaults.mem_limit_mb": -5 });
    expect(wrongValue.status).toBe(400);
    const second = (await wrongValue.json()) as { errors: { key: string }[] };
    expect(second.errors.map((e) => e.key)).toContain("defaults.mem_limit_mb");
    expect(fileText()).toBe(before);
    expect((await getConfig()).config.session_ttl_seconds).toBe(900);
  });
});

describe("GET /api/status", () => {
  test("counts a created session and tells the version, uptime and pool", async () => {
    const created = await call("POST", "/v1/sessions", { image: "base" });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    try {
      const res = await call("GET", "/api/status");
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        status: string;
        version: string;
        uptime_seconds: number;
        sessions: Record<string, number>;
        pool: { enabled: boolean; images: unknown[] };
      };
      expect(body.status).toBe("ok");
      const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
      expect(body.version).toBe(pkg.version);
      expect(body.uptime_seconds).toBeGreaterThanOrEqual(0);
      expect(body.sessions).toMatchObject({ total: 1, running: 1, failed: 0 });
      expect(body.pool.enabled).toBe(false);
    } finally {
      expect((await call("DELETE", `/v1/sessions/${id}`)).status).toBe(200);
    }
    const after = (await (await call("GET", "/api/status")).json()) as {
      sessions: Record<string, number>;
    };
    expect(after.sessions.running).toBe(0);
  });
});

describe("the /api routes' guards", () => {
  const routes: [string, string, unknown?][] = [
    ["GET", "/api/config"],
    ["PUT", "/api/config", { session_ttl_seconds: 1 }],
    ["POST", "/api/config/validate", { session_ttl_seconds: 1 }],
    ["GET", "/api/status"],
  ];

  test.each(routes)(
    "%s %s answers 401 without the API key or with a wrong one",
    async (method, path, body) => {
      const before = fileText();
      for (const key of [null, "sk-wrong"]) {
        const res = await call(method, path, body, key);
        expect(res.status).toBe(401);
        expect(res.headers.get("www-authenticate")).toBe("Bearer");
        expect(await res.json()).toMatchObject({ error: "missing or invalid API key" });
      }
      expect(fileText()).toBe(before);
    },
  );

  test("a body that is not a JSON object of settings is a 400 saying why", async () => {
    const cases: [string, RegExp][] = [
      ["{not json", /invalid JSON body/],
      ["[1, 2]", /must be an object/],
      ["{}", /names no settings/],
      ['{"config": 5}', /"config" must be an object/],
      ['{"config": {}, "listen": "x"}', /move listen into "config"/],
    ];
    for (const [body, message] of cases) {
      for (const [method, path] of [
        ["PUT", "/api/config"],
        ["POST", "/api/config/validate"],
      ] as const) {
        const res = await call(method, path, body);
        expect(res.status, `${method} ${path} ${body}`).toBe(400);
        expect(((await res.json()) as { error: string }).error).toMatch(message);
      }
    }
  });

  test("a key that cannot be a setting name is a 400 from the contract", async () => {
    const res = await call("POST", "/api/config/validate", { "Not A Key!": 1 });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/values_json/);
  });

  test("a body past 1 MiB is a 413", async () => {
    const res = await call("PUT", "/api/config", { instance: "x".repeat(1024 * 1024) });
    expect(res.status).toBe(413);
  });

  test("a wrong method is a 405 with Allow, an unknown /api path a 404", async () => {
    const wrong = await call("DELETE", "/api/config");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, PUT");
    expect((await call("POST", "/api/status", {})).status).toBe(405);
    expect((await call("GET", "/api/config/validate")).status).toBe(405);
    expect((await call("GET", "/api/nothing")).status).toBe(404);
  });
});

describe("PUT /api/config on a daemon without a config file", () => {
  let plain: TestDaemon;

  beforeAll(async () => {
    plain = await startTestDaemon();
  });

  afterAll(async () => {
    await plain?.stop();
  });

  test("is a 409 that says to start the daemon with --config", async () => {
    const res = await fetch(`${plain.url}/api/config`, {
      method: "PUT",
      headers: { authorization: `Bearer ${plain.apiKey}` },
      body: JSON.stringify({ session_ttl_seconds: 600 }),
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toMatch(/--config FILE/);
    const config = await fetch(`${plain.url}/api/config`, {
      headers: { authorization: `Bearer ${plain.apiKey}` },
    });
    expect(((await config.json()) as ConfigAnswer).config_file).toBeNull();
  });
});
