import { existsSync, readFileSync } from "node:fs";
import type { Config } from "../config/load.js";
import { STRICT_PROFILE_FILE } from "../docker/seccomp.js";
import { loadCliConfig } from "./config-file.js";
import { cliDocker } from "./engine.js";
import { type CheckResult, printChecks } from "./report.js";

/** What `docker info` says about isolation. */
interface EngineFacts {
  securityOptions: string[];
  cgroupVersion: string;
  memoryLimit: boolean;
  pidsLimit: boolean;
  cpuQuota: boolean;
}

/** The controllers session limits rely on: CPU, memory and process count. */
const NEEDED_CONTROLLERS = ["cpu", "memory", "pids"];

function read(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8").trim();
  } catch {
    return undefined;
  }
}

const option = (facts: EngineFacts, name: string) =>
  facts.securityOptions.find((o) => o.split(",")[0] === `name=${name}`);

/**
 * `sandkasten security`: the host's baseline for running hostile code in
 * containers, as this host and its engine report it; a pass or a warning
 * (with how to fix it) per check. Fails only when the engine does not answer.
 */
export async function security(configFile: string | undefined): Promise<number> {
  const config = loadCliConfig(configFile);
  let facts: EngineFacts;
  try {
    const info = await cliDocker(config).call("info", (api) => api.info(), 10_000);
    facts = {
      securityOptions: info.SecurityOptions ?? [],
      cgroupVersion: String(info.CgroupVersion ?? ""),
      memoryLimit: info.MemoryLimit !== false,
      pidsLimit: info.PidsLimit !== false,
      cpuQuota: info.CpuCfsQuota !== false,
    };
  } catch (err) {
    printChecks([
      {
        name: "docker engine",
        status: "fail",
        detail: `not answering at ${config.docker.socket}: ${(err as Error).message}`,
        fix: "start dockerd (scripts/setup.sh does), or set docker.socket in the config",
      },
    ]);
    return 1;
  }
  const checks = [cgroupV2, cgroupControllers, seccomp, userNamespaces, appArmor, rootless];
  printChecks(checks.map((check) => check(facts, config)));
  return 0;
}

function cgroupV2(facts: EngineFacts): CheckResult {
  const unified = existsSync("/sys/fs/cgroup/cgroup.controllers");
  return unified && facts.cgroupVersion !== "1"
    ? { name: "cgroup v2", status: "pass", detail: "unified hierarchy; the engine uses cgroup v2" }
    : {
        name: "cgroup v2",
        status: "warn",
        detail: unified
          ? `the host has cgroup v2 but the engine reports v${facts.cgroupVersion}`
          : "the host runs cgroup v1 (or a hybrid): memory peak and per-session accounting are coarser",
        fix: "boot with systemd.unified_cgroup_hierarchy=1 (kernel command line), then restart dockerd",
      };
}

function cgroupControllers(facts: EngineFacts): CheckResult {
  const available = read("/sys/fs/cgroup/cgroup.controllers")?.split(/\s+/) ?? [];
  const missing = NEEDED_CONTROLLERS.filter((c) => available.length > 0 && !available.includes(c));
  if (!facts.memoryLimit) missing.push("memory (engine)");
  if (!facts.pidsLimit) missing.push("pids (engine)");
  if (!facts.cpuQuota) missing.push("cpu quota (engine)");
  return missing.length === 0
    ? {
        name: "cgroup controllers",
        status: "pass",
        detail: `${available.length > 0 ? available.join(" ") : "cgroup v1"}; the engine enforces memory, pids and CPU limits`,
      }
    : {
        name: "cgroup controllers",
        status: "warn",
        detail: `missing: ${[...new Set(missing)].join(", ")}: those session limits are not enforced`,
        fix: "enable the controllers in the kernel/cgroup tree (cgroup.subtree_control; cgroup_enable=memory on some boards) and restart dockerd",
      };
}

