import { describe, expect, run, test } from "../support/fixtures.js";

/**
 * The runner loads its file and terminal services on the first call that
 * needs them (runner/main.ts): calls that come together while they load,
 * and beside a command that is running, all get their answers.
 */
describe("a session's first file calls", () => {
  test("several at once, beside a running command, all answer", async ({ api, session }) => {
    const command = run(api, session.id, "sleep 0.5; echo done");
    const names = Array.from({ length: 8 }, (_, i) => `first-${i}.txt`);
    const writes = await Promise.all(
      names.map((path, i) =>
        api.fs.writeFile({
          sessionId: session.id,
          path,
          content: new TextEncoder().encode(`${i}`),
        }),
      ),
    );
    expect(writes.map((w) => w.path)).toEqual(names.map((n) => `/workspace/${n}`));
    const reads = await Promise.all(
      names.map((path) => api.fs.readFile({ sessionId: session.id, path })),
    );
    expect(reads.map((r) => new TextDecoder().decode(r.content))).toEqual(
      names.map((_, i) => `${i}`),
    );
    expect((await command).output).toBe("done\n");
  });
});
