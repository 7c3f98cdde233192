import type { DaemonOptions } from "./api-client.js";
import {
  type ArgShape,
  intOption,
  type OptionSpecs,
  type OptionValues,
  type ParsedArgs,
  stringOption,
  UsageError,
} from "./cli-args.js";
import { startInBackground } from "./daemon-background.js";
import { doctor } from "./doctor.js";
import { exec } from "./exec.js";
import { buildImages } from "./images.js";
import { deleteImages } from "./images-delete.js";
import { listImages } from "./images-list.js";
import { validateImages } from "./images-validate.js";
import { init } from "./init.js";
import { installService, SERVICE_CONFIG, SERVICE_DEST } from "./install-service.js";
import { createKey, listKeys, revokeKeys } from "./keys.js";
import { logs } from "./logs.js";
import { mcp } from "./mcp.js";
import { ps } from "./ps.js";
import { rm } from "./rm.js";
import { security } from "./security.js";
import { serve } from "./serve.js";
import { stop } from "./stop.js";
import { version } from "./version.js";
import { listWorkspaces, removeWorkspaces } from "./workspaces.js";

export interface Command extends ArgShape {
  /** One or two words: "ps", "images list". */
  name: string;
  /** The arguments in the usage line, e.g. "ID CMD...". */
  args: string;
  summary: string;
  run(a: ParsedArgs): Promise<number> | number;
}

const help: OptionSpecs = { help: { type: "boolean", short: "h", doc: "show this help" } };
const config: OptionSpecs = {
  config: {
    type: "string",
    short: "c",
    value: "FILE",
    doc: "config file (default: ./sandkasten.yaml, then /etc/sandkasten/sandkasten.yaml)",
  },
};
/** For commands that call a running daemon. */
const daemon: OptionSpecs = {
  ...config,
  url: {
    type: "string",
    value: "URL",
    doc: "the daemon's URL (default: SANDKASTEN_URL, else the config's listen address)",
  },
  "api-key": {
    type: "string",
    value: "KEY",
    doc: "the API key (default: SANDKASTEN_API_KEY, else the config's api_key)",
  },
};

const configOf = (v: OptionValues) => stringOption(v, "config");
const daemonOf = (v: OptionValues): DaemonOptions => ({
  configFile: stringOption(v, "config"),
  url: stringOption(v, "url"),
  apiKey: stringOption(v, "api-key"),
});

const none = { min: 0, max: 0 };

