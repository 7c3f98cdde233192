import http from "node:http";
import Docker from "dockerode";
import { DomainError } from "../errors/domain-error.js";

/** The engine's last failure, for status answers. */
export interface EngineFailure {
  what: string;
  message: string;
  at: Date;
}

// Connection-level failures after which a read is tried once more, on a
// fresh connection: the engine (or a proxy in front of it) may close a kept
// connection just as a request goes out on it.
const RESETS = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED"]);

// Calls that change nothing (or may be repeated without harm) by the last
// word of their name, e.g. "container list", "volume inspect".
const REPEATABLE = new Set(["list", "inspect", "stats", "ping", "version", "info", "logs"]);

/**
 * dockerode on one kept-alive connection pool of its own, with a deadline on
 * every call: a hung or absent engine turns into a clear Unavailable error
 * instead of a hung request, and a read that meets a reset connection is
 * tried once more before it fails.
 */
export class DockerClient {
  readonly api: Docker;
  private readonly agent: http.Agent;
  private failure: EngineFailure | undefined;
  private failures = 0;

  constructor(
    readonly socketPath: string,
    readonly timeoutMs: number,
  ) {
    // Idle connections are kept for a minute: far longer than the daemon's
    // 5 s checks, so a check never races a connection being retired.
    this.agent = new http.Agent({ keepAlive: true, maxFreeSockets: 8, timeout: 60_000 });
    this.api = new Docker({
      socketPath,
      timeout: timeoutMs,
      agent: this.agent,
    } as Docker.DockerOptions);
  }

  async call<T>(
    what: string,
    fn: (api: Docker) => Promise<T>,
    timeoutMs = this.timeoutMs,
  ): Promise<T> {
    try {
      try {
        return await this.withDeadline(what, fn, timeoutMs);
      } catch (err) {
        if (!isReset(err) || !REPEATABLE.has(what.split(" ").at(-1) ?? "")) throw err;
        return await this.withDeadline(what, fn, timeoutMs);
      }
    } catch (err) {
      const explained = this.explain(what, err);
      if (!(explained instanceof DockerError)) {
        this.failures++;
        this.failure = { what, message: (explained as Error).message, at: new Date() };
      }
      throw explained;
    }
  }

  /** The last time the engine could not be reached or dropped a call, if ever. */
  get lastFailure(): EngineFailure | undefined {
    return this.failure;
  }

  /** How many calls failed for want of an engine (not for its answers). */
  get failureCount(): number {
    return this.failures;
  }

  close(): void {
    this.agent.destroy();
  }

  private async withDeadline<T>(
    what: string,
    fn: (api: Docker) => Promise<T>,
    timeoutMs: number,
  ): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new DomainError(
              "unavailable",
              `the Docker engine did not answer ${what} within ${Math.round(timeoutMs / 1000)} s`,
            ),
          ),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([fn(this.api), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private explain(what: string, err: unknown): unknown {
    if (err instanceof DomainError) return err;
    const e = err as {
      code?: string;
      statusCode?: number;
      json?: { message?: string };
      message?: string;
    };
    if (e.code === "ECONNREFUSED" || e.code === "ENOENT" || e.code === "EACCES") {
      return new DomainError(
        "unavailable",
        `the Docker engine is not reachable at ${this.socketPath} (${e.code}); start dockerd or run 'sandkasten doctor'`,
      );
    }
    if (["ESOCKETTIMEDOUT", "ETIMEDOUT", ...RESETS].includes(e.code ?? "")) {
      return new DomainError("unavailable", `the Docker engine failed during ${what} (${e.code})`);
    }
    return new DockerError(what, e.statusCode ?? 0, e.json?.message ?? e.message ?? String(err));
  }
}

function isReset(err: unknown): boolean {
  return RESETS.has((err as { code?: string } | null)?.code ?? "");
}

/** An error answer from the engine, with its HTTP status. */
export class DockerError extends Error {
  constructor(
    readonly what: string,
    readonly statusCode: number,
    readonly reason: string,
  ) {
    super(`docker ${what} failed (${statusCode}): ${reason}`);
  }
}

export function isNotFound(err: unknown): boolean {
  return err instanceof DockerError && err.statusCode === 404;
}
