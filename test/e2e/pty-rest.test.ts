import { readSse, restPost, type SseEvent, sleep } from "../support/exec-helpers.js";
import { describe, expect, run, test } from "../support/fixtures.js";
import type { TestDaemon } from "../support/test-daemon.js";

/** A terminal opened with POST /v1/sessions/{id}/pty, its SSE read in the background. */
class RestTerminal {
  readonly events: SseEvent[] = [];
  readonly done: Promise<SseEvent[]>;
  constructor(
    private readonly d: TestDaemon,
    private readonly sessionId: string,
    res: Response,
  ) {
    this.done = readSse(res, (e) => {
      this.events.push(e);
      return undefined;
    });
    this.done.catch(() => {});
  }

  static async open(d: TestDaemon, sessionId: string, body: unknown = {}): Promise<RestTerminal> {
    const res = await restPost(d, `/v1/sessions/${sessionId}/pty`, body);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    return new RestTerminal(d, sessionId, res);
  }

  get ptyId(): string {
    const opened = this.events.find((e) => e.event === "opened");
    return String(opened?.data.pty_id ?? "");
  }

  /** The output so far, decoded, without escape sequences and carriage returns. */
  get plain(): string {
    const bytes = this.events
      .filter((e) => e.event === "output")
      .map((e) => Buffer.from(String(e.data.data_base64), "base64"));
    return (
      Buffer.concat(bytes)
        .toString("utf8")
        // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escapes
        .replace(/\x1b(\[[0-?]*[ -/]*[@-~]|[=>])/g, "")
        .replaceAll("\r", "")
    );
  }

  path(suffix = ""): string {
    return `/v1/sessions/${this.sessionId}/pty/${this.ptyId}${suffix}`;
  }

  async waitFor(pattern: RegExp): Promise<void> {
    for (let i = 0; i < 150 && !pattern.test(this.plain); i++) await sleep(100);
    expect(this.plain).toMatch(pattern);
  }

  input(body: unknown): Promise<Response> {
    return restPost(this.d, this.path("/input"), body);
  }

  close(): Promise<Response> {
    return fetch(`${this.d.url}${this.path()}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${this.d.apiKey}` },
    });
  }
}

describe("terminals over REST", () => {
  test("open, type, resize and close", async ({ daemon, session }) => {
    const t = await RestTerminal.open(daemon, session.id, { cols: 100, rows: 30 });
    await t.waitFor(/\$ $/);
    expect(t.events[0]).toMatchObject({ event: "opened", data: { pty_id: expect.any(String) } });
    expect(t.ptyId).toMatch(/^[a-z0-9]+$/);

    const typed = await t.input({ text: "echo rest-$((6*7))\r" });
    expect(typed.status).toBe(200);
    expect(await typed.json()).toEqual({ ok: true });
    await t.waitFor(/\nrest-42\n/);

    expect(
      (await t.input({ data_base64: Buffer.from("stty size\r").toString("base64") })).status,
    ).toBe(200);
    await t.waitFor(/\n30 100\n/);
    const resized = await restPost(daemon, t.path("/resize"), { cols: 120, rows: 40 });
    expect(resized.status).toBe(200);
    await t.input({ text: "stty size\r" });
    await t.waitFor(/\n40 120\n/);

    const closed = await t.close();
    expect(closed.status).toBe(200);
    const events = await t.done;
    expect(events.at(-1)).toMatchObject({
      event: "exited",
      data: { exit_code: -1, signal: "SIGKILL" },
    });
  });

  test("exit 3 ends the stream with an exited event", async ({ daemon, session }) => {
    const t = await RestTerminal.open(daemon, session.id);
    await t.waitFor(/\$ $/);
    await t.input({ text: "exit 3\r" });
    const events = await t.done;
    expect(events.at(-1)).toEqual(
      expect.objectContaining({ event: "exited", data: { exit_code: 3, signal: "" } }),
    );
  });

  test("closing the SSE response kills the terminal's processes", async ({
    daemon,
    api,
    session,
  }) => {
    const abort = new AbortController();
    const res = await restPost(daemon, `/v1/sessions/${session.id}/pty`, {}, abort.signal);
    const ptyId = await new Promise<string>((resolve) => {
      readSse(res, (e) => {
        if (e.event === "opened") resolve(String(e.data.pty_id));
        return undefined;
      }).catch(() => {});
    });
    const typed = await restPost(daemon, `/v1/sessions/${session.id}/pty/${ptyId}/input`, {
      text: "sleep 6161\r",
    });
    expect(typed.status).toBe(200);
    let count = "";
    for (let i = 0; i < 50 && count !== "1\n"; i++) {
      count = (await run(api, session.id, "pgrep -fc 'sleep 6161' || true")).output;
      await sleep(100);
    }
    expect(count).toBe("1\n");
    abort.abort();
    for (let i = 0; i < 50 && count !== "0\n"; i++) {
      await sleep(100);
      count = (await run(api, session.id, "pgrep -fc 'sleep 6161' || true")).output;
    }
    expect(count).toBe("0\n");
  });

  test("errors answer JSON with fitting statuses", async ({ daemon, session }) => {
    const unknownSession = await restPost(daemon, "/v1/sessions/nosuchsession/pty", {});
    expect(unknownSession.status).toBe(404);
    expect(await unknownSession.json()).toMatchObject({ error: expect.any(String) });

    const badSize = await restPost(daemon, `/v1/sessions/${session.id}/pty`, { cols: 0 });
    expect(badSize.status).toBe(400);

    const base = `/v1/sessions/${session.id}/pty/0123456789abcdef`;
    expect((await restPost(daemon, `${base}/input`, { text: "x" })).status).toBe(404);
    expect((await restPost(daemon, `${base}/input`, { data_base64: "!!" })).status).toBe(400);
    expect((await restPost(daemon, `${base}/input`, {})).status).toBe(400);
    expect((await restPost(daemon, `${base}/resize`, { cols: 80 })).status).toBe(400);
    const close = await fetch(`${daemon.url}${base}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${daemon.apiKey}` },
    });
    expect(close.status).toBe(404);
  });
});
