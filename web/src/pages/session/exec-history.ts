const MAX = 100;
const keyFor = (sessionId: string) => `sandkasten.history.${sessionId}`;

/** The commands run from this page for one session, newest last; kept for the tab. */
export class ExecHistory {
  private items: string[];
  private cursor: number;

  constructor(private readonly sessionId: string) {
    try {
      const stored = JSON.parse(sessionStorage.getItem(keyFor(sessionId)) ?? "[]") as unknown;
      this.items = Array.isArray(stored)
        ? stored.filter((c): c is string => typeof c === "string")
        : [];
    } catch {
      this.items = [];
    }
    this.cursor = this.items.length;
  }

  get all(): readonly string[] {
    return this.items;
  }

  add(cmd: string): void {
    if (this.items[this.items.length - 1] !== cmd) this.items.push(cmd);
    this.items = this.items.slice(-MAX);
    this.cursor = this.items.length;
    sessionStorage.setItem(keyFor(this.sessionId), JSON.stringify(this.items));
  }

  /** Steps back (-1) or forward (+1) through the history; "" past the newest. */
  step(direction: -1 | 1): string | undefined {
    const next = this.cursor + direction;
    if (next < 0 || next > this.items.length) return undefined;
    this.cursor = next;
    return this.items[next] ?? "";
  }
}
