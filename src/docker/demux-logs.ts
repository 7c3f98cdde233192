/**
 * Docker multiplexes a container's stdout and stderr in its log answer as
 * frames of an 8-byte header (stream, 0, 0, 0, big-endian length) and data.
 */
export function demuxLogs(buf: Buffer): string {
  const parts: Buffer[] = [];
  let at = 0;
  while (at + 8 <= buf.length) {
    const length = buf.readUInt32BE(at + 4);
    parts.push(buf.subarray(at + 8, at + 8 + length));
    at += 8 + length;
  }
  return Buffer.concat(parts).toString("utf8");
}
