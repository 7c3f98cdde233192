import http2 from "node:http2";
import { waitUntil } from "../support/exec-helpers.js";
import { describe, expect, run, test } from "../support/fixtures.js";

/**
 * A REST client on HTTP/2 that resets its stream has gone away just like an
 * HTTP/1.1 client that hangs up: its command is stopped and the call ends
 * (an HTTP/2 response emits "finish" on a reset too, which once hid this).
 */
describe("REST over HTTP/2, client resets the stream", () => {
  for (const route of ["exec/stream", "exec"]) {
    test(`POST /v1/sessions/{id}/${route}: the command stops and no call is left counted`, async ({
      daemon,
      api,
      session,
    }) => {
      const flag = `/tmp/flag-${route.replace("/", "-")}`;
      const h2 = http2.connect(daemon.url);
      try {
        await new Promise<void>((resolve) => {
          const req = h2.request({
            ":method": "POST",
            ":path": `/v1/sessions/${session.id}/${route}`,
            authorization: `Bearer ${daemon.apiKey}`,
          });
          req.on("error", () => resolve());
          req.on("close", () => resolve());
          req.end(JSON.stringify({ cmd: `echo started; sleep 2; touch ${flag}` }));
          // Reset once the command is surely running (streamed output, or a pause for unary).
          req.on("data", () => req.close(http2.constants.NGHTTP2_CANCEL));
          setTimeout(() => req.close(http2.constants.NGHTTP2_CANCEL), 700);
        });
        expect(await waitUntil(async () => daemon.daemon.ctx.drain.inFlight === 0, 5000)).toBe(
          true,
        );
        await new Promise((r) => setTimeout(r, 2500));
        const left = await run(api, session.id, `test -e ${flag} && echo ran || echo stopped`);
        expect(left.output).toBe("stopped\n");
      } finally {
        h2.close();
      }
    });
  }
});

describe("REST SSE over HTTP/1.1, a slow reader goes away mid-stream", () => {
  test("the call stops counting and the command is stopped", async ({ daemon, api, session }) => {
    const abort = new AbortController();
    const res = await fetch(`${daemon.url}/v1/sessions/${session.id}/exec/stream`, {
      method: "POST",
      headers: { authorization: `Bearer ${daemon.apiKey}` },
      body: JSON.stringify({ cmd: "head -c 200000000 /dev/zero; touch /tmp/flag-slow" }),
      signal: abort.signal,
    });
    const reader = res.body?.getReader();
    // Read a little, slowly, so that the daemon's side is held back by the reader.
    for (let i = 0; i < 3; i++) {
      await reader?.read();
      await new Promise((r) => setTimeout(r, 200));
    }
    abort.abort();
    expect(await waitUntil(async () => daemon.daemon.ctx.drain.inFlight === 0, 5000)).toBe(true);
    const left = await run(api, session.id, "test -e /tmp/flag-slow && echo ran || echo stopped");
    expect(left.output).toBe("stopped\n");
  });
});
