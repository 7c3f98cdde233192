import type convict from "convict";
import { FLAG_FORMAT } from "./flag-format.js";

const positive = (name: string) => (value: unknown) => {
  if (typeof value !== "number" || !(value > 0)) throw new Error(`${name} must be a number > 0`);
};

const imageMap = (value: unknown) => {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error("must map images to pool sizes, e.g. {sandbox-runtime:python: 3}");
  }
  for (const [image, size] of Object.entries(value)) {
    if (!Number.isInteger(size) || (size as number) < 0 || (size as number) > 100) {
      throw new Error(`pool size for ${image} must be an integer from 0 to 100`);
    }
  }
};

/** The daemon's configuration: sandkasten.yaml, then SANDKASTEN_* variables over it. */
export const configSchema = {
  listen: {
    doc: "host:port the daemon listens on (HTTP/1.1 and HTTP/2 cleartext on one port).",
    format: (value: unknown) => {
      if (typeof value !== "string" || !/^(\[[0-9a-fA-F:.]+\]|[^:\s]+):\d{1,5}$/.test(value)) {
        throw new Error('must be "host:port", e.g. "127.0.0.1:8080"');
      }
    },
    default: "127.0.0.1:8080",
    env: "SANDKASTEN_LISTEN",
  },
  api_key: {
    doc: "API key clients send as 'Authorization: Bearer <key>'. Empty: no auth (loopback only).",
    format: String,
    default: "",
    env: "SANDKASTEN_API_KEY",
    sensitive: true,
  },
  api_keys: {
    doc: "Further accepted API keys: a key (admin of the default tenant), or {key, tenant, role: admin|user, max_sessions, max_workspaces, max_memory_mb}.",
    format: Array,
    default: [] as string[],
    sensitive: true,
  },
  data_dir: {
    doc: "Where the daemon keeps its database, runner sockets and workspace directories.",
    format: String,
    default: "/var/lib/sandkasten",
    env: "SANDKASTEN_DATA_DIR",
  },
  db_path: {
    doc: "SQLite database file; empty means <data_dir>/sandkasten.db.",
    format: String,
    default: "",
    env: "SANDKASTEN_DB_PATH",
  },
  default_image: {
    doc: "Image for sessions that name none: a short name (base, python, node) or a reference.",
    format: String,
    default: "sandbox-runtime:base",
    env: "SANDKASTEN_DEFAULT_IMAGE",
  },
  allowed_images: {
    doc: "Image references sessions may use.",
    format: Array,
    default: ["sandbox-runtime:base", "sandbox-runtime:python", "sandbox-runtime:node"],
    env: "SANDKASTEN_ALLOWED_IMAGES",
  },
  session_ttl_seconds: {
    doc: "Default session lifetime.",
    format: "nat",
    default: 1800,
    env: "SANDKASTEN_SESSION_TTL_SECONDS",
  },
  max_ttl_seconds: {
    doc: "Longest lifetime a session may ask for.",
    format: "nat",
    default: 86_400,
    env: "SANDKASTEN_MAX_TTL_SECONDS",
  },
  defaults: {
    cpu_limit: {
      doc: "CPUs per session unless the request asks for fewer or more.",
      format: positive("defaults.cpu_limit"),
      default: 1,
      env: "SANDKASTEN_CPU_LIMIT",
    },
    mem_limit_mb: {
      doc: "Memory per session in MiB.",
      format: "nat",
      default: 512,
      env: "SANDKASTEN_MEM_LIMIT_MB",
    },
    pids_limit: {
      doc: "Processes per session.",
      format: "nat",
      default: 256,
      env: "SANDKASTEN_PIDS_LIMIT",
    },
    max_exec_timeout_ms: {
      doc: "Longest time one command may run; also the timeout when a request gives none.",
      format: "nat",
      default: 120_000,
      env: "SANDKASTEN_MAX_EXEC_TIMEOUT_MS",
    },
    network_mode: {
      doc: "Docker network for sessions: none, bridge, or a network name (full: the original daemon's name for bridge).",
      format: String,
      default: "none",
      env: "SANDKASTEN_NETWORK_MODE",
    },
    readonly_rootfs: {
      doc: "Mount the image read-only (writable: /workspace, /tmp, the home directory).",
      format: FLAG_FORMAT,
      default: true,
      env: "SANDKASTEN_READONLY_ROOTFS",
    },
    exec_mode: {
      doc: "stateful: one shell per session, cd and variables carry over; stateless: each command in a fresh shell in /workspace.",
      format: ["stateful", "stateless"],
      default: "stateful",
      env: "SANDKASTEN_EXEC_MODE",
    },
    shell_prefer: {
      doc: "bash, or sh: /bin/sh runs each command (a fresh one per command; stateful, it keeps the directory and exports).",
      format: ["bash", "sh"],
      default: "bash",
      env: "SANDKASTEN_SHELL_PREFER",
    },
  },
  limits_max: {
    cpu_limit: {
      doc: "Most CPUs a request may ask for.",
      format: positive("limits_max.cpu_limit"),
      default: 4,
    },
    mem_limit_mb: { doc: "Most memory (MiB) a request may ask for.", format: "nat", default: 4096 },
    pids_limit: { doc: "Most processes a request may ask for.", format: "nat", default: 1024 },
  },
  exec_output: {
    max_bytes: {
      doc: "Most output a unary exec returns; past it the middle is cut out (head and tail kept).",
      format: positive("exec_output.max_bytes"),
      default: 1024 * 1024,
      env: "SANDKASTEN_EXEC_OUTPUT_MAX_BYTES",
    },
    head_bytes: {
      doc: "Of a cut output, how much of its beginning is kept; the rest of max_bytes is its end.",
      format: "nat",
      default: 64 * 1024,
      env: "SANDKASTEN_EXEC_OUTPUT_HEAD_BYTES",
    },
  },
  workspace: {
    enabled: {
      doc: "Allow persistent workspaces.",
      format: FLAG_FORMAT,
      default: true,
      env: "SANDKASTEN_WORKSPACE_ENABLED",
    },
    persist_by_default: {
      doc: "Give sessions without workspace_id a persistent workspace named after the session.",
      format: FLAG_FORMAT,
      default: false,
    },
    driver: {
      doc: "volume (Docker named volumes) or directory (<data_dir>/workspaces/<id>).",
      format: ["volume", "directory"],
      default: "volume",
      env: "SANDKASTEN_WORKSPACE_DRIVER",
    },
    attach_policy: {
      doc: "shared: several sessions may mount a workspace at once; exclusive: one at a time.",
      format: ["shared", "exclusive"],
      default: "shared",
    },
    max_size_mb: {
      doc: "Per-workspace quota for writes through the API; 0 = none.",
      format: "nat",
      default: 0,
    },
  },
  pool: {
    enabled: {
      doc: "Keep ready containers for instant session creation.",
      format: FLAG_FORMAT,
      default: false,
    },
    images: {
      doc: "Image → number of ready containers; a short name (base, python, node) or a reference in allowed_images.",
      format: imageMap,
      default: {} as Record<string, number>,
    },
  },
  runtime: {
    doc: "Where sessions' sandboxes run: docker (containers on the engine at docker.socket), the only one built so far.",
    format: (value: unknown) => {
      if (value === "docker") return;
      if (value === "kubernetes") throw new Error('kubernetes is not built yet; use "docker"');
      throw new Error('must be "docker" (the only runtime built so far)');
    },
    default: "docker",
    env: "SANDKASTEN_RUNTIME",
  },
  docker: {
    socket: {
      doc: "Docker engine socket.",
      format: String,
      default: "/var/run/docker.sock",
      env: "SANDKASTEN_DOCKER_SOCKET",
    },
    timeout_ms: {
      doc: "Deadline for one Docker engine call.",
      format: "nat",
      default: 30_000,
      env: "SANDKASTEN_DOCKER_TIMEOUT_MS",
    },
  },
  security: {
    seccomp: {
      doc: "System call filter of session containers: default (the engine's), strict (ours: also no ptrace, io_uring, namespaces, mounts, keyrings...) or off (none: weaker isolation). mvp: the original daemon's name for default.",
      format: ["off", "default", "strict"],
      default: "default",
      env: "SANDKASTEN_SECCOMP",
    },
  },
  dashboard: {
    enabled: {
      doc: "Serve the web dashboard at /; off, / answers 404 and the API is unchanged.",
      format: FLAG_FORMAT,
      default: true,
      env: "SANDKASTEN_DASHBOARD_ENABLED",
    },
  },
  egress: {
    allowed: {
      doc: 'What sessions with network "allowlist" may ask to reach: "host:port", "*.domain:port" or "ip:port" entries; empty: no egress at all.',
      format: Array,
      default: [] as string[],
    },
  },
  preview: {
    domain: {
      doc: 'Domain for the preview host form: a request to "{port}-{session id}.<domain>" reaches that port of that session, its path unchanged; empty: off (only /v1/sessions/{id}/ports/{port}/...).',
      format: (value: unknown) => {
        const label = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;
        if (
          typeof value !== "string" ||
          (value !== "" && !value.split(".").every((l) => label.test(l)))
        ) {
          throw new Error('must be a domain name such as "preview.example.com", or "" (off)');
        }
      },
      default: "",
      env: "SANDKASTEN_PREVIEW_DOMAIN",
    },
  },
  metrics: {
    enabled: {
      doc: "Count RPCs, execs, creates, stream bytes and failures, and serve them in Prometheus text format at GET /metrics.",
      format: FLAG_FORMAT,
      default: true,
      env: "SANDKASTEN_METRICS_ENABLED",
    },
    api_key: {
      doc: "Key a scraper sends to GET /metrics as 'Authorization: Bearer <key>' (it opens nothing else); empty: the API keys.",
      format: String,
      default: "",
      env: "SANDKASTEN_METRICS_API_KEY",
      sensitive: true,
    },
  },
  shutdown_grace_seconds: {
    doc: "On SIGTERM, how long calls under way (execs included) may run before the daemon stops.",
    format: "nat",
    default: 30,
    env: "SANDKASTEN_SHUTDOWN_GRACE_SECONDS",
  },
  instance: {
    doc: "Name of this daemon, put on everything it creates, so that daemons sharing an engine keep apart.",
    format: (value: unknown) => {
      if (typeof value !== "string" || !/^[a-z0-9][a-z0-9_.-]{0,62}$/.test(value)) {
        throw new Error("must be 1-63 lowercase letters, digits, '.', '_' or '-'");
      }
    },
    default: "default",
    env: "SANDKASTEN_INSTANCE",
  },
  log_level: {
    doc: "debug, info, warn or error.",
    format: ["debug", "info", "warn", "error"],
    default: "info",
    env: "SANDKASTEN_LOG_LEVEL",
  },
} satisfies convict.Schema<unknown>;

