import type { OutputBuffer } from "./output-buffer.js";
import type { Highlights, OutputView } from "./output-view.js";
import type { Mark } from "./row-render.js";

/** One command's output, as the search sees it. */
export interface Searchable {
  buffer: OutputBuffer;
  view: OutputView;
  /** The block to bring into view with a match. */
  block: HTMLElement;
}

interface Hit {
  source: Searchable;
  row: number;
  col: number;
}

/** Past this many matches the count says "+" and no more are marked. */
const MAX_HITS = 10_000;

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Case-insensitive search over the output of every command on the page:
 * counts the matches, marks them in the rows, and steps through them.
 */
export class OutputSearch {
  private sources: Searchable[] = [];
  private term = "";
  private length = 0;
  private hits: Hit[] = [];
  private byRow = new Map<Searchable, Map<number, number[]>>();
  private current = -1;
  private capped = false;
  version = 0;

  constructor(private readonly onChange: () => void) {}

  add(source: Searchable): void {
    this.sources.push(source);
    source.view.highlights = this.highlightsFor(source);
  }

  remove(source: Searchable): void {
    this.sources = this.sources.filter((s) => s !== source);
    this.run(this.term, false);
  }

  get count(): number {
    return this.hits.length;
  }

  get summary(): string {
    if (!this.term) return "";
    if (this.hits.length === 0) return "No matches";
    return `${this.current + 1} of ${this.hits.length}${this.capped ? "+" : ""}`;
  }

  /** Searches again for `term` (after new output too), keeping the current match where it can. */
  run(term: string, reveal = true): void {
    const before = this.hits[this.current];
    const changed = term !== this.term;
    this.term = term;
    this.length = term.length;
    this.hits = [];
    this.byRow.clear();
    this.capped = false;
    if (term) this.collect(new RegExp(literal(term), "gi"));
    const same = before
      ? this.hits.findIndex(
          (x) => x.source === before.source && x.row === before.row && x.col === before.col,
        )
      : -1;
    this.current = this.hits.length === 0 ? -1 : same >= 0 ? same : changed ? 0 : this.current;
    if (this.current >= this.hits.length) this.current = this.hits.length - 1;
    this.changed(reveal && changed);
  }

  step(direction: 1 | -1): void {
    if (this.hits.length === 0) return;
    this.current = (this.current + direction + this.hits.length) % this.hits.length;
    this.changed(true);
  }

  private collect(pattern: RegExp): void {
    for (const source of this.sources) {
      const rows = new Map<number, number[]>();
      this.byRow.set(source, rows);
      const { buffer } = source;
      for (let row = buffer.first; row < buffer.end; row++) {
        const text = buffer.text(row);
        if (text.length < this.length) continue;
        pattern.lastIndex = 0;
        for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
          if (this.hits.length === MAX_HITS) {
            this.capped = true;
            return;
          }
          const list = rows.get(row) ?? [];
          if (list.length === 0) rows.set(row, list);
          list.push(this.hits.length);
          this.hits.push({ source, row, col: m.index });
        }
      }
    }
  }

  private changed(reveal: boolean): void {
    this.version++;
    const hit = this.hits[this.current];
    if (reveal && hit) {
      hit.source.block.scrollIntoView({ block: "nearest" });
      hit.source.view.reveal(hit.row);
      hit.source.view.element
        .querySelector("mark.current")
        ?.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
    for (const s of this.sources) s.view.redraw();
    this.onChange();
  }

  private highlightsFor(source: Searchable): Highlights {
    const marks = (row: number): readonly Mark[] => {
      const list = this.byRow.get(source)?.get(row);
      if (!list) return [];
      return list.map((i) => ({
        col: this.hits[i]?.col ?? 0,
        length: this.length,
        current: i === this.current,
      }));
    };
    const version = () => this.version;
    return {
      get version() {
        return version();
      },
      marks,
    };
  }
}
