import { accessSync, constants, existsSync, mkdirSync } from "node:fs";
import Docker from "dockerode";
import { type Config, loadConfig } from "../config/load.js";
import { findRunnerFiles } from "../sessions/runner-files.js";
import { findConfigFile } from "./config-file.js";

interface Check {
  name: string;
  run(): Promise<string>;
}

class Problem extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
  }
}

/** Checks what the daemon needs and says how to fix what is missing. */
export async function doctor(configFile: string | undefined): Promise<number> {
  let config: Config | undefined;
  const file = findConfigFile(configFile);
  const checks: Check[] = [
    {
      name: "node",
      run: async () => {
        const major = Number(process.versions.node.split(".")[0]);
        if (major < 24)
          throw new Problem(
            `Node ${process.versions.node} is too old`,
            "run scripts/setup.sh (installs Node 24 into .tools)",
          );
        return `Node ${process.versions.node}`;
      },
    },
    {
      name: "config",
      run: async () => {
        try {
          config = loadConfig({ file });
        } catch (err) {
          throw new Problem(
            (err as Error).message,
            `fix ${file ?? "the SANDKASTEN_* variables"} and run doctor again`,
          );
        }
        return `${file ?? "defaults"} is valid; listen ${config.listen}, ${config.api_key ? "API key set" : "no API key (loopback only)"}`;
      },
    },
    {
      name: "data dir",
      run: async () => {
        if (!config) throw new Problem("skipped: the config is invalid", "fix the config first");
        mkdirSync(config.data_dir, { recursive: true });
        accessSync(config.data_dir, constants.W_OK);
        return `${config.data_dir} is writable`;
      },
    },
    {
      name: "docker engine",
      run: async () => {
        const socket = config?.docker.socket ?? "/var/run/docker.sock";
        if (!existsSync(socket)) {
          throw new Problem(
            `no engine socket at ${socket}`,
            "run scripts/setup.sh, or: apt-get install docker.io && dockerd &",
          );
        }
        const docker = new Docker({ socketPath: socket, timeout: 5000 });
        try {
          const v = await docker.version();
          return `engine ${v.Version}, API ${v.ApiVersion}`;
        } catch (err) {
          throw new Problem(
            `the engine does not answer: ${(err as Error).message}`,
            "start dockerd (scripts/setup.sh does)",
          );
        }
      },
    },
    {
      name: "images",
      run: async () => {
        if (!config) throw new Problem("skipped: the config is invalid", "fix the config first");
        const docker = new Docker({ socketPath: config.docker.socket, timeout: 5000 });
        const missing: string[] = [];
        for (const image of config.allowed_images) {
          try {
            await docker.getImage(image).inspect();
          } catch {
            missing.push(image);
          }
        }
        if (missing.length > 0) {
          throw new Problem(`missing: ${missing.join(", ")}`, "run: sandkasten images build");
        }
        return config.allowed_images.join(", ");
      },
    },
    {
      name: "runner",
      run: async () => {
        try {
          return findRunnerFiles().bundle;
        } catch (err) {
          throw new Problem((err as Error).message, "run: npm run build");
        }
      },
    },
  ];
  let failed = 0;
  for (const check of checks) {
    try {
      process.stdout.write(`ok    ${check.name}: ${await check.run()}\n`);
    } catch (err) {
      failed++;
      const fix = err instanceof Problem ? `\n      fix: ${err.fix}` : "";
      process.stdout.write(`FAIL  ${check.name}: ${(err as Error).message}${fix}\n`);
    }
  }
  process.stdout.write(failed === 0 ? "everything looks right\n" : `${failed} problem(s)\n`);
  return failed === 0 ? 0 : 1;
}
