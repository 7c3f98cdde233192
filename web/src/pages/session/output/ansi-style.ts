/**
 * How a run of text looks: SGR attributes and the 16 palette colours as
 * class names (the theme picks the colours), 256-colour and RGB colours as
 * inline CSS. Equal looks are one shared object, so runs compare by identity.
 */
export interface AnsiStyle {
  readonly cls: string;
  readonly css: string;
}

export const PLAIN: AnsiStyle = Object.freeze({ cls: "", css: "" });

/** A palette index (0-255) or a CSS colour. */
type Colour = number | string | undefined;

const shared = new Map<string, AnsiStyle>([["|", PLAIN]]);
const CUBE = [0, 95, 135, 175, 215, 255];

function paletteCss(n: number): string {
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return `rgb(${v},${v},${v})`;
  }
  const i = n - 16;
  return `rgb(${CUBE[Math.floor(i / 36)]},${CUBE[Math.floor(i / 6) % 6]},${CUBE[i % 6]})`;
}

const byte = (s: string | undefined) => Math.min(255, Math.max(0, Number(s) || 0));

/** The SGR state of one stream; `apply` takes the parameters of one `ESC [ … m`. */
export class SgrState {
  private fg: Colour;
  private bg: Colour;
  private bold = false;
  private dim = false;
  private italic = false;
  private underline = false;
  private inverse = false;
  private hidden = false;
  private strike = false;
  private cached: AnsiStyle = PLAIN;

  get style(): AnsiStyle {
    return this.cached;
  }

  apply(params: string): void {
    const parts = params === "" ? ["0"] : params.split(";");
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] ?? "";
      if (part.includes(":")) {
        this.applySub(part.split(":"));
        continue;
      }
      const n = Number(part || 0);
      if (n === 38 || n === 48) {
        const [colour, used] = extended(parts, i + 1);
        if (n === 38) this.fg = colour;
        else this.bg = colour;
        i += used;
      } else this.applyOne(n);
    }
    this.cached = this.compute();
  }

  private applySub(sub: string[]): void {
    const n = Number(sub[0] || 0);
    if (n === 38 || n === 48) {
      // 38:5:n, 38:2:r:g:b, or 38:2:<colour space>:r:g:b
      const rest = sub[1] === "2" && sub.length >= 6 ? ["2", ...sub.slice(3)] : sub.slice(1);
      const [colour] = extended(rest, 0);
      if (n === 38) this.fg = colour;
      else this.bg = colour;
    } else if (n === 4) this.underline = sub[1] !== "0";
    else this.applyOne(n);
  }

  private applyOne(n: number): void {
    if (n === 0) {
      this.fg = this.bg = undefined;
      this.bold = this.dim = this.italic = this.underline = false;
      this.inverse = this.hidden = this.strike = false;
    } else if (n === 1) this.bold = true;
    else if (n === 2) this.dim = true;
    else if (n === 3) this.italic = true;
    else if (n === 4 || n === 21) this.underline = true;
    else if (n === 7) this.inverse = true;
    else if (n === 8) this.hidden = true;
    else if (n === 9) this.strike = true;
    else if (n === 22) this.bold = this.dim = false;
    else if (n === 23) this.italic = false;
    else if (n === 24) this.underline = false;
    else if (n === 27) this.inverse = false;
    else if (n === 28) this.hidden = false;
    else if (n === 29) this.strike = false;
    else if (n >= 30 && n <= 37) this.fg = n - 30;
    else if (n === 39) this.fg = undefined;
    else if (n >= 40 && n <= 47) this.bg = n - 40;
    else if (n === 49) this.bg = undefined;
    else if (n >= 90 && n <= 97) this.fg = n - 90 + 8;
    else if (n >= 100 && n <= 107) this.bg = n - 100 + 8;
    // Blink, fonts, frames and the rest: not shown.
  }

  private compute(): AnsiStyle {
    const classes: string[] = [];
    const css: string[] = [];
    const [fg, bg] = this.inverse ? [this.bg ?? "bg", this.fg ?? "fg"] : [this.fg, this.bg];
    colour(fg, "fg", classes, css);
    colour(bg, "bg", classes, css);
    if (this.bold) classes.push("ansi-bold");
    if (this.dim) classes.push("ansi-dim");
    if (this.italic) classes.push("ansi-italic");
    if (this.underline) classes.push("ansi-underline");
    if (this.strike) classes.push("ansi-strike");
    if (this.hidden) classes.push("ansi-hidden");
    const key = `${classes.join(" ")}|${css.join(";")}`;
    let style = shared.get(key);
    if (!style) {
      style = Object.freeze({ cls: classes.join(" "), css: css.join(";") });
      shared.set(key, style);
    }
    return style;
  }
}

/** `5;n` or `2;r;g;b` from parts[at]; returns the colour and how many parts it used. */
function extended(parts: string[], at: number): [Colour, number] {
  if (parts[at] === "5") {
    const n = byte(parts[at + 1]);
    return [n, 2];
  }
  if (parts[at] === "2") {
    const [r, g, b] = [byte(parts[at + 1]), byte(parts[at + 2]), byte(parts[at + 3])];
    return [`rgb(${r},${g},${b})`, 4];
  }
  return [undefined, 0];
}

/** "fg"/"bg" as a colour are the default foreground/background (for inverse video). */
function colour(c: Colour, where: "fg" | "bg", classes: string[], css: string[]): void {
  if (c === undefined) return;
  const property = where === "fg" ? "color" : "background-color";
  if (typeof c === "string") {
    if (c === "fg" || c === "bg") classes.push(`ansi-${where}-default-${c}`);
    else css.push(`${property}:${c}`);
  } else if (c < 16) classes.push(`ansi-${where}-${c}`);
  else css.push(`${property}:${paletteCss(c)}`);
}
