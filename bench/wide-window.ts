import type http2 from "node:http2";
import { Http2SessionManager } from "@connectrpc/connect-node";

/** HTTP/2 flow-control window of the streaming client, per stream and per connection. */
export const WINDOW_BYTES = 8 * 1024 * 1024;

/**
 * A connect-node HTTP/2 session manager whose client announces a large
 * window: SETTINGS_INITIAL_WINDOW_SIZE for each stream, and a WINDOW_UPDATE
 * that widens the connection's own window (65,535 bytes by default, which
 * no setting changes), so that the client is not what slows a stream down.
 */
export class WideWindowSessionManager extends Http2SessionManager {
  private readonly widened = new WeakSet<http2.Http2Session>();

  constructor(url: string) {
    super(
      url,
      {},
      { settings: { initialWindowSize: WINDOW_BYTES }, maxSessionMemory: 4 * WINDOW_BYTES },
    );
  }

  override async request(
    method: string,
    path: string,
    headers: http2.OutgoingHttpHeaders,
    options: Omit<http2.ClientSessionRequestOptions, "signal">,
  ): Promise<http2.ClientHttp2Stream> {
    const stream = await super.request(method, path, headers, options);
    const session = stream.session;
    if (session && !this.widened.has(session)) {
      session.setLocalWindowSize(WINDOW_BYTES);
      this.widened.add(session);
    }
    return stream;
  }
}
