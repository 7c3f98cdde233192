import { daemonVersion } from "../daemon-version.js";

/** `sandkasten version`: this checkout's version and the Node it runs on. */
export function version(): number {
  process.stdout.write(`sandkasten ${daemonVersion()} (node ${process.version})\n`);
  return 0;
}
