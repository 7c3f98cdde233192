import { readFileSync } from "node:fs";
import { join } from "node:path";
import { findCheckout } from "../checkout.js";

/** security.seccomp: the system call filter of session containers. */
export type SeccompMode = "off" | "default" | "strict";

/**
 * What the strict profile takes away from Docker's default one: tracing
 * and reading other processes, kernel keyrings, userfaultfd, BPF and perf,
 * io_uring (a large kernel surface, and a way around the filter), namespaces
 * and every mount call, kexec, file handles, kernel modules, swap,
 * accounting and quotas, and personality. Without capabilities (as session
 * containers run) the default profile already refuses most of them; ptrace,
 * personality and io_uring it allows.
 */
export const STRICT_DENIED = [
  "ptrace",
  "process_vm_readv",
  "process_vm_writev",
  "process_madvise",
  "pidfd_getfd",
  "kcmp",
  "personality",
  "keyctl",
  "add_key",
  "request_key",
  "userfaultfd",
  "bpf",
  "perf_event_open",
  "io_uring_setup",
  "io_uring_enter",
  "io_uring_register",
  "unshare",
  "setns",
  "mount",
  "umount",
  "umount2",
  "pivot_root",
  "mount_setattr",
  "move_mount",
  "open_tree",
  "fsopen",
  "fsconfig",
  "fsmount",
  "fspick",
  "kexec_load",
  "kexec_file_load",
  "open_by_handle_at",
  "name_to_handle_at",
  "init_module",
  "finit_module",
  "delete_module",
  "swapon",
  "swapoff",
  "acct",
  "quotactl",
  "quotactl_fd",
  "lookup_dcookie",
] as const;

/**
 * The strict profile: Docker 20.10.24's default profile
 * (moby/moby profiles/seccomp/default.json) with every name of
 * STRICT_DENIED taken out of its allow rules, written once into
 * seccomp-strict.json beside this file. Anything it does not allow fails
 * with EPERM, as under the default profile.
 */
export const STRICT_PROFILE_FILE = "src/docker/seccomp-strict.json";

let strictProfile: string | undefined;

function strictProfileJson(): string {
  if (strictProfile === undefined) {
    const root = findCheckout();
    if (root === undefined) throw new Error(`${STRICT_PROFILE_FILE} not found: no checkout`);
    const profile: unknown = JSON.parse(readFileSync(join(root, STRICT_PROFILE_FILE), "utf8"));
    strictProfile = JSON.stringify(profile);
  }
  return strictProfile;
}

/**
 * The container's SecurityOpt entries for a mode: `default` leaves the
 * engine's own profile in place, `off` runs without a filter, `strict`
 * hands the engine our profile (the API takes the JSON itself).
 */
export function seccompSecurityOpt(mode: SeccompMode): string[] {
  switch (mode) {
    case "off":
      return ["seccomp=unconfined"];
    case "strict":
      return [`seccomp=${strictProfileJson()}`];
    default:
      return [];
  }
}
