import { type AnsiStyle, PLAIN } from "./ansi-style.js";

export type StreamName = "stdout" | "stderr";

export interface Segment {
  text: string;
  stream: StreamName;
  style: AnsiStyle;
}

/** One row of output: a plain string (unstyled stdout, most output) or styled segments. */
export type Row = string | Segment[];

export interface OutputLimits {
  /** Rows kept; older ones are dropped. */
  maxRows: number;
  /** Characters kept over all rows; older rows are dropped. */
  maxChars: number;
}

/** What one command keeps in the page: the end of its output, bounded. */
export const OUTPUT_LIMITS: OutputLimits = { maxRows: 500_000, maxChars: 8 * 1024 * 1024 };

/** A line longer than this goes on in the next row (a row is drawn as one element). */
export const ROW_MAX_CHARS = 4096;

export function rowText(row: Row): string {
  if (typeof row === "string") return row;
  let text = "";
  for (const s of row) text += s.text;
  return text;
}

const rowLength = (row: Row) =>
  typeof row === "string" ? row.length : row.reduce((n, s) => n + s.text.length, 0);

/**
 * The rows of one command's output, stdout and stderr in arrival order. Rows
 * are numbered from the first ever written; when the limits are passed the
 * oldest are dropped (and counted), so memory stays bounded however much a
 * command prints.
 */
export class OutputBuffer {
  private rows: Row[] = [];
  /** rows[head] is the first row still held. */
  private head = 0;
  /** The last row has no newline yet: more text goes on it. */
  private open = false;
  /** A carriage return came: the open row's next text starts it over. */
  private restart = false;
  private openLength = 0;
  private chars = 0;
  droppedRows = 0;
  droppedChars = 0;

  constructor(private readonly limits: OutputLimits = OUTPUT_LIMITS) {}

  /** The number of the first row held. */
  get first(): number {
    return this.droppedRows;
  }

  /** One past the number of the last row. */
  get end(): number {
    return this.droppedRows + this.rows.length - this.head;
  }

  get heldChars(): number {
    return this.chars;
  }

  row(n: number): Row {
    return this.rows[this.head + n - this.droppedRows] ?? "";
  }

  /** Whether row n has ended with a newline. */
  ended(n: number): boolean {
    return !(this.open && n === this.end - 1);
  }

  text(n: number): string {
    return rowText(this.row(n));
  }

  write(text: string, stream: StreamName, style: AnsiStyle): void {
    let at = 0;
    for (;;) {
      const nl = text.indexOf("\n", at);
      const piece = nl < 0 ? text.slice(at) : text.slice(at, nl);
      if (piece.length > 0 || nl >= 0) this.put(piece, stream, style);
      if (nl < 0) break;
      this.open = false;
      this.restart = false;
      at = nl + 1;
    }
    this.trim();
  }

  /** A lone carriage return: what follows replaces the row (how progress bars redraw). */
  carriageReturn(): void {
    if (this.open) this.restart = true;
  }

  private put(piece: string, stream: StreamName, style: AnsiStyle): void {
    if (!this.open) {
      this.rows.push("");
      this.open = true;
      this.openLength = 0;
    }
    if (this.restart && piece.length > 0) {
      this.restart = false;
      this.chars -= this.openLength;
      this.openLength = 0;
      this.rows[this.rows.length - 1] = "";
    }
    let rest = piece;
    while (this.openLength + rest.length > ROW_MAX_CHARS) {
      const room = ROW_MAX_CHARS - this.openLength;
      this.append(rest.slice(0, room), stream, style);
      rest = rest.slice(room);
      this.rows.push("");
      this.openLength = 0;
    }
    if (rest.length > 0) this.append(rest, stream, style);
  }

  private append(piece: string, stream: StreamName, style: AnsiStyle): void {
    const i = this.rows.length - 1;
    const row = this.rows[i] ?? "";
    if (typeof row === "string" && stream === "stdout" && style === PLAIN) {
      this.rows[i] = row + piece;
    } else {
      const segments: Segment[] =
        typeof row !== "string" ? row : row ? [{ text: row, stream: "stdout", style: PLAIN }] : [];
      const last = segments[segments.length - 1];
      if (last && last.stream === stream && last.style === style) last.text += piece;
      else segments.push({ text: piece, stream, style });
      this.rows[i] = segments;
    }
    this.openLength += piece.length;
    this.chars += piece.length;
  }

  private trim(): void {
    const { maxRows, maxChars } = this.limits;
    let held = this.rows.length - this.head;
    while (held > 1 && (held > maxRows || this.chars > maxChars)) {
      const length = rowLength(this.rows[this.head] ?? "");
      this.rows[this.head] = "";
      this.head++;
      held--;
      this.chars -= length;
      this.droppedRows++;
      this.droppedChars += length;
    }
    if (this.head > 4096 && this.head * 2 > this.rows.length) {
      this.rows = this.rows.slice(this.head);
      this.head = 0;
    }
  }
}
