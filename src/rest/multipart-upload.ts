import type { Readable } from "node:stream";
import busboy from "busboy";
import { decodeBase64 } from "./base64.js";
import { HttpError } from "./http-error.js";
import type { RestRequest } from "./http-types.js";
import { checkKnownNames } from "./known-names.js";
import { checkUploadFilename, joinUploadPath } from "./upload-filename.js";

const FILE_FIELDS = new Set(["file", "files"]);
// Every part name an upload takes; any other is refused, as a JSON body's
// unknown fields are, rather than dropped.
const PART_NAMES = ["path", "path_base64", ...FILE_FIELDS];

const partLimits = { files: 256, fields: 64, parts: 512, fieldSize: 16 * 1024 };

export interface MultipartUploadOptions {
  req: RestRequest;
  // Limit for the whole request body, multipart framing included.
  maxBytes: number;
  // Where files go until a `path` field names another directory.
  defaultDirectory: string;
}

// Stores one file; `file` must be read to its end for the next part to come.
// The path is bytes when the directory came as path_base64.
export type StoreFile = (path: string | Buffer, file: Readable) => Promise<string>;

// Parses a multipart/form-data request: parts named `file` or `files` are
// files, a `path` field (or `path_base64`, the directory's bytes when its
// name is not UTF-8) sets the directory of the files after it. Each file
// is handed to storeFile while the request is still arriving. Resolves the
// stored paths in order; rejects with the first failure, after which the
// rest of the request is discarded.
export function receiveMultipartUpload(
  options: MultipartUploadOptions,
  storeFile: StoreFile,
): Promise<string[]> {
  const { req, maxBytes } = options;
  return new Promise((resolve, reject) => {
    const contentLength = Number(req.headers["content-length"]);
    if (contentLength > maxBytes) {
      reject(tooLarge(maxBytes));
      return;
    }
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        preservePath: true,
        limits: { ...partLimits, fileSize: maxBytes },
      });
    } catch (err) {
      reject(new HttpError(400, `expected a multipart/form-data body: ${(err as Error).message}`));
      return;
    }

    let settled = false;
    let directory: string | Buffer = options.defaultDirectory;
    let received = 0;
    const stored: Promise<string>[] = [];

    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      req.off("data", countBytes);
      req.unpipe(parser);
      parser.destroy();
      req.resume();
      reject(err);
    };
    const countBytes = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) fail(tooLarge(maxBytes));
    };

    const unknownPart = (name: string): boolean => {
      if (PART_NAMES.includes(name)) return false;
      try {
        checkKnownNames("field", [name], PART_NAMES);
      } catch (err) {
        fail(err);
      }
      return true;
    };

    parser.on("field", (name, value, info) => {
      if (unknownPart(name)) return;
      if (FILE_FIELDS.has(name)) {
        fail(new HttpError(400, `part "${name}" has no filename`));
      } else if ((name === "path" || name === "path_base64") && info.valueTruncated) {
        fail(new HttpError(400, `the ${name} field is too long`));
      } else if (name === "path") {
        directory = value === "" ? options.defaultDirectory : value;
      } else if (name === "path_base64") {
        try {
          directory =
            value === "" ? options.defaultDirectory : Buffer.from(decodeBase64(value, name));
        } catch (err) {
          fail(err);
        }
      }
    });

    parser.on("file", (name, file, info) => {
      file.on("error", () => {});
      if (settled || unknownPart(name) || !FILE_FIELDS.has(name)) {
        file.resume();
        if (!settled) fail(new HttpError(400, `part "${name}" must be a field, not a file`));
        return;
      }
      let filename: string;
      try {
        filename = checkUploadFilename(info.filename);
      } catch (err) {
        file.resume();
        fail(err);
        return;
      }
      file.on("limit", () => fail(tooLarge(maxBytes)));
      const done = storeFile(joinUploadPath(directory, filename), file);
      done.catch(fail);
      stored.push(done);
    });

    const tooMany = (what: string, max: number) => () =>
      fail(new HttpError(413, `too many ${what} in one upload (at most ${max})`));
    parser.on("filesLimit", tooMany("files", partLimits.files));
    parser.on("fieldsLimit", tooMany("fields", partLimits.fields));
    parser.on("partsLimit", tooMany("parts", partLimits.parts));
    parser.on("error", (err: Error) => {
      fail(new HttpError(400, `malformed multipart body: ${err.message}`));
    });
    parser.on("close", () => {
      if (settled) return;
      Promise.all(stored).then((paths) => {
        if (settled) return;
        if (paths.length === 0) {
          fail(new HttpError(400, "no file in the upload: send parts named file or files"));
          return;
        }
        settled = true;
        resolve(paths);
      }, fail);
    });
    req.once("error", (err: Error) =>
      fail(new HttpError(400, `could not read the request: ${err.message}`)),
    );
    req.on("data", countBytes);
    req.pipe(parser);
  });
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, `upload is larger than ${maxBytes} bytes`);
}
