import { create } from "@bufbuild/protobuf";
import {
  type ExecStreamResponse,
  ExecStreamResponseSchema,
  OutputStream,
} from "../../gen/sandkasten/v1/exec_pb.js";
import { OUTPUT_EVENT_MAX_BYTES } from "../limits.js";
import { OutputText } from "./output-text.js";

/**
 * ExecStream events with each stream's output as cleaned UTF-8 text (see
 * OutputText); what a stream held back comes out just before ended. The
 * byte counts of ended stay those of what the command wrote.
 */
export async function* cleanedEvents(
  events: AsyncIterable<ExecStreamResponse>,
): AsyncGenerator<ExecStreamResponse> {
  const streams = new Map<OutputStream, OutputText>();
  const textOf = (stream: OutputStream) => {
    let text = streams.get(stream);
    if (!text) {
      text = new OutputText(false);
      streams.set(stream, text);
    }
    return text;
  };
  function* output(stream: OutputStream, text: string) {
    for (const data of utf8Pieces(Buffer.from(text, "utf8"))) {
      yield create(ExecStreamResponseSchema, {
        event: { case: "output", value: { stream, data } },
      });
    }
  }
  for await (const event of events) {
    if (event.event.case === "output") {
      const { stream, data } = event.event.value;
      const text = textOf(stream).push(data);
      yield* output(stream, text);
      continue;
    }
    if (event.event.case === "ended") {
      for (const stream of [OutputStream.STDOUT, OutputStream.STDERR]) {
        const rest = streams.get(stream)?.end() ?? "";
        yield* output(stream, rest);
      }
    }
    yield event;
  }
}

/**
 * Text may come out longer than the bytes it was decoded from (U+FFFD for a
 * stray byte): cut it into events of at most OUTPUT_EVENT_MAX_BYTES, between characters.
 */
function* utf8Pieces(bytes: Buffer): Generator<Buffer> {
  let rest = bytes;
  while (rest.length > OUTPUT_EVENT_MAX_BYTES) {
    let cut = OUTPUT_EVENT_MAX_BYTES;
    while (cut > 0 && ((rest[cut] as number) & 0xc0) === 0x80) cut--;
    yield rest.subarray(0, cut);
    rest = rest.subarray(cut);
  }
  if (rest.length > 0) yield rest;
}