export const commands: readonly Command[] = [
  {
    name: "serve",
    args: "",
    summary: "run the daemon in the foreground (also: sandkasten with no command)",
    options: { ...config, ...help },
    ...none,
    run: ({ values }) => serve(configOf(values)),
  },
  {
    name: "daemon",
    args: "[-d]",
    summary: "run the daemon; -d: in the background (pid and log in the data dir)",
    options: {
      detach: {
        type: "boolean",
        short: "d",
        doc: "start it in the background, wait until it answers, print its URL",
      },
      ...config,
      ...help,
    },
    ...none,
    run: ({ values }) =>
      values.detach ? startInBackground(configOf(values)) : serve(configOf(values)),
  },
  {
    name: "stop",
    args: "",
    summary: "stop the background daemon (SIGTERM to the pid in its pid file) and wait",
    options: { ...config, ...help },
    ...none,
    run: ({ values }) => stop(configOf(values)),
  },
  {
    name: "logs",
    args: "[-f] [-n N]",
    summary: "print the background daemon's log (<data_dir>/daemon.log)",
    options: {
      follow: { type: "boolean", short: "f", doc: "keep printing what is appended" },
      lines: { type: "string", short: "n", value: "N", doc: "only the last N lines" },
      ...config,
      ...help,
    },
    ...none,
    run: ({ values }) =>
      logs({
        configFile: configOf(values),
        follow: values.follow === true,
        ...(values.lines === undefined ? {} : { lines: intOption(values, "lines") }),
      }),
  },
  {
    name: "init",
    args: "",
    summary: "write a commented config file with a fresh API key",
    options: {
      force: { type: "boolean", doc: "replace an existing file" },
      config: {
        type: "string",
        short: "c",
        value: "FILE",
        doc: "the file to write (default: ./sandkasten.yaml)",
      },
      ...help,
    },
    ...none,
    run: ({ values }) => init({ file: configOf(values), force: values.force === true }),
  },
  {
    name: "ps",
    args: "",
    summary: "list the daemon's sessions",
    options: { ...daemon, ...help },
    ...none,
    run: ({ values }) => ps(daemonOf(values)),
  },
  {
    name: "exec",
    args: "ID CMD...",
    summary: "run CMD in session ID's shell; its output streams here, its exit code is ours",
    options: {
      timeout: {
        type: "string",
        value: "MS",
        doc: "stop the command after MS milliseconds (default: the daemon's maximum)",
      },
      ...daemon,
      ...help,
    },
    min: 1,
    max: 1,
    restAfter: 1,
    run: ({ values, positionals, rest }) =>
      exec({
        ...daemonOf(values),
        sessionId: positionals[0] ?? "",
        words: rest,
        ...(values.timeout === undefined ? {} : { timeoutMs: intOption(values, "timeout", 1) }),
      }),
  },
  {
    name: "rm",
    args: "ID...",
    summary: "destroy sessions",
    options: { ...daemon, ...help },
    min: 1,
    max: Number.POSITIVE_INFINITY,
    run: ({ values, positionals }) => rm({ ...daemonOf(values), ids: positionals }),
  },
  {
    name: "keys create",
    args: "",
    summary: "make an API key of a tenant and print it (once; only its hash is kept)",
    options: {
      tenant: { type: "string", value: "NAME", doc: "the tenant the key stands for (required)" },
      role: {
        type: "string",
        value: "ROLE",
        doc: "user (its own tenant's only) or admin (default: user)",
      },
      "max-sessions": {
        type: "string",
        value: "N",
        doc: "live sessions the tenant may hold (0: no limit)",
      },
      "max-workspaces": {
        type: "string",
        value: "N",
        doc: "workspaces the tenant may hold (0: no limit)",
      },
      "max-memory-mb": {
        type: "string",
        value: "MB",
        doc: "memory its live sessions may hold together (0: no limit)",
      },
      ...config,
      ...help,
    },
    ...none,
    run: ({ values }) => {
      const tenant = stringOption(values, "tenant");
      if (!tenant) throw new UsageError("--tenant is required");
      return createKey({
        configFile: configOf(values),
        tenant,
        role: stringOption(values, "role") ?? "user",
        maxSessions: intOption(values, "max-sessions") ?? 0,
        maxWorkspaces: intOption(values, "max-workspaces") ?? 0,
        maxMemoryMb: intOption(values, "max-memory-mb") ?? 0,
      });
    },
  },
  {
    name: "keys list",
    args: "",
    summary: "list the keys `keys create` made (also: sandkasten keys)",
    options: { ...config, ...help },
    ...none,
    run: ({ values }) => listKeys(configOf(values)),
  },
  {
    name: "keys revoke",
    args: "ID...",
    summary: "revoke keys by id; a running daemon refuses them within a second",
    options: { ...config, ...help },
    min: 1,
    max: Number.POSITIVE_INFINITY,
    run: ({ values, positionals }) => revokeKeys(configOf(values), positionals),
  },
  {
    name: "workspaces list",
    args: "",
    summary: "list workspaces (also: sandkasten workspaces)",
    options: { ...daemon, ...help },
    ...none,
    run: ({ values }) => listWorkspaces(daemonOf(values)),
  },
  {
    name: "workspaces rm",
    args: "ID...",
    summary: "delete workspaces",
    options: {
      force: { type: "boolean", doc: "destroy the sessions that have one attached first" },
      ...daemon,
      ...help,
    },
    min: 1,
    max: Number.POSITIVE_INFINITY,
    run: ({ values, positionals }) =>
      removeWorkspaces({ ...daemonOf(values), ids: positionals, force: values.force === true }),
  },
  {
    name: "images build",
    args: "[NAME...]",
    summary:
      "build the sandbox images (base, python, node; the default) or the daemon's own (daemon)",
    options: {
      force: { type: "boolean", doc: "rebuild without the up-to-date check" },
      ...help,
    },
    min: 0,
    max: Number.POSITIVE_INFINITY,
    run: ({ values, positionals }) => buildImages(positionals, values.force === true),
  },
  {
    name: "images list",
    args: "",
    summary: "list sandbox images with size, creation time and use",
    options: { ...config, ...help },
    ...none,
    run: ({ values }) => listImages(configOf(values)),
  },
  {
    name: "images validate",
    args: "IMAGE...",
    summary: "check that images can run sessions (glibc, bash, platform, allowed)",
    options: { ...config, ...help },
    min: 1,
    max: Number.POSITIVE_INFINITY,
    run: ({ values, positionals }) => validateImages(configOf(values), positionals),
  },
  {
    name: "images delete",
    args: "IMAGE...",
    summary: "remove images that no session or pool container uses",
    options: { ...config, ...help },
    min: 1,
    max: Number.POSITIVE_INFINITY,
    run: ({ values, positionals }) => deleteImages(configOf(values), positionals),
  },
  {
    name: "install-service",
    args: "",
    summary: "write a systemd unit that runs this CLI's daemon with a config file",
    options: {
      config: {
        type: "string",
        short: "c",
        value: "FILE",
        doc: `the config the service runs with (default: ${SERVICE_CONFIG}); it must load`,
      },
      dest: {
        type: "string",
        value: "DIR",
        doc: `where to write sandkasten.service (default: ${SERVICE_DEST})`,
      },
      force: { type: "boolean", doc: "replace an existing unit file" },
      ...help,
    },
    ...none,
    run: ({ values }) =>
      installService({
        config: configOf(values),
        dest: stringOption(values, "dest"),
        force: values.force === true,
      }),
  },
  {
    name: "doctor",
    args: "",
    summary: "check Node, config, engine, images and that the daemon answers; say how to fix",
    options: { ...daemon, ...help },
    ...none,
    run: ({ values }) => doctor(daemonOf(values)),
  },
  {
    name: "security",
    args: "",
    summary:
      "check the host's isolation baseline (cgroups, seccomp, user namespaces, AppArmor, rootless)",
    options: { ...config, ...help },
    ...none,
    run: ({ values }) => security(configOf(values)),
  },
  {
    name: "mcp",
    args: "",
    summary: "serve MCP over stdio for a running daemon",
    options: { ...daemon, ...help },
    ...none,
    run: ({ values }) => mcp(daemonOf(values)),
  },
  {
    name: "version",
    args: "",
    summary: "print the version (also: --version)",
    options: { ...help },
    ...none,
    run: () => version(),
  },
];

/** Groups whose first word alone means one of their commands ("workspaces" is "workspaces list"). */
export const groupDefaults: Readonly<Record<string, string>> = {
  workspaces: "list",
  keys: "list",
};