export interface ConfigShape {
  listen: string;
  api_key: string;
  api_keys: (string | Record<string, unknown>)[];
  data_dir: string;
  db_path: string;
  default_image: string;
  allowed_images: string[];
  session_ttl_seconds: number;
  max_ttl_seconds: number;
  defaults: {
    cpu_limit: number;
    mem_limit_mb: number;
    pids_limit: number;
    max_exec_timeout_ms: number;
    network_mode: string;
    readonly_rootfs: boolean;
    exec_mode: "stateful" | "stateless";
    shell_prefer: "bash" | "sh";
  };
  limits_max: { cpu_limit: number; mem_limit_mb: number; pids_limit: number };
  exec_output: { max_bytes: number; head_bytes: number };
  workspace: {
    enabled: boolean;
    persist_by_default: boolean;
    driver: "volume" | "directory";
    attach_policy: "shared" | "exclusive";
    max_size_mb: number;
  };
  pool: { enabled: boolean; images: Record<string, number> };
  runtime: "docker";
  docker: { socket: string; timeout_ms: number };
  security: { seccomp: "off" | "default" | "strict" };
  dashboard: { enabled: boolean };
  egress: { allowed: string[] };
  preview: { domain: string };
  metrics: { enabled: boolean; api_key: string };
  shutdown_grace_seconds: number;
  instance: string;
  log_level: "debug" | "info" | "warn" | "error";
}
