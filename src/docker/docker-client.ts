import { Code, ConnectError } from "@connectrpc/connect";
import Docker from "dockerode";

/**
 * dockerode with a deadline on every call: a hung or absent engine turns
 * into a clear Unavailable error instead of a hung request.
 */
export class DockerClient {
  readonly api: Docker;

  constructor(
    readonly socketPath: string,
    readonly timeoutMs: number,
  ) {
    this.api = new Docker({ socketPath, timeout: timeoutMs });
  }

  async call<T>(
    what: string,
    fn: (api: Docker) => Promise<T>,
    timeoutMs = this.timeoutMs,
  ): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ConnectError(
              `the Docker engine did not answer ${what} within ${Math.round(timeoutMs / 1000)} s`,
              Code.Unavailable,
            ),
          ),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([fn(this.api), deadline]);
    } catch (err) {
      throw this.explain(what, err);
    } finally {
      clearTimeout(timer);
    }
  }

  private explain(what: string, err: unknown): unknown {
    if (err instanceof ConnectError) return err;
    const e = err as {
      code?: string;
      statusCode?: number;
      json?: { message?: string };
      message?: string;
    };
    if (e.code === "ECONNREFUSED" || e.code === "ENOENT" || e.code === "EACCES") {
      return new ConnectError(
        `the Docker engine is not reachable at ${this.socketPath} (${e.code}); start dockerd or run 'sandkasten doctor'`,
        Code.Unavailable,
      );
    }
    if (["ESOCKETTIMEDOUT", "ETIMEDOUT", "ECONNRESET", "EPIPE"].includes(e.code ?? "")) {
      return new ConnectError(
        `the Docker engine failed during ${what} (${e.code})`,
        Code.Unavailable,
      );
    }
    return new DockerError(what, e.statusCode ?? 0, e.json?.message ?? e.message ?? String(err));
  }
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
