import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import type { Readable, Writable } from "node:stream";

// What the gateway uses of http.IncomingMessage and http2.Http2ServerRequest.
export type RestRequest = Readable & {
  readonly method?: string;
  readonly url?: string;
  readonly headers: IncomingHttpHeaders;
  readonly httpVersionMajor: number;
};

// What the gateway uses of http.ServerResponse and http2.Http2ServerResponse.
export type RestResponse = Writable & {
  readonly headersSent: boolean;
  writeHead(statusCode: number, headers?: OutgoingHttpHeaders): unknown;
  flushHeaders?(): void;
};