function seccomp(facts: EngineFacts, config: Config): CheckResult {
  const kernel = (read("/proc/self/status") ?? "").includes("Seccomp:");
  const engine = option(facts, "seccomp");
  if (config.security.seccomp === "off") return seccompOff();
  if (kernel && engine && config.security.seccomp === "strict") {
    return {
      name: "seccomp",
      status: "pass",
      detail: `sessions run under sandkasten's strict profile (${STRICT_PROFILE_FILE})`,
    };
  }
  if (kernel && engine) {
    const profile = /profile=([^,]+)/.exec(engine)?.[1] ?? "default";
    return profile === "unconfined"
      ? {
          name: "seccomp",
          status: "warn",
          detail: "the engine's default seccomp profile is unconfined",
          fix: "remove --seccomp-profile=unconfined (or seccomp-profile in daemon.json) and restart dockerd",
        }
      : {
          name: "seccomp",
          status: "pass",
          detail: `the engine filters system calls (profile ${profile})`,
        };
  }
  return {
    name: "seccomp",
    status: "warn",
    detail: kernel
      ? "the engine runs containers without seccomp"
      : "the kernel has no seccomp (CONFIG_SECCOMP): containers reach every system call",
    fix: kernel
      ? "use a dockerd built with seccomp (Debian's docker.io is) and no unconfined default profile"
      : "use a kernel with CONFIG_SECCOMP and CONFIG_SECCOMP_FILTER",
  };
}

/** security.seccomp: off, whatever the engine does. */
export function seccompOff(): CheckResult {
  return {
    name: "seccomp",
    status: "warn",
    detail:
      "security.seccomp is off: session containers run without a system call filter (seccomp=unconfined), which weakens their isolation",
    fix: "set security.seccomp: default (the engine's profile) or strict, and restart the daemon",
  };
}

function userNamespaces(facts: EngineFacts): CheckResult {
  const max = Number(read("/proc/sys/user/max_user_namespaces") ?? "0");
  const remapped = option(facts, "userns") !== undefined || option(facts, "rootless") !== undefined;
  if (max > 0 && remapped) {
    return {
      name: "user namespaces",
      status: "pass",
      detail: "containers' root is mapped to an unprivileged host user",
    };
  }
  return {
    name: "user namespaces",
    status: "warn",
    detail:
      max > 0
        ? "the kernel has them, but the engine does not remap: root in a container is root on the host (the shell itself runs as uid 1000 without capabilities)"
        : "the kernel allows no user namespaces (user.max_user_namespaces is 0)",
    fix:
      max > 0
        ? 'run dockerd with "userns-remap": "default" in /etc/docker/daemon.json, or rootless'
        : "sysctl -w user.max_user_namespaces=15000 (and persist it in /etc/sysctl.d/)",
  };
}

function appArmor(facts: EngineFacts): CheckResult {
  const kernel = read("/sys/module/apparmor/parameters/enabled") === "Y";
  if (option(facts, "apparmor") !== undefined) {
    return {
      name: "apparmor",
      status: "pass",
      detail: "containers run under the engine's AppArmor profile",
    };
  }
  if (option(facts, "selinux") !== undefined) {
    return {
      name: "apparmor",
      status: "pass",
      detail: "not used; the engine confines containers with SELinux",
    };
  }
  return {
    name: "apparmor",
    status: "warn",
    detail: kernel
      ? "the kernel has AppArmor but the engine does not use it"
      : "no AppArmor (nor SELinux): containers run without a mandatory access profile",
    fix: kernel
      ? "install apparmor (apt-get install apparmor) and restart dockerd"
      : "boot with apparmor=1 security=apparmor and apt-get install apparmor, then restart dockerd",
  };
}

function rootless(facts: EngineFacts): CheckResult {
  return option(facts, "rootless") !== undefined
    ? { name: "rootless docker", status: "pass", detail: "dockerd runs as an unprivileged user" }
    : {
        name: "rootless docker",
        status: "warn",
        detail: "dockerd runs as root: a container escape would be root on the host",
        fix: "run the engine rootless (dockerd-rootless-setuptool.sh install; docs.docker.com/engine/security/rootless/) and point docker.socket at its socket",
      };
}
