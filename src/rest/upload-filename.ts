import { HttpError } from "./http-error.js";

// An uploaded file's name must be a plain name: it is never reduced to a
// basename, so that "../x" is refused rather than quietly written as "x".
export function checkUploadFilename(filename: string | undefined): string {
  if (
    filename === undefined ||
    filename === "" ||
    filename === "." ||
    filename === ".." ||
    /[/\\\0]/.test(filename)
  ) {
    throw new HttpError(400, `invalid upload filename ${JSON.stringify(filename ?? "")}`);
  }
  return filename;
}

/** `directory/filename`; a directory given as bytes (path_base64) gives bytes. */
export function joinUploadPath(directory: string | Buffer, filename: string): string | Buffer {
  if (typeof directory === "string") return `${directory.replace(/\/+$/, "")}/${filename}`;
  let end = directory.length;
  while (end > 0 && directory[end - 1] === 0x2f) end--;
  return Buffer.concat([directory.subarray(0, end), Buffer.from(`/${filename}`)]);
}
