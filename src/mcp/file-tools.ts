import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import * as z from "zod";
import { fileInfoToJson } from "../rest/file-info-json.js";
import { callOptionsFor, type SandboxApi } from "./clients.js";
import { DEFAULT_READ_BYTES, MAX_FILE_BYTES } from "./limits.js";
import { encoding, sandboxPath, sessionId } from "./schemas.js";
import { guarded, toolResult } from "./tool-result.js";

// base64 of MAX_FILE_BYTES, which is what write_file's content may hold at most.
const MAX_CONTENT_CHARS = Math.ceil(MAX_FILE_BYTES / 3) * 4;

export function registerFileTools(server: McpServer, api: SandboxApi): void {
  server.registerTool(
    "read_file",
    {
      title: "Read a file",
      description: `Reads a file from the session's filesystem (at most ${MAX_FILE_BYTES} bytes per call).`,
      inputSchema: {
        session_id: sessionId,
        path: sandboxPath,
        encoding,
        max_bytes: z
          .number()
          .int()
          .min(1)
          .max(MAX_FILE_BYTES)
          .optional()
          .describe(`Read at most this many bytes (default ${DEFAULT_READ_BYTES})`),
      },
      outputSchema: {
        path: z.string(),
        content: z.string(),
        encoding: z.enum(["utf8", "base64"]),
        size: z.number(),
        truncated: z.boolean(),
      },
      annotations: { readOnlyHint: true },
    },
    (input, extra) =>
      guarded(async () => {
        const file = await api.fs.readFile(
          {
            sessionId: input.session_id,
            path: input.path,
            maxBytes: BigInt(input.max_bytes ?? DEFAULT_READ_BYTES),
          },
          callOptionsFor(api, extra.signal),
        );
        const content =
          input.encoding === "base64"
            ? Buffer.from(file.content).toString("base64")
            : decodeUtf8(file.content, input.path);
        const result = {
          path: file.path === "" ? input.path : file.path,
          content,
          encoding: input.encoding,
          size: Number(file.size),
          truncated: file.truncated,
        };
        const note = file.truncated
          ? `\n[truncated: ${file.content.length} of ${result.size} bytes]`
          : "";
        return toolResult(`${content}${note}`, result);
      }),
  );

  server.registerTool(
    "write_file",
    {
      title: "Write a file",
      description: `Creates or replaces a file in the session's filesystem (at most ${MAX_FILE_BYTES} bytes), creating missing parent directories.`,
      inputSchema: {
        session_id: sessionId,
        path: sandboxPath,
        content: z.string().max(MAX_CONTENT_CHARS).describe("The file's content, in `encoding`"),
        encoding,
      },
      outputSchema: { path: z.string(), size: z.number() },
    },
    (input, extra) =>
      guarded(async () => {
        const bytes =
          input.encoding === "base64"
            ? decodeBase64(input.content)
            : Buffer.from(input.content, "utf8");
        if (bytes.length > MAX_FILE_BYTES) {
          throw new Error(`content is ${bytes.length} bytes; the limit is ${MAX_FILE_BYTES}`);
        }
        const written = await api.fs.writeFile(
          { sessionId: input.session_id, path: input.path, content: bytes },
          callOptionsFor(api, extra.signal),
        );
        const result = {
          path: written.path === "" ? input.path : written.path,
          size: Number(written.size),
        };
        return toolResult(`Wrote ${result.size} bytes to ${result.path}.`, result);
      }),
  );

  server.registerTool(
    "list_files",
    {
      title: "List a directory",
      description: "Lists the entries of a directory in the session's filesystem.",
      inputSchema: {
        session_id: sessionId,
        path: sandboxPath.optional().describe("The directory; /workspace when absent"),
      },
      outputSchema: {
        path: z.string(),
        entries: z.array(z.looseObject({})),
        truncated: z.boolean(),
      },
      annotations: { readOnlyHint: true },
    },
    (input, extra) =>
      guarded(async () => {
        const listing = await api.fs.listDir(
          { sessionId: input.session_id, path: input.path ?? "" },
          callOptionsFor(api, extra.signal),
        );
        const entries = listing.entries.map(fileInfoToJson);
        const lines = listing.entries.map(
          (e) =>
            `${e.isDir ? "d" : e.isSymlink ? "l" : "-"} ${String(e.size).padStart(10)} ${e.name}`,
        );
        const note = listing.truncated ? "\n[listing truncated]" : "";
        return toolResult(`${listing.path}:\n${lines.join("\n")}${note}`, {
          path: listing.path,
          entries,
          truncated: listing.truncated,
        });
      }),
  );
}

function decodeUtf8(bytes: Uint8Array, path: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`${path} is not UTF-8 text; read it with encoding "base64"`);
  }
}

function decodeBase64(text: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw new Error("content is not valid base64");
  }
  return Buffer.from(text, "base64");
}
