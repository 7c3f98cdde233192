import { loadConfig } from "../../src/config/load.js";
import { omissionNote } from "../../src/exec/capped-text.js";
import { clientsFor } from "../support/clients.js";
import { readSse, restPost, streamExec } from "../support/exec-helpers.js";
import { describe, expect, run, test } from "../support/fixtures.js";
import { startTestDaemon } from "../support/test-daemon.js";

describe("output sizes", () => {
  test("a stream's end reports the bytes of stdout and of stderr, counted by the daemon", async ({
    api,
    session,
  }) => {
    const r = await streamExec(api, session.id, "head -c 100000 /dev/zero; echo err >&2");
    expect(r.ended).toMatchObject({ stdoutBytes: 100_000n, stderrBytes: 4n });
  });

  test("REST's done event carries stdout_bytes and stderr_bytes", async ({ daemon, session }) => {
    const res = await restPost(daemon, `/v1/sessions/${session.id}/exec/stream`, {
      cmd: "printf 12345; printf ab >&2",
    });
    const done = (await readSse(res)).find((e) => e.event === "done");
    expect(done?.data).toMatchObject({ stdout_bytes: 5, stderr_bytes: 2 });
  });

  test("an untruncated unary result reports its size and nothing omitted", async ({
    api,
    session,
  }) => {
    const r = await run(api, session.id, "echo hello; echo there >&2");
    expect(r).toMatchObject({ truncated: false, outputBytes: 12n, omittedBytes: 0n });
  });
});

describe("exec_output settings", () => {
  test("the cap and the head's share come from exec_output.max_bytes and head_bytes", async () => {
    const d = await startTestDaemon({ exec_output: { max_bytes: 1000, head_bytes: 100 } });
    try {
      const api = clientsFor(d);
      const { session } = await api.sessions.createSession({ image: "base" });
      const r = await run(api, session?.id ?? "", "seq 1 10000; echo LAST");
      expect(r).toMatchObject({ truncated: true, headBytes: 100n, tailBytes: 900n });
      const [head, tail] = r.output.split(omissionNote(Number(r.omittedBytes)));
      expect(head?.startsWith("1\n2\n3\n")).toBe(true);
      expect(Buffer.byteLength(head ?? "")).toBe(100);
      expect(tail?.endsWith("9999\n10000\nLAST\n")).toBe(true);
    } finally {
      await d.stop();
    }
  });

  test("a head larger than the cap is refused at start, naming the setting", () => {
    expect(() =>
      loadConfig({ env: {}, overrides: { exec_output: { max_bytes: 100, head_bytes: 200 } } }),
    ).toThrow(/exec_output\.head_bytes is larger than exec_output\.max_bytes/);
  });
});
