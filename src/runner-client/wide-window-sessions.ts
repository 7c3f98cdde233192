import type http2 from "node:http2";
import { Http2SessionManager } from "@connectrpc/connect-node";

/**
 * HTTP/2 starts every connection with a 64 KiB receive window, and Node only
 * lets it grow through the session object: without this, every 64 KiB of
 * output waits for a WINDOW_UPDATE round trip.
 */
export class WideWindowSessionManager extends Http2SessionManager {
  private readonly widened = new WeakSet<http2.Http2Session>();

  constructor(
    url: string,
    private readonly windowBytes: number,
    http2SessionOptions: http2.ClientSessionOptions,
    pingOptions?: ConstructorParameters<typeof Http2SessionManager>[1],
  ) {
    super(url, pingOptions, {
      ...http2SessionOptions,
      settings: { ...http2SessionOptions.settings, initialWindowSize: windowBytes },
    });
  }

  override async request(
    ...args: Parameters<Http2SessionManager["request"]>
  ): Promise<http2.ClientHttp2Stream> {
    const stream = await super.request(...args);
    const session = stream.session;
    if (session && !this.widened.has(session)) {
      this.widened.add(session);
      session.setLocalWindowSize(this.windowBytes * 2);
    }
    return stream;
  }
}
