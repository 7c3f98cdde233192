/** Collects a streamed download and hands it to the browser as a file. */
export async function saveDownload(
  name: string,
  chunks: AsyncIterable<Uint8Array>,
  type = "application/octet-stream",
): Promise<number> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    parts.push(new Uint8Array(chunk));
    size += chunk.length;
  }
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return size;
}
