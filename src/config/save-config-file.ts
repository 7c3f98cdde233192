import { randomBytes } from "node:crypto";
import { open, readFile, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { Document, parseDocument } from "yaml";

/**
 * Sets settings in a YAML config file, keeping its comments and the rest of
 * its text, and replaces the file atomically: a temporary file beside it,
 * written and synced, renamed over it. Readers see the old or the new file,
 * never half of one.
 */
export async function saveConfigFile(
  file: string,
  writes: readonly { path: readonly string[]; value: unknown }[],
): Promise<void> {
  const parsed = parseDocument(await readFile(file, "utf8"));
  if (parsed.errors.length > 0) {
    throw new Error(`${file} is not valid YAML: ${parsed.errors[0]?.message}`);
  }
  const doc = parsed.contents === null ? new Document({}) : parsed;
  for (const { path, value } of writes) doc.setIn(path, doc.createNode(value));
  const { mode } = await stat(file);
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(temporary, "wx", mode & 0o777);
  try {
    await handle.writeFile(doc.toString(), "utf8");
    await handle.sync();
    await handle.close();
    await rename(temporary, file);
  } catch (err) {
    await handle.close().catch(() => {});
    await rm(temporary, { force: true });
    throw err;
  }
}
