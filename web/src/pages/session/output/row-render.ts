import { PLAIN } from "./ansi-style.js";
import type { Row, Segment } from "./output-buffer.js";

/** A found match in a row: characters [col, col + length). */
export interface Mark {
  col: number;
  length: number;
  current: boolean;
}

const NO_MARKS: readonly Mark[] = [];

/**
 * One row as a line element: a span per styled segment (stdout and stderr
 * told apart by class), matches wrapped in <mark>. An ended row keeps its
 * newline in the text, so copying and textContent read as the output did.
 */
export function renderRow(
  row: Row,
  ended: boolean,
  marks: readonly Mark[] = NO_MARKS,
): HTMLDivElement {
  const line = document.createElement("div");
  line.className = "out-line";
  const segments: Segment[] =
    typeof row === "string" ? [{ text: row, stream: "stdout", style: PLAIN }] : row;
  let col = 0;
  let span: HTMLSpanElement | undefined;
  for (const segment of segments) {
    span = document.createElement("span");
    span.className = segment.style.cls
      ? `out-${segment.stream} ${segment.style.cls}`
      : `out-${segment.stream}`;
    if (segment.style.css) span.style.cssText = segment.style.css;
    appendMarked(span, segment.text, col, marks);
    col += segment.text.length;
    line.append(span);
  }
  if (ended) span?.append("\n");
  return line;
}

function appendMarked(span: HTMLElement, text: string, col: number, marks: readonly Mark[]) {
  const end = col + text.length;
  let at = col;
  for (const mark of marks) {
    const from = Math.max(mark.col, at);
    const to = Math.min(mark.col + mark.length, end);
    if (to <= from) continue;
    if (from > at) span.append(text.slice(at - col, from - col));
    const el = document.createElement("mark");
    el.className = mark.current ? "out-match current" : "out-match";
    el.textContent = text.slice(from - col, to - col);
    span.append(el);
    at = to;
  }
  if (at < end) span.append(at === col ? text : text.slice(at - col));
}
