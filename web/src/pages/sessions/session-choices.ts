import { api } from "../../api/clients.js";

export interface Limits {
  cpu_limit: number;
  mem_limit_mb: number;
  pids_limit: number;
}

export interface SessionChoices {
  images: string[];
  defaultImage: string;
  /** What a session gets when it asks for no limit (`defaults.*`). */
  defaults: Partial<Limits>;
  /** The most a session may ask for (`limits_max.*`). */
  max: Partial<Limits>;
}

const LIMITS = ["cpu_limit", "mem_limit_mb", "pids_limit"] as const;

/** What a new session may choose, from the running configuration. */
export async function sessionChoices(): Promise<SessionChoices> {
  const { entries } = await api.config.getConfig({});
  const value = (key: string) =>
    JSON.parse(entries.find((e) => e.key === key)?.valueJson ?? "null") as unknown;
  const numbers = (prefix: string) =>
    Object.fromEntries(
      LIMITS.map((k) => [k, value(`${prefix}.${k}`)]).filter(([, v]) => typeof v === "number"),
    ) as Partial<Limits>;
  const images = value("allowed_images");
  const defaultImage = value("default_image");
  return {
    images: Array.isArray(images) ? images.map(String) : [],
    defaultImage: typeof defaultImage === "string" ? defaultImage : "",
    defaults: numbers("defaults"),
    max: numbers("limits_max"),
  };
}
