import { randomBytes } from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** A session id: "s" and 19 random lowercase letters and digits (~98 bits). */
export function newSessionId(): string {
  const bytes = randomBytes(19);
  let id = "s";
  for (const b of bytes) id += ALPHABET[b % ALPHABET.length];
  return id;
}
