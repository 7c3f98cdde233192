import { describe, expect, test } from "vitest";
import { KEEPALIVE, withKeepalive } from "../../runner/pty/with-keepalive.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("withKeepalive", () => {
  test("passes values on and marks long silences", async () => {
    async function* slow() {
      yield "a";
      await sleep(120);
      yield "b";
    }
    const seen: unknown[] = [];
    for await (const value of withKeepalive(slow(), 50)) seen.push(value);
    expect(seen[0]).toBe("a");
    expect(seen.at(-1)).toBe("b");
    expect(seen.filter((v) => v === KEEPALIVE).length).toBeGreaterThanOrEqual(1);
  });

  test("a busy source gets no keepalives", async () => {
    async function* busy() {
      for (let i = 0; i < 5; i++) yield i;
    }
    const seen: unknown[] = [];
    for await (const value of withKeepalive(busy(), 1000)) seen.push(value);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  test("stopping early ends the source", async () => {
    let finished = false;
    async function* endless() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        finished = true;
      }
    }
    for await (const value of withKeepalive(endless(), 1000)) if (value === 2) break;
    expect(finished).toBe(true);
  });
});
