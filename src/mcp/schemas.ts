import * as z from "zod";

/** Input fields shared by several tools, with the API's own bounds. */

export const sessionId = z
  .string()
  .regex(/^[a-z0-9]{1,64}$/, "a session id is 1-64 lowercase letters and digits")
  .describe("The session's id, as create_session returned it");

export const sandboxPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((path) => !path.includes("\0"), "a path must not contain NUL")
  .describe("A path inside the sandbox; relative paths start at /workspace");

export const encoding = z
  .enum(["utf8", "base64"])
  .default("utf8")
  .describe("utf8 for text; base64 for any bytes");
