import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ContainerCreateOptions, MountSettings } from "dockerode";
import type { WorkspaceMount } from "../runtime/runtime.js";
import { sessionLabels } from "./labels.js";
import { type SeccompMode, seccompSecurityOpt } from "./seccomp.js";

export const SOCKET_DIR_IN_CONTAINER = "/run/sandkasten";
export const WORKSPACE_DIR = "/workspace";
const NODE_IN_CONTAINER = "/opt/sandkasten/node";
const RUNNER_IN_CONTAINER = "/opt/sandkasten/runner.mjs";
/** The terminal helper (native/ptyhost); the runner's default path for it. */
const PTYHOST_IN_CONTAINER = "/opt/sandkasten/ptyhost";
/** The file watch helper (native/watcher); the runner's default path for it. */
const WATCHER_IN_CONTAINER = "/opt/sandkasten/watcher";
/**
 * The session's variables reach the runner under this prefix (it strips it
 * for the shell), so that none of them configures the runner, which runs as
 * root (SANDKASTEN_UID, SANDKASTEN_SOCKET_DIR), or its Node (NODE_OPTIONS).
 */
export const SESSION_ENV_PREFIX = "SANDKASTEN_ENV_";

export interface SessionContainer {
  instance: string;
  sessionId: string;
  image: string;
  env: Record<string, string>;
  cpuLimit: number;
  memLimitMb: number;
  pidsLimit: number;
  networkMode: string;
  /** Name servers; default: the engine's. */
  dns?: string[];
  readonlyRootfs: boolean;
  /** Host directory for the runner's socket. */
  socketDir: string;
  /** Host files of the runner, mounted read-only: a Node binary, the bundle and ptyhost. */
  runnerNode: string;
  runnerBundle: string;
  runnerPtyhost: string;
  /** The file watch helper; default: `watcher` beside runnerPtyhost, when it is there. */
  runnerWatcher?: string;
  /** How /workspace is provided; default: an anonymous volume removed with the container. */
  workspace?: MountSettings;
  /** A pool container: the runner waits for Activate before starting the shell. */
  deferShell?: boolean;
  /** defaults.exec_mode and defaults.shell_prefer, for the runner (runner/shell/shell-mode.ts). */
  execMode?: "stateful" | "stateless";
  shellPrefer?: "bash" | "sh";
  /** security.seccomp; default: the engine's default profile. */
  seccomp?: SeccompMode;
}

/**
 * The container of one session. The runner starts as root with only the
 * capabilities it needs to start the shell as uid 1000 (which then has none),
 * under docker-init so that orphaned processes are reaped, and with
 * no_new_privs and the seccomp profile security.seccomp names.
 */
export function sessionContainerSpec(s: SessionContainer): ContainerCreateOptions {
  const labels = sessionLabels(s.instance, s.sessionId);
  const memory = s.memLimitMb * 1024 * 1024;
  return {
    name: `sandkasten-${s.sessionId}`,
    Image: s.image,
    Cmd: [NODE_IN_CONTAINER, RUNNER_IN_CONTAINER],
    Entrypoint: [],
    User: "0:0",
    WorkingDir: WORKSPACE_DIR,
    Env: [
      ...Object.entries(s.env).map(([k, v]) => `${SESSION_ENV_PREFIX}${k}=${v}`),
      ...(s.deferShell ? ["SANDKASTEN_DEFER_SHELL=1"] : []),
      `SANDKASTEN_EXEC_MODE=${s.execMode ?? "stateful"}`,
      `SANDKASTEN_SHELL_PREFER=${s.shellPrefer ?? "bash"}`,
    ],
    Labels: labels,
    NetworkDisabled: s.networkMode === "none",
    HostConfig: {
      Init: true,
      ReadonlyRootfs: s.readonlyRootfs,
      CapDrop: ["ALL"],
      CapAdd: ["SETUID", "SETGID"],
      SecurityOpt: ["no-new-privileges", ...seccompSecurityOpt(s.seccomp ?? "default")],
      Memory: memory,
      MemorySwap: memory,
      NanoCpus: Math.round(s.cpuLimit * 1e9),
      PidsLimit: s.pidsLimit,
      NetworkMode: s.networkMode,
      ...(s.dns ? { Dns: s.dns } : {}),
      Tmpfs: {
        "/tmp": "rw,exec,nosuid,nodev,size=512m,mode=1777",
        "/home/sandbox": "rw,exec,nosuid,nodev,size=256m,uid=1000,gid=1000,mode=0755",
      },
      Mounts: [
        { Type: "bind", Source: s.socketDir, Target: SOCKET_DIR_IN_CONTAINER, ReadOnly: false },
        { Type: "bind", Source: s.runnerNode, Target: NODE_IN_CONTAINER, ReadOnly: true },
        { Type: "bind", Source: s.runnerBundle, Target: RUNNER_IN_CONTAINER, ReadOnly: true },
        { Type: "bind", Source: s.runnerPtyhost, Target: PTYHOST_IN_CONTAINER, ReadOnly: true },
        ...watcherMount(s.runnerWatcher ?? join(dirname(s.runnerPtyhost), "watcher")),
        s.workspace ?? anonymousVolume(WORKSPACE_DIR, labels),
      ],
      LogConfig: { Type: "json-file", Config: { "max-size": "1m", "max-file": "1" } },
      RestartPolicy: { Name: "no" },
    },
  };
}

/** Without the helper (a staged runner directory from before it) WatchFiles says it is missing. */
function watcherMount(source: string): MountSettings[] {
  if (!existsSync(source)) return [];
  return [{ Type: "bind", Source: source, Target: WATCHER_IN_CONTAINER, ReadOnly: true }];
}

/** A volume without a name: removed with its container (docker rm -v). */
export function anonymousVolume(target: string, labels: Record<string, string>): MountSettings {
  return {
    Type: "volume",
    Source: "",
    Target: target,
    VolumeOptions: { Labels: labels, NoCopy: false, DriverConfig: { Name: "local", Options: {} } },
  };
}

/**
 * /workspace of a pool container: a host directory bound with rslave
 * propagation, so that the workspace the daemon binds onto it at take time
 * appears inside the running container.
 */
export function poolWorkspaceMount(hostDir: string): MountSettings {
  return {
    Type: "bind",
    Source: hostDir,
    Target: WORKSPACE_DIR,
    ReadOnly: false,
    BindOptions: { Propagation: "rslave" },
  } as MountSettings;
}

/** A workspace at /workspace: its named volume, or its host directory bound. */
export function workspaceMountSettings(workspace: WorkspaceMount): MountSettings {
  if (workspace.kind === "directory") {
    return { Type: "bind", Source: workspace.hostPath, Target: WORKSPACE_DIR, ReadOnly: false };
  }
  return {
    Type: "volume",
    Source: workspace.name,
    Target: WORKSPACE_DIR,
    VolumeOptions: { NoCopy: true, Labels: {}, DriverConfig: { Name: "local", Options: {} } },
  };
}
