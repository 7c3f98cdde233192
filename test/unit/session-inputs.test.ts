import { Code, type ConnectError } from "@connectrpc/connect";
import { describe, expect, test } from "vitest";
import { toConnectError } from "../../src/api/errors/to-connect.js";
import { type Config, loadConfig } from "../../src/config/load.js";
import { DomainError } from "../../src/errors/domain-error.js";
import { resolveImage } from "../../src/sessions/images.js";
import { resolveLimits, resolveTtl } from "../../src/sessions/limits.js";

/** What CreateSession makes of a request's image, limits and ttl, before anything is started. */

const config: Config = loadConfig({ env: {} });
const ALLOWED = ["sandbox-runtime:base", "sandbox-runtime:python", "sandbox-runtime:node"];

function refusal(fn: () => unknown): ConnectError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    return toConnectError(err as DomainError);
  }
  throw new Error("expected a refusal");
}

describe("resolveImage", () => {
  test("short names map to the runtime images; full references pass when allowed", () => {
    expect(resolveImage("base", "sandbox-runtime:base", ALLOWED)).toBe("sandbox-runtime:base");
    expect(resolveImage("python", "sandbox-runtime:base", ALLOWED)).toBe("sandbox-runtime:python");
    expect(resolveImage("node", "sandbox-runtime:base", ALLOWED)).toBe("sandbox-runtime:node");
    expect(resolveImage("sandbox-runtime:node", "sandbox-runtime:base", ALLOWED)).toBe(
      "sandbox-runtime:node",
    );
  });

  test("empty means the default image, itself a short name or a reference", () => {
    expect(resolveImage("", "python", ALLOWED)).toBe("sandbox-runtime:python");
    expect(resolveImage("", "sandbox-runtime:node", ALLOWED)).toBe("sandbox-runtime:node");
  });

  test("anything not allowed is InvalidArgument naming the image and the allowed ones", () => {
    const err = refusal(() => resolveImage("ubuntu", "base", ALLOWED));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.rawMessage).toBe(
      'image "ubuntu" is not allowed; allowed: sandbox-runtime:base, sandbox-runtime:python, sandbox-runtime:node (short names: base, python, node)',
    );
    // A short name whose image is not allowed is refused too.
    expect(
      refusal(() => resolveImage("node", "base", ["sandbox-runtime:base"])).rawMessage,
    ).toMatch(/^image "node" is not allowed; allowed: sandbox-runtime:base /);
    // Case and tags matter.
    expect(refusal(() => resolveImage("Base", "base", ALLOWED)).code).toBe(Code.InvalidArgument);
    expect(refusal(() => resolveImage("sandbox-runtime:python3", "base", ALLOWED)).code).toBe(
      Code.InvalidArgument,
    );
  });
});

describe("resolveLimits", () => {
  test("no request or zeros mean the configured defaults", () => {
    const defaults = { cpuLimit: 1, memLimitMb: 512, pidsLimit: 256 };
    expect(resolveLimits(undefined, config)).toEqual(defaults);
    expect(resolveLimits({ cpuLimit: 0, memLimitMb: 0, pidsLimit: 0 }, config)).toEqual(defaults);
  });

  test("values within the maxima are taken, each on its own", () => {
    expect(resolveLimits({ cpuLimit: 4, memLimitMb: 0, pidsLimit: 0 }, config)).toEqual({
      cpuLimit: 4,
      memLimitMb: 512,
      pidsLimit: 256,
    });
    expect(resolveLimits({ cpuLimit: 0.25, memLimitMb: 4096, pidsLimit: 1024 }, config)).toEqual({
      cpuLimit: 0.25,
      memLimitMb: 4096,
      pidsLimit: 1024,
    });
  });

  test("past a maximum or under a minimum is InvalidArgument naming the field", () => {
    const cases: [Partial<{ cpuLimit: number; memLimitMb: number; pidsLimit: number }>, string][] =
      [
        [{ cpuLimit: 4.01 }, "limits.cpu_limit must be at most 4 (limits_max.cpu_limit)"],
        [
          { memLimitMb: 4097 },
          "limits.mem_limit_mb must be at most 4096 (limits_max.mem_limit_mb)",
        ],
        [{ pidsLimit: 1025 }, "limits.pids_limit must be at most 1024 (limits_max.pids_limit)"],
        [{ memLimitMb: 31 }, "limits.mem_limit_mb must be at least 32"],
        [{ pidsLimit: 15 }, "limits.pids_limit must be at least 16"],
      ];
    for (const [asked, message] of cases) {
      const err = refusal(() =>
        resolveLimits({ cpuLimit: 0, memLimitMb: 0, pidsLimit: 0, ...asked }, config),
      );
      expect(err.code).toBe(Code.InvalidArgument);
      expect(err.rawMessage).toBe(message);
    }
  });

  test("the maxima come from the config", () => {
    const tight = loadConfig({
      env: {},
      overrides: {
        defaults: { cpu_limit: 0.5, mem_limit_mb: 64, pids_limit: 32 },
        limits_max: { cpu_limit: 1, mem_limit_mb: 128, pids_limit: 64 },
      },
    });
    expect(resolveLimits(undefined, tight)).toEqual({
      cpuLimit: 0.5,
      memLimitMb: 64,
      pidsLimit: 32,
    });
    expect(
      refusal(() => resolveLimits({ cpuLimit: 0, memLimitMb: 129, pidsLimit: 0 }, tight))
        .rawMessage,
    ).toBe("limits.mem_limit_mb must be at most 128 (limits_max.mem_limit_mb)");
  });
});

describe("resolveTtl", () => {
  test("zero means session_ttl_seconds; a value up to max_ttl_seconds is taken", () => {
    expect(resolveTtl(0, config)).toBe(1800);
    expect(resolveTtl(1, config)).toBe(1);
    expect(resolveTtl(86_400, config)).toBe(86_400);
  });

  test("past max_ttl_seconds is InvalidArgument naming ttl_seconds and the maximum", () => {
    const err = refusal(() => resolveTtl(86_401, config));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.rawMessage).toBe("ttl_seconds must be at most 86400 (max_ttl_seconds)");
  });
});
