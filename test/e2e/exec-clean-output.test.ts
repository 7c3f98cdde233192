import { OutputStream } from "../../gen/sandkasten/v1/exec_pb.js";
import { describe, expect, test } from "../support/fixtures.js";

/** A colored line whose escape sequence and UTF-8 character are split between two writes. */
const SPLIT = String.raw`printf '\033[3'; sleep 0.3; printf '1mr\303'; sleep 0.3; printf '\251d\033[0m\r\n'; printf 'e\033]0;t\007rr\r\n' >&2`;

describe("ExecStream clean_output", () => {
  test("each stream comes as cleaned text, whatever splits it; ended counts the bytes written", async ({
    api,
    session,
  }) => {
    const text = { [OutputStream.STDOUT]: "", [OutputStream.STDERR]: "" };
    let ended: { stdoutBytes: bigint; stderrBytes: bigint } | undefined;
    const decoder = new TextDecoder("utf-8", { fatal: true });
    for await (const { event } of api.exec.execStream({
      sessionId: session.id,
      cmd: SPLIT,
      cleanOutput: true,
    })) {
      // Every event is whole UTF-8 on its own.
      if (event.case === "output")
        text[event.value.stream as 1 | 2] += decoder.decode(event.value.data);
      if (event.case === "ended") ended = event.value;
    }
    expect(text[OutputStream.STDOUT]).toBe("r\u00e9d\n");
    expect(text[OutputStream.STDERR]).toBe("err\n");
    expect(ended?.stdoutBytes).toBe(15n);
    expect(ended?.stderrBytes).toBe(11n);
  });

  test("off (the default), the command's bytes come as written", async ({ api, session }) => {
    const out: Buffer[] = [];
    for await (const { event } of api.exec.execStream({ sessionId: session.id, cmd: SPLIT })) {
      if (event.case === "output" && event.value.stream === OutputStream.STDOUT)
        out.push(Buffer.from(event.value.data));
    }
    expect(Buffer.concat(out).toString("utf8")).toBe("\x1b[31mr\u00e9d\x1b[0m\r\n");
  });
});
