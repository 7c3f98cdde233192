import { h } from "../../../ui/dom.js";
import type { OutputBuffer } from "./output-buffer.js";
import { type Mark, renderRow } from "./row-render.js";

/** A row's height in pixels; `.out-line` in styles.css has the same. */
export const ROW_PX = 20;
/** Rows drawn above and below the visible ones, so that scrolling finds them ready. */
const OVERSCAN = 30;

/** The matches to mark in a row (the console's search). */
export interface Highlights {
  readonly version: number;
  marks(row: number): readonly Mark[];
}

/**
 * A command's output in a scrolling box that holds only the rows in view
 * (and a few around them) in the DOM: a tall spacer gives the scrollbar its
 * full length. Redraws at most once a frame, and stays at the bottom while
 * it is scrolled there.
 */
export class OutputView {
  readonly element: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly lines: HTMLDivElement;
  private frame = 0;
  private follow = true;
  private firstShown = 0;
  private drawn = "";
  private writes = 0;
  private writesDrawn = 0;
  highlights: Highlights | undefined;

  constructor(
    private readonly buffer: OutputBuffer,
    /** Called after new output was drawn. */
    private readonly onDraw: () => void = () => {},
  ) {
    this.lines = h("div", { class: "out-lines" });
    this.spacer = h("div", { class: "out-spacer" }, this.lines);
    this.element = h(
      "div",
      {
        class: "exec-output",
        role: "region",
        "aria-label": "Output",
        // Rows come and go as it scrolls: not news to announce (the result line below is).
        "aria-live": "off",
        tabindex: "0",
        hidden: true,
      },
      this.spacer,
    );
    this.element.addEventListener(
      "scroll",
      () => {
        const el = this.element;
        this.follow = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_PX;
        this.schedule();
      },
      { passive: true },
    );
  }

  /** New output in the buffer: draw it on the next frame. */
  update(): void {
    this.writes++;
    this.schedule();
  }

  /** The highlights changed: redraw on the next frame. */
  redraw(): void {
    this.schedule();
  }

  /** Scrolls row n to the middle of the box and draws it now. */
  reveal(n: number): void {
    this.draw();
    const el = this.element;
    const offset = (n - this.buffer.first) * ROW_PX;
    el.scrollTop = Math.max(0, offset - (el.clientHeight - ROW_PX) / 2);
    this.follow = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_PX;
    this.draw();
  }

  stop(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private draw(): void {
    const { buffer } = this;
    const el = this.element;
    const held = buffer.end - buffer.first;
    el.hidden = held === 0;
    if (held === 0) return;
    this.spacer.style.height = `${held * ROW_PX}px`;
    const dropped = buffer.first - this.firstShown;
    this.firstShown = buffer.first;
    if (this.follow) el.scrollTop = el.scrollHeight;
    else if (dropped > 0) el.scrollTop = Math.max(0, el.scrollTop - dropped * ROW_PX);
    const height = el.clientHeight || window.innerHeight;
    const from = Math.max(0, Math.floor(el.scrollTop / ROW_PX) - OVERSCAN);
    const to = Math.min(held, Math.ceil((el.scrollTop + height) / ROW_PX) + OVERSCAN);
    const state = `${buffer.first + from}:${to - from}:${this.writes}:${this.highlights?.version}`;
    if (state === this.drawn) return;
    this.drawn = state;
    this.lines.style.transform = `translateY(${from * ROW_PX}px)`;
    const rows = document.createDocumentFragment();
    for (let i = from; i < to; i++) {
      const n = buffer.first + i;
      const line = renderRow(buffer.row(n), buffer.ended(n), this.highlights?.marks(n));
      line.dataset.row = String(n + 1);
      rows.append(line);
    }
    this.lines.replaceChildren(rows);
    if (this.writes !== this.writesDrawn) {
      this.writesDrawn = this.writes;
      this.onDraw();
    }
  }
}
