import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import type { Authenticator } from "../../tenants/authenticator.js";
import { principalKey } from "../../tenants/principal.js";

/** Every RPC wants a valid API key; the caller it names is kept for the handlers. */
export function authInterceptor(auth: Authenticator): Interceptor {
  return (next) => async (req) => {
    const principal = await auth.principalFor(req.header.get("authorization") ?? undefined);
    if (!principal) {
      throw new ConnectError(
        "missing or invalid API key: send 'Authorization: Bearer <key>'",
        Code.Unauthenticated,
      );
    }
    req.contextValues.set(principalKey, principal);
    return next(req);
  };
}
