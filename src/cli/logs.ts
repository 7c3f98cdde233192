import { existsSync } from "node:fs";
import { CliError } from "./cli-args.js";
import { loadCliConfig } from "./config-file.js";
import { daemonFiles } from "./daemon-files.js";
import { printLog } from "./log-file.js";

/** `sandkasten logs`: the background daemon's log, <data_dir>/daemon.log. */
export async function logs(o: {
  configFile?: string;
  lines?: number;
  follow: boolean;
}): Promise<number> {
  const file = daemonFiles(loadCliConfig(o.configFile)).log;
  if (!existsSync(file)) {
    throw new CliError(
      `no daemon log at ${file}; a daemon started with 'sandkasten daemon -d' (or scripts/setup.sh) writes it`,
    );
  }
  await printLog(file, { follow: o.follow, ...(o.lines === undefined ? {} : { lines: o.lines }) });
  return 0;
}
