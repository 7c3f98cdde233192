import { describe, expect, test } from "vitest";
import { createApiKeyCheck } from "../../src/auth/api-keys.js";

/** The one key check both the RPC interceptor and the REST gateway use. */
describe("createApiKeyCheck", () => {
  const check = createApiKeyCheck(["sk-primary-0123456789", "second"]);

  test("accepts each configured key as a Bearer token, the scheme in any case, with surrounding spaces", () => {
    expect(check("Bearer sk-primary-0123456789")).toBe(true);
    expect(check("Bearer second")).toBe(true);
    expect(check("bearer second")).toBe(true);
    expect(check("BEARER second")).toBe(true);
    expect(check("  Bearer second  ")).toBe(true);
    expect(check("Bearer \t second")).toBe(true);
  });

  test("refuses a missing header, an empty one, a bare scheme and other schemes", () => {
    for (const header of [
      undefined,
      "",
      "Bearer",
      "Bearer ",
      "Basic c2Vjb25k",
      "Token second",
      "second",
    ]) {
      expect(check(header), String(header)).toBe(false);
    }
  });

  test("refuses near misses: prefixes, suffixes, other case, inner changes", () => {
    for (const key of [
      "sk-primary-012345678",
      "sk-primary-01234567890",
      "SK-PRIMARY-0123456789",
      "secon",
      "seconds",
      "sec0nd",
    ]) {
      expect(check(`Bearer ${key}`), key).toBe(false);
    }
  });

  test("keys of very different lengths are refused without throwing", () => {
    for (const length of [1, 2, 31, 32, 33, 64, 1000, 100_000]) {
      expect(check(`Bearer ${"x".repeat(length)}`), `length ${length}`).toBe(false);
    }
    // Non-ASCII and control characters are just wrong keys too.
    expect(check("Bearer ключ")).toBe(false);
    expect(check("Bearer \u0000second")).toBe(false);
  });

  test("very short and very long configured keys work exactly", () => {
    const short = createApiKeyCheck(["k"]);
    expect(short("Bearer k")).toBe(true);
    expect(short("Bearer kk")).toBe(false);
    const long = "L".repeat(1000);
    const longCheck = createApiKeyCheck([long]);
    expect(longCheck(`Bearer ${long}`)).toBe(true);
    expect(longCheck(`Bearer ${long.slice(1)}`)).toBe(false);
  });

  test("empty configured keys are ignored; with no key at all every request passes (loopback-only setups)", () => {
    const open = createApiKeyCheck(["", ""]);
    expect(open(undefined)).toBe(true);
    expect(open("Bearer anything")).toBe(true);
    const withEmpty = createApiKeyCheck(["", "real"]);
    expect(withEmpty("Bearer ")).toBe(false);
    expect(withEmpty(undefined)).toBe(false);
    expect(withEmpty("Bearer real")).toBe(true);
  });
});
