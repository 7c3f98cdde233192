import type { Config } from "../config/load.js";
import { aboveMaximum, belowMinimum } from "../errors/limit-errors.js";

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
      throw aboveMaximum(`limits.${name}`, config.limits_max[name], `limits_max.${name}`);
    }
    return value;
  };
  const limits = {
    cpuLimit: pick("cpu_limit", requested?.cpuLimit),
    memLimitMb: pick("mem_limit_mb", requested?.memLimitMb),
    pidsLimit: pick("pids_limit", requested?.pidsLimit),
  };
  if (limits.memLimitMb < 32) {
    throw belowMinimum("limits.mem_limit_mb", 32);
  }
  if (limits.pidsLimit < 16) {
    throw belowMinimum("limits.pids_limit", 16);
  }
  return limits;
}

export function resolveTtl(requested: number, config: Config): number {
  const ttl = requested > 0 ? requested : config.session_ttl_seconds;
  if (ttl > config.max_ttl_seconds) {
    throw aboveMaximum("ttl_seconds", config.max_ttl_seconds, "max_ttl_seconds");
  }
  return ttl;
}
