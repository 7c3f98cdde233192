import { api } from "../../api/clients.js";

const MAX_WRITE = 64 * 1024;

/**
 * Keystrokes to a terminal in the order typed: one WritePty at a time, and
 * what is typed meanwhile goes out together in the next call.
 */
export class PtyInput {
  private pending: Uint8Array[] = [];
  private sending = false;
  private encoder = new TextEncoder();

  constructor(
    private readonly sessionId: string,
    private readonly ptyId: string,
    private readonly onError: (err: unknown) => void,
  ) {}

  write(text: string): void {
    this.pending.push(this.encoder.encode(text));
    if (!this.sending) void this.flush();
  }

  private async flush(): Promise<void> {
    this.sending = true;
    try {
      while (this.pending.length > 0) {
        const all = concat(this.pending);
        this.pending = [];
        for (let at = 0; at < all.length; at += MAX_WRITE) {
          await api.pty.writePty({
            sessionId: this.sessionId,
            ptyId: this.ptyId,
            data: all.subarray(at, at + MAX_WRITE),
          });
        }
      }
    } catch (err) {
      this.pending = [];
      this.onError(err);
    } finally {
      this.sending = false;
    }
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
