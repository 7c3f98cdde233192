import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/load.js";

/**
 * loadConfig on real YAML files: the documented keys load, SANDKASTEN_*
 * variables win over the file, and anything wrong stops start-up with a
 * message that names the key.
 */

let dir = "";

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "skt-config-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function yamlFile(text: string): string {
  const file = join(dir, "sandkasten.yaml");
  writeFileSync(file, text);
  return file;
}

/** The full example of the README and the product documents, key for key. */
const FULL_EXAMPLE = `
listen: "127.0.0.1:9090"
api_key: "sk-your-secret-key"
api_keys: ["sk-second"]
data_dir: "./state"
db_path: ""
default_image: "sandbox-runtime:python"
allowed_images: ["sandbox-runtime:base", "sandbox-runtime:python", "sandbox-runtime:node"]
session_ttl_seconds: 600
max_ttl_seconds: 7200
defaults:
  cpu_limit: 0.5
  mem_limit_mb: 256
  pids_limit: 128
  max_exec_timeout_ms: 60000
  network_mode: "none"            # or bridge, or a network name
  readonly_rootfs: true
limits_max: { cpu_limit: 2, mem_limit_mb: 1024, pids_limit: 512 }
workspace:
  enabled: true
  persist_by_default: false  # require explicit workspace_id
  driver: "directory"
  attach_policy: "exclusive"
  max_size_mb: 100
pool:
  enabled: true
  images:
    sandbox-runtime:python: 3
    sandbox-runtime:node: 2
docker: { socket: "/var/run/docker.sock", timeout_ms: 5000 }
instance: "prod-1"
log_level: "warn"
`;

describe("loading a YAML file", () => {
  test("the documented keys load with their values; relative paths resolve against the file's directory", () => {
    const c = loadConfig({ file: yamlFile(FULL_EXAMPLE), env: {} });
    expect(c).toMatchObject({
      listen: "127.0.0.1:9090",
      api_key: "sk-your-secret-key",
      api_keys: ["sk-second"],
      data_dir: join(dir, "state"),
      db_path: join(dir, "state", "sandkasten.db"),
      default_image: "sandbox-runtime:python",
      allowed_images: ["sandbox-runtime:base", "sandbox-runtime:python", "sandbox-runtime:node"],
      session_ttl_seconds: 600,
      max_ttl_seconds: 7200,
      defaults: {
        cpu_limit: 0.5,
        mem_limit_mb: 256,
        pids_limit: 128,
        max_exec_timeout_ms: 60000,
        network_mode: "none",
        readonly_rootfs: true,
      },
      limits_max: { cpu_limit: 2, mem_limit_mb: 1024, pids_limit: 512 },
      workspace: {
        enabled: true,
        persist_by_default: false,
        driver: "directory",
        attach_policy: "exclusive",
        max_size_mb: 100,
      },
      pool: { enabled: true, images: { "sandbox-runtime:python": 3, "sandbox-runtime:node": 2 } },
      docker: { socket: "/var/run/docker.sock", timeout_ms: 5000 },
      instance: "prod-1",
      log_level: "warn",
    });
  });

  test("the quick-start snippets (listen + api_key; workspace; pool) load on their own, the rest defaulted", () => {
    const quick = loadConfig({
      file: yamlFile('listen: "127.0.0.1:8080"\napi_key: "sk-your-secret-key"\n'),
      env: {},
    });
    expect(quick.api_key).toBe("sk-your-secret-key");
    expect(quick.defaults.mem_limit_mb).toBe(512);
    expect(quick.allowed_images).toEqual([
      "sandbox-runtime:base",
      "sandbox-runtime:python",
      "sandbox-runtime:node",
    ]);
    const ws = loadConfig({
      file: yamlFile("workspace:\n  enabled: true\n  persist_by_default: false\n"),
      env: {},
    });
    expect(ws.workspace).toMatchObject({
      enabled: true,
      persist_by_default: false,
      driver: "volume",
    });
    const pool = loadConfig({
      file: yamlFile("pool:\n  enabled: true\n  images:\n    sandbox-runtime:python: 3\n"),
      env: {},
    });
    expect(pool.pool).toEqual({ enabled: true, images: { "sandbox-runtime:python": 3 } });
  });

  test("an empty file means all defaults", () => {
    const c = loadConfig({ file: yamlFile(""), env: {} });
    expect(c.listen).toBe("127.0.0.1:8080");
    expect(c.data_dir).toBe("/var/lib/sandkasten");
    expect(c.db_path).toBe("/var/lib/sandkasten/sandkasten.db");
  });
});

