/**
 * Splits one output stream at an end marker that may arrive cut across
 * chunks. Until the marker is armed every byte is output; after it, bytes are
 * held back only as long as they could be the start of the marker.
 */
export class MarkerScanner {
  private marker: Buffer | undefined;
  private held: Buffer = Buffer.alloc(0);
  found = false;

  arm(marker: Buffer): void {
    this.marker = marker;
    this.held = Buffer.alloc(0);
    this.found = false;
  }

  /** Returns the part of `chunk` that belongs to the command. */
  push(chunk: Buffer): Buffer {
    const marker = this.marker;
    if (!marker || this.found) return this.found ? Buffer.alloc(0) : chunk;
    const data = this.held.length > 0 ? Buffer.concat([this.held, chunk]) : chunk;
    const at = data.indexOf(marker);
    if (at >= 0) {
      this.found = true;
      this.held = Buffer.alloc(0);
      return data.subarray(0, at);
    }
    const keep = partialSuffix(data, marker);
    this.held = Buffer.from(data.subarray(data.length - keep));
    return data.subarray(0, data.length - keep);
  }

  /** Gives back what was held when the marker never comes. */
  flush(): Buffer {
    const rest = this.held;
    this.held = Buffer.alloc(0);
    this.marker = undefined;
    return rest;
  }

  disarm(): void {
    this.marker = undefined;
    this.held = Buffer.alloc(0);
  }
}

/** Length of the longest suffix of `data` that is a proper prefix of `marker`. */
function partialSuffix(data: Buffer, marker: Buffer): number {
  const max = Math.min(data.length, marker.length - 1);
  for (let n = max; n > 0; n--) {
    if (data.subarray(data.length - n).equals(marker.subarray(0, n))) return n;
  }
  return 0;
}
