import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";

/** Every RPC wants a valid API key. */
export function authInterceptor(
  check: (authorization: string | undefined) => boolean,
): Interceptor {
  return (next) => async (req) => {
    if (!check(req.header.get("authorization") ?? undefined)) {
      throw new ConnectError(
        "missing or invalid API key: send 'Authorization: Bearer <key>'",
        Code.Unauthenticated,
      );
    }
    return next(req);
  };
}
