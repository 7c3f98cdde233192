/** One line of the Prometheus text format: `name{label="value",...} value [timestamp]`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const ESCAPES: Record<string, string> = { n: "\n", "\\": "\\", '"': '"' };

function parseValue(text: string): number {
  if (text === "+Inf") return Number.POSITIVE_INFINITY;
  if (text === "-Inf") return Number.NEGATIVE_INFINITY;
  return text === "NaN" ? Number.NaN : Number(text);
}

/** `{a="1",b="x\"y"}` at the start of `text`: the labels, and where the rest begins. */
function parseLabels(text: string): { labels: Record<string, string>; end: number } | undefined {
  const labels: Record<string, string> = {};
  let at = 1;
  for (;;) {
    while (text[at] === " " || text[at] === ",") at++;
    if (text[at] === "}") return { labels, end: at + 1 };
    const name = LABEL_NAME.exec(text.slice(at))?.[0];
    if (!name || text[at + name.length] !== "=" || text[at + name.length + 1] !== '"') return;
    at += name.length + 2;
    let value = "";
    while (at < text.length && text[at] !== '"') {
      if (text[at] === "\\") {
        const next = text[at + 1] ?? "";
        value += ESCAPES[next] ?? `\\${next}`;
        at += 2;
      } else {
        value += text[at++];
      }
    }
    if (at >= text.length) return;
    labels[name] = value;
    at++;
  }
}

function parseLine(line: string): Sample | undefined {
  const name = NAME.exec(line)?.[0];
  if (!name) return;
  let rest = line.slice(name.length);
  let labels: Record<string, string> = {};
  if (rest.startsWith("{")) {
    const parsed = parseLabels(rest);
    if (!parsed) return;
    labels = parsed.labels;
    rest = rest.slice(parsed.end);
  }
  const [value] = rest.trim().split(/\s+/);
  return value ? { name, labels, value: parseValue(value) } : undefined;
}

/** A scrape of GET /metrics: its samples, # HELP and # TYPE lines left out. */
export class Scrape {
  constructor(readonly samples: readonly Sample[]) {}

  static parse(text: string): Scrape {
    const samples: Sample[] = [];
    for (const raw of text.split("\n")) {
      const line = raw.trim();
      if (line === "" || line.startsWith("#")) continue;
      const sample = parseLine(line);
      if (sample) samples.push(sample);
    }
    return new Scrape(samples);
  }

  /** The samples of `name` whose labels include `match`. */
  select(name: string, match: Record<string, string> = {}): Sample[] {
    return this.samples.filter(
      (s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v),
    );
  }

  /** Their values summed; undefined when there are none. */
  sum(name: string, match: Record<string, string> = {}): number | undefined {
    const found = this.select(name, match);
    return found.length === 0 ? undefined : found.reduce((total, s) => total + s.value, 0);
  }

  /** The values of `name` summed by one label's value (over the other labels). */
  sumBy(name: string, label: string): Map<string, number> {
    const sums = new Map<string, number>();
    for (const s of this.select(name)) {
      const key = s.labels[label] ?? "";
      sums.set(key, (sums.get(key) ?? 0) + s.value);
    }
    return sums;
  }
}
