import { Code, ConnectError } from "@connectrpc/connect";
import type { Config } from "../config/load.js";

export interface Limits {
  cpuLimit: number;
  memLimitMb: number;
  pidsLimit: number;
}

/** The request's limits, or the defaults, refused past the configured maxima. */
export function resolveLimits(
  requested: { cpuLimit: number; memLimitMb: number; pidsLimit: number } | undefined,
  config: Config,
): Limits {
  const pick = (name: keyof typeof config.limits_max, asked: number | undefined) => {
    const value = asked && asked > 0 ? asked : config.defaults[name];
    if (value > config.limits_max[name]) {
      throw new ConnectError(
        `limits.${name} ${value} exceeds the maximum ${config.limits_max[name]}`,
        Code.InvalidArgument,
      );
    }
    return value;
  };
  const limits = {
    cpuLimit: pick("cpu_limit", requested?.cpuLimit),
    memLimitMb: pick("mem_limit_mb", requested?.memLimitMb),
    pidsLimit: pick("pids_limit", requested?.pidsLimit),
  };
  if (limits.memLimitMb < 32) {
    throw new ConnectError("limits.mem_limit_mb must be at least 32", Code.InvalidArgument);
  }
  if (limits.pidsLimit < 16) {
    throw new ConnectError("limits.pids_limit must be at least 16", Code.InvalidArgument);
  }
  return limits;
}

export function resolveTtl(requested: number, config: Config): number {
  const ttl = requested > 0 ? requested : config.session_ttl_seconds;
  if (ttl > config.max_ttl_seconds) {
    throw new ConnectError(
      `ttl_seconds ${ttl} exceeds the maximum ${config.max_ttl_seconds}`,
      Code.InvalidArgument,
    );
  }
  return ttl;
}
