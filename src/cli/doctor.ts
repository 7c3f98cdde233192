import { accessSync, constants, existsSync, mkdirSync } from "node:fs";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { type Config, readConfigFile } from "../config/load.js";
import { otherSpellings } from "../config/original-spellings.js";
import { findRunnerFiles } from "../sessions/runner-files.js";
import {
  type DaemonOptions,
  type DaemonTarget,
  daemonClients,
  resolveDaemon,
} from "./api-client.js";
import { findConfigFile } from "./config-file.js";
import { cliDocker } from "./engine.js";
import { healthy } from "./health.js";
import { type CheckResult, printChecks } from "./report.js";
import { seccompOff } from "./security.js";

const pass = (name: string, detail: string): CheckResult => ({ name, status: "pass", detail });
const fail = (name: string, detail: string, fix: string): CheckResult => ({
  name,
  status: "fail",
  detail,
  fix,
});

/**
 * Checks what the daemon needs and that it answers, and says how to fix
 * what is wrong. Each line is printed as soon as its check is done.
 */
export async function doctor(o: DaemonOptions): Promise<number> {
  let failed = 0;
  const report = (results: CheckResult[]) => {
    if (!printChecks(results)) failed += results.filter((r) => r.status === "fail").length;
  };
  report([nodeCheck()]);
  const file = findConfigFile(o.configFile);
  let target: DaemonTarget | undefined;
  try {
    target = resolveDaemon(o);
    const { config } = target;
    report([
      pass(
        "config",
        `${file ?? "defaults"} is valid; listen ${config.listen}, ${config.api_key ? "API key set" : "no API key (loopback only)"}`,
      ),
    ]);
    if (file) report(spellingChecks(file));
    if (config.security.seccomp === "off") report([seccompOff()]);
  } catch (err) {
    report([
      fail(
        "config",
        (err as Error).message,
        `fix ${file ?? "the SANDKASTEN_* variables"} and run doctor again`,
      ),
    ]);
  }
  if (target) {
    report([dataDirCheck(target.config)]);
    report([await engineCheck(target.config)]);
    report([await imagesCheck(target.config)]);
  }
  report([runnerCheck()]);
  if (target) report(await daemonChecks(target));
  process.stdout.write(failed === 0 ? "everything looks right\n" : `${failed} problem(s)\n`);
  return failed === 0 ? 0 : 1;
}

/**
 * Values spelt as the original daemon's files spell them work the same;
 * a warning names the spelling this daemon prefers.
 */
function spellingChecks(file: string): CheckResult[] {
  return otherSpellings(readConfigFile(file)).map((s) => ({
    name: "config",
    status: "warn",
    detail: `${s.key}: ${JSON.stringify(s.given)} (the original daemon's spelling) is read as ${JSON.stringify(s.preferred)}`,
    fix: `prefer ${s.key}: ${JSON.stringify(s.preferred)}; both work`,
  }));
}

function nodeCheck(): CheckResult {
  const major = Number(process.versions.node.split(".")[0]);
  return major < 24
    ? fail(
        "node",
        `Node ${process.versions.node} is too old`,
        "run scripts/setup.sh (installs Node 24 into .tools)",
      )
    : pass("node", `Node ${process.versions.node}`);
}

function dataDirCheck(config: Config): CheckResult {
  try {
    mkdirSync(config.data_dir, { recursive: true });
    accessSync(config.data_dir, constants.W_OK);
    return pass("data dir", `${config.data_dir} is writable`);
  } catch (err) {
    return fail(
      "data dir",
      (err as Error).message,
      "set data_dir to a folder the daemon may write",
    );
  }
}

async function engineCheck(config: Config): Promise<CheckResult> {
  const socket = config.docker.socket;
  if (!existsSync(socket)) {
    return fail(
      "docker engine",
      `no engine socket at ${socket}`,
      "run scripts/setup.sh, or: apt-get install docker.io && dockerd &",
    );
  }
  try {
    const v = await cliDocker(config).call("version", (api) => api.version(), 5_000);
    return pass("docker engine", `engine ${v.Version}, API ${v.ApiVersion}`);
  } catch (err) {
    return fail(
      "docker engine",
      `the engine does not answer: ${(err as Error).message}`,
      "start dockerd (scripts/setup.sh does)",
    );
  }
}

async function imagesCheck(config: Config): Promise<CheckResult> {
  const docker = cliDocker(config);
  const missing: string[] = [];
  for (const image of config.allowed_images) {
    try {
      await docker.call("image inspect", (api) => api.getImage(image).inspect(), 5_000);
    } catch {
      missing.push(image);
    }
  }
  return missing.length > 0
    ? fail("images", `missing: ${missing.join(", ")}`, "run: sandkasten images build")
    : pass("images", config.allowed_images.join(", "));
}

function runnerCheck(): CheckResult {
  try {
    return pass("runner", findRunnerFiles().bundle);
  } catch (err) {
    return fail("runner", (err as Error).message, "run: npm run build");
  }
}

/** The daemon answers at its URL, takes the key, and reaches its engine. */
async function daemonChecks(target: DaemonTarget): Promise<CheckResult[]> {
  if (!(await healthy(target.url, 3_000))) {
    return [
      fail(
        "daemon",
        `not answering at ${target.url}`,
        "start it with 'sandkasten daemon -d' (or 'sandkasten serve'); for a daemon elsewhere pass --url URL or set SANDKASTEN_URL",
      ),
    ];
  }
  const clients = daemonClients(target);
  try {
    const status = await clients.config.getDaemonStatus({}, { timeoutMs: 15_000 });
    const daemon = pass("daemon", `sandkasten ${status.version} answers at ${target.url}`);
    const engine = status.engine;
    if (!engine?.reachable) {
      const why = engine?.lastError ? `: ${engine.lastError}` : "";
      return [
        daemon,
        fail(
          "daemon's engine",
          `the daemon cannot reach the engine at ${engine?.socket ?? "its socket"}${why}`,
          "start dockerd (scripts/setup.sh does), or fix docker.socket in the daemon's config",
        ),
      ];
    }
    const last = engine.lastError
      ? `; last error ${engine.lastErrorAt ? timestampDate(engine.lastErrorAt).toISOString() : ""}: ${engine.lastError}`
      : "";
    return [
      daemon,
      pass(
        "daemon's engine",
        `engine ${engine.version}, API ${engine.apiVersion}, ping ${engine.pingMs.toFixed(1)} ms${last}`,
      ),
    ];
  } catch (err) {
    const e = ConnectError.from(err);
    if (e.code === Code.Unauthenticated) {
      return [
        fail(
          "daemon",
          `answers at ${target.url} but refuses the API key`,
          "use the daemon's key: api_key in the config, SANDKASTEN_API_KEY or --api-key",
        ),
      ];
    }
    return [
      fail(
        "daemon",
        `answers at ${target.url}, but its status call failed: ${e.rawMessage}`,
        "see its log: sandkasten logs",
      ),
    ];
  } finally {
    clients.close();
  }
}
