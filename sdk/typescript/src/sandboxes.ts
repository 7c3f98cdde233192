import type { SandboxClientBase } from "./client.js";
import { ConflictError, InvalidArgumentError, NotFoundError } from "./errors.js";
import { Sandbox } from "./sandbox.js";
import { sandboxImage, type Volumes, volumeWorkspace } from "./sandbox-volumes.js";
import type { CallOptions } from "./types.js";

export interface CreateSandboxOptions extends CallOptions {
  /** node:<tag> and python:<tag> map to the daemon's node and python images; or base, python, node, an allowed reference. */
  image?: string;
  /** At most one volume, mounted at /workspace: a persistent workspace of that name. */
  volumes?: Volumes;
  /** Environment variables for the shell. */
  env?: Record<string, string>;
  /** Not supported: a daemon runs its sandboxes on its own machine. */
  region?: string;
  /** Lifetime; default: the daemon's session_ttl_seconds. */
  ttlSeconds?: number;
}

/**
 * client.sandboxes: the peer product's way to make a sandbox, as a thin
 * layer over createSession() (see the README's "Sandboxes and volumes").
 */
export class Sandboxes {
  constructor(private readonly client: SandboxClientBase) {}

  async create(options: CreateSandboxOptions = {}): Promise<Sandbox> {
    if (options.region !== undefined) {
      throw new InvalidArgumentError(
        `region ${JSON.stringify(options.region)}: regions are not supported, a daemon runs every sandbox on its own machine`,
        "invalid_argument",
      );
    }
    const workspaceId = volumeWorkspace(options.volumes);
    if (workspaceId !== "") await this.checkDetached(workspaceId, options);
    const session = await this.client
      .createSession({
        image: sandboxImage(options.image),
        workspaceId,
        env: options.env,
        ttlSeconds: options.ttlSeconds,
        signal: options.signal,
      })
      .catch((err: unknown) => {
        throw explained(err, workspaceId);
      });
    return new Sandbox(session);
  }

  /** A volume is attached to one sandbox at a time (best effort here; exclusive on the daemon: enforced). */
  private async checkDetached(workspaceId: string, options: CallOptions): Promise<void> {
    try {
      const info = await this.client.getWorkspace(workspaceId, options);
      if (info.sessionIds.length > 0) throw attached(workspaceId);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
}

const attached = (name: string) =>
  new ConflictError(`Volume "${name}" is already attached`, "failed_precondition");

/** The daemon's refusals, in the peer's words where it has them. */
function explained(err: unknown, workspaceId: string): unknown {
  if (err instanceof ConflictError && /is already attached/.test(err.message)) {
    return new ConflictError(attached(workspaceId).message, err.code, { cause: err });
  }
  if (err instanceof InvalidArgumentError && err.message.startsWith("image ")) {
    return new InvalidArgumentError(
      `${err.message}; node:<tag> and python:<tag> stand for node and python`,
      err.code,
      { cause: err },
    );
  }
  return err;
}
