import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { DockerError } from "../../docker/docker-client.js";
import { DomainError } from "../../errors/domain-error.js";
import type { Logger } from "../../log.js";
import { toConnectError } from "../errors/to-connect.js";

/**
 * Errors leave the daemon as ConnectErrors with a precise code: a domain
 * error gets its kind's code, a ConnectError (e.g. a runner's) passes as it
 * is. Anything unexpected is logged and becomes Internal, without its text.
 */
export function errorInterceptor(log: Logger): Interceptor {
  const translate = (err: unknown, procedure: string): ConnectError => {
    if (err instanceof DomainError) return toConnectError(err);
    if (err instanceof ConnectError) return err;
    if (err instanceof DockerError) {
      log.warn("docker error", { procedure, error: err.message });
      return new ConnectError(`container engine: ${err.reason}`, Code.Internal);
    }
    log.error("unexpected error", { procedure, error: String((err as Error)?.stack ?? err) });
    return new ConnectError("internal error (details are in the daemon's log)", Code.Internal);
  };
  return (next) => async (req) => {
    const procedure = req.method.name;
    try {
      const res = await next(req);
      if (!res.stream) return res;
      const messages = res.message;
      return {
        ...res,
        message: (async function* () {
          try {
            yield* messages;
          } catch (err) {
            throw translate(err, procedure);
          }
        })(),
      };
    } catch (err) {
      throw translate(err, procedure);
    }
  };
}
