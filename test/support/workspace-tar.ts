/** One entry of a hand-made tar archive; names are written verbatim (up to 100 bytes). */
export interface TarEntry {
  name: string;
  content?: Uint8Array | string;
  type?: "file" | "dir" | "symlink" | "hardlink";
  linkname?: string;
  mode?: number;
}

const BLOCK = 512;
const TYPE_FLAGS = { file: "0", hardlink: "1", symlink: "2", dir: "5" } as const;

/**
 * A ustar archive with exactly the names given: no tool in between that
 * would clean "../x" or "/abs" up.
 */
export function tarArchive(entries: TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const type = e.type ?? "file";
    const body =
      typeof e.content === "string" ? Buffer.from(e.content) : Buffer.from(e.content ?? []);
    const header = Buffer.alloc(BLOCK);
    field(header, 0, 100, e.name);
    field(header, 100, 8, octal(e.mode ?? (type === "dir" ? 0o755 : 0o644), 7));
    field(header, 108, 8, octal(1000, 7));
    field(header, 116, 8, octal(1000, 7));
    field(header, 124, 12, octal(type === "file" ? body.length : 0, 11));
    field(header, 136, 12, octal(Math.floor(Date.now() / 1000), 11));
    field(header, 156, 1, TYPE_FLAGS[type]);
    field(header, 157, 100, e.linkname ?? "");
    field(header, 257, 6, "ustar\0");
    field(header, 263, 2, "00");
    // The checksum is taken with its own field as eight spaces.
    header.fill(0x20, 148, 156);
    let sum = 0;
    for (const byte of header) sum += byte;
    field(header, 148, 8, `${sum.toString(8).padStart(6, "0")}\0 `);
    blocks.push(header);
    if (type === "file" && body.length > 0) {
      blocks.push(body, Buffer.alloc((BLOCK - (body.length % BLOCK)) % BLOCK));
    }
  }
  blocks.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(blocks);
}

function field(header: Buffer, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value, "utf8");
  if (bytes.length > length) throw new Error(`tar field too long: ${value}`);
  bytes.copy(header, offset);
}

function octal(n: number, digits: number): string {
  return `${n.toString(8).padStart(digits, "0")}\0`.slice(-(digits + 1));
}
