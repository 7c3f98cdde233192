import { HttpError } from "./http-error.js";
import type { RestRequest } from "./http-types.js";

export type JsonObject = Record<string, unknown>;

// Reads the request body as a JSON object whatever its Content-Type: curl -d
// labels JSON as a form. An empty body is {}.
export async function readJsonObject(req: RestRequest, maxBytes: number): Promise<JsonObject> {
  const text = (await readBody(req, maxBytes)).replace(/^\uFEFF/, "");
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `invalid JSON body: ${(err as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpError(400, "the JSON body must be an object");
  }
  return value as JsonObject;
}

function assertContentLength(req: RestRequest, maxBytes: number): void {
  const length = Number(req.headers["content-length"]);
  if (length > maxBytes) throw tooLarge(maxBytes);
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, `request body is larger than ${maxBytes} bytes`);
}

function readBody(req: RestRequest, maxBytes: number): Promise<string> {
  assertContentLength(req, maxBytes);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        // Discard the rest so that the connection can answer and be reused.
        req.resume();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks).toString("utf8"));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(new HttpError(400, `could not read the request body: ${err.message}`));
    };
    const onClose = () => {
      cleanup();
      reject(new HttpError(499, "the client closed the request"));
    };
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", onError);
    req.once("close", onClose);
  });
}