describe("SANDKASTEN_* variables", () => {
  test("override the file, with their types (numbers, booleans, lists)", () => {
    const c = loadConfig({
      file: yamlFile(FULL_EXAMPLE),
      env: {
        SANDKASTEN_LISTEN: "127.0.0.1:7070",
        SANDKASTEN_API_KEY: "sk-from-env",
        SANDKASTEN_DATA_DIR: "/srv/sk",
        SANDKASTEN_MEM_LIMIT_MB: "300",
        SANDKASTEN_CPU_LIMIT: "1.5",
        SANDKASTEN_READONLY_ROOTFS: "false",
        SANDKASTEN_ALLOWED_IMAGES: "sandbox-runtime:node,sandbox-runtime:python",
        SANDKASTEN_DEFAULT_IMAGE: "sandbox-runtime:node",
        SANDKASTEN_DOCKER_TIMEOUT_MS: "1234",
        SANDKASTEN_LOG_LEVEL: "debug",
      },
    });
    expect(c.listen).toBe("127.0.0.1:7070");
    expect(c.api_key).toBe("sk-from-env");
    expect(c.data_dir).toBe("/srv/sk");
    expect(c.db_path).toBe("/srv/sk/sandkasten.db");
    expect(c.defaults.mem_limit_mb).toBe(300);
    expect(c.defaults.cpu_limit).toBe(1.5);
    expect(c.defaults.readonly_rootfs).toBe(false);
    expect(c.allowed_images).toEqual(["sandbox-runtime:node", "sandbox-runtime:python"]);
    expect(c.default_image).toBe("sandbox-runtime:node");
    expect(c.docker.timeout_ms).toBe(1234);
    expect(c.log_level).toBe("debug");
    // What no variable named stays as the file said.
    expect(c.defaults.pids_limit).toBe(128);
  });

  test("a bad value in a variable is refused naming the key", () => {
    expect(() => loadConfig({ env: { SANDKASTEN_LISTEN: "nope" } })).toThrow(
      /listen: must be "host:port"/,
    );
    expect(() => loadConfig({ env: { SANDKASTEN_MEM_LIMIT_MB: "lots" } })).toThrow(
      /defaults\.mem_limit_mb/,
    );
  });
});

describe("mistakes stop start-up with a message naming the key", () => {
  const cases: [string, string, RegExp][] = [
    ["an unknown top-level key", "listn: 127.0.0.1:8080\n", /listn/],
    ["an unknown nested key", "defaults:\n  cpu: 2\n", /defaults\.cpu/],
    [
      "a string where a number belongs",
      "defaults:\n  mem_limit_mb: lots\n",
      /defaults\.mem_limit_mb/,
    ],
    ["a negative number", "session_ttl_seconds: -5\n", /session_ttl_seconds/],
    ["a zero cpu limit", "defaults:\n  cpu_limit: 0\n", /defaults\.cpu_limit must be a number > 0/],
    ["a listen without a port", "listen: localhost\n", /listen: must be "host:port"/],
    ["a listen with a bad port", 'listen: "127.0.0.1:http"\n', /listen: must be "host:port"/],
    ["a bad workspace driver", "workspace:\n  driver: nfs\n", /workspace\.driver/],
    ["a bad attach policy", "workspace:\n  attach_policy: sometimes\n", /workspace\.attach_policy/],
    ["a bad log level", "log_level: loud\n", /log_level/],
    ["a bad instance name", 'instance: "Has Spaces"\n', /instance/],
    [
      "a bad pool size",
      "pool:\n  images:\n    sandbox-runtime:python: 1000\n",
      /pool size for sandbox-runtime:python/,
    ],
    [
      "a ttl over its maximum",
      "session_ttl_seconds: 100\nmax_ttl_seconds: 10\n",
      /session_ttl_seconds is larger than max_ttl_seconds/,
    ],
    [
      "a default over its maximum",
      "defaults:\n  pids_limit: 2000\n",
      /defaults\.pids_limit is larger than limits_max\.pids_limit/,
    ],
  ];
  for (const [what, yaml, message] of cases) {
    test(what, () => {
      const file = yamlFile(yaml);
      let error: unknown;
      try {
        loadConfig({ file, env: {} });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/^invalid configuration: /);
      expect((error as Error).message).toMatch(message);
    });
  }

  test("a missing file, invalid YAML and a non-mapping document name the file", () => {
    expect(() => loadConfig({ file: join(dir, "absent.yaml"), env: {} })).toThrow(
      /config file not found: .*absent\.yaml/,
    );
    const broken = yamlFile("listen: [unclosed\n");
    expect(() => loadConfig({ file: broken, env: {} })).toThrow(
      /sandkasten\.yaml is not valid YAML/,
    );
    const list = yamlFile("- a\n- b\n");
    expect(() => loadConfig({ file: list, env: {} })).toThrow(
      /sandkasten\.yaml must hold a YAML mapping/,
    );
  });
});
