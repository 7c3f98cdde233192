/**
 * Counts the payload bytes of a `docker exec` stream without a TTY: the
 * engine sends frames of an 8-byte header (stream type, 3 zero bytes, a
 * big-endian length) and the payload, as `docker exec` itself decodes them.
 */
export class DockerFrameCounter {
  stdout = 0;
  stderr = 0;
  private header = Buffer.alloc(8);
  private headerHave = 0;
  private payloadLeft = 0;
  private stream = 1;

  push(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.payloadLeft === 0) {
        const take = Math.min(8 - this.headerHave, chunk.length - i);
        chunk.copy(this.header, this.headerHave, i, i + take);
        this.headerHave += take;
        i += take;
        if (this.headerHave === 8) {
          this.stream = this.header[0] ?? 1;
          this.payloadLeft = this.header.readUInt32BE(4);
          this.headerHave = 0;
        }
        continue;
      }
      const take = Math.min(this.payloadLeft, chunk.length - i);
      if (this.stream === 2) this.stderr += take;
      else this.stdout += take;
      this.payloadLeft -= take;
      i += take;
    }
  }
}
