import { streamExec } from "../support/exec-helpers.js";
import { describe, expect, run, test } from "../support/fixtures.js";

const TAGS = ["alpha", "bravo", "charlie", "delta", "echo"];

/** Prints five tagged lines 50 ms apart, and logs its start and end to a shared file. */
const tagged = (tag: string) =>
  `echo "start ${tag}" >>/tmp/order; for i in 1 2 3 4 5; do echo ${tag}-$i; sleep 0.05; done; echo "end ${tag}" >>/tmp/order`;

const linesOf = (tag: string) => [1, 2, 3, 4, 5].map((i) => `${tag}-${i}\n`).join("");

/** Every start in the log is directly followed by its own end. */
function expectOneAfterAnother(log: string) {
  const lines = log.trim().split("\n");
  expect(lines).toHaveLength(TAGS.length * 2);
  for (let i = 0; i < lines.length; i += 2) {
    const tag = lines[i]?.replace(/^start /, "");
    expect(lines[i + 1]).toBe(`end ${tag}`);
  }
  expect(new Set(lines.filter((l) => l.startsWith("start ")))).toEqual(
    new Set(TAGS.map((t) => `start ${t}`)),
  );
}

describe("one session runs one command at a time", () => {
  test("concurrent unary execs each get only their own lines, and they ran one after another", async ({
    api,
    session,
  }) => {
    const t0 = Date.now();
    const results = await Promise.all(TAGS.map((tag) => run(api, session.id, tagged(tag))));
    const wall = Date.now() - t0;
    for (const [i, tag] of TAGS.entries()) {
      expect(results[i]?.output).toBe(linesOf(tag));
    }
    const sum = results.reduce((s, r) => s + Number(r.durationMs), 0);
    // Five commands of >= 250 ms each: in parallel they would take ~300 ms in all.
    expect(sum).toBeGreaterThanOrEqual(5 * 250);
    expect(wall).toBeGreaterThanOrEqual(sum * 0.95);
    expectOneAfterAnother((await run(api, session.id, "cat /tmp/order")).output);
  });

  test("concurrent ExecStreams are serialized too, their outputs never interleaved", async ({
    api,
    session,
  }) => {
    const results = await Promise.all(TAGS.map((tag) => streamExec(api, session.id, tagged(tag))));
    for (const [i, tag] of TAGS.entries()) {
      expect(results[i]?.stdout.toString()).toBe(linesOf(tag));
    }
    expectOneAfterAnother((await run(api, session.id, "cat /tmp/order")).output);
  });
});
