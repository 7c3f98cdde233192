import type { Interceptor, Transport } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import { storedApiKey } from "./api-key.js";

/** Every call carries the tab's API key. */
const bearer: Interceptor = (next) => (req) => {
  const key = storedApiKey();
  if (key) req.header.set("authorization", `Bearer ${key}`);
  return next(req);
};

/** The Connect protocol to the daemon that served this page, on its one port. */
export function daemonTransport(fetchImpl?: typeof fetch): Transport {
  return createConnectTransport({
    baseUrl: window.location.origin,
    useBinaryFormat: true,
    interceptors: [bearer],
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}
