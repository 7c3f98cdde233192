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

export function joinUploadPath(directory: string, filename: string): string {
  return `${directory.replace(/\/+$/, "")}/${filename}`;
}
