import http from "node:http";

export interface RestAnswer {
  status: number;
  body: unknown;
}

/**
 * The REST gateway over HTTP/1.1 with kept-alive connections (node:http, as
 * a script's client would use), JSON in and out.
 */
export class RestClient {
  readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly host: string;
  private readonly port: number;

  constructor(
    url: string,
    readonly apiKey: string,
  ) {
    const u = new URL(url);
    this.host = u.hostname;
    this.port = Number(u.port);
  }

  /** Starts a request; the caller reads the response. */
  open(method: string, path: string, body?: unknown): Promise<http.IncomingMessage> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent: this.agent,
          host: this.host,
          port: this.port,
          method,
          path,
          headers: {
            authorization: `Bearer ${this.apiKey}`,
            ...(payload === undefined
              ? {}
              : {
                  "content-type": "application/json",
                  "content-length": Buffer.byteLength(payload),
                }),
          },
        },
        resolve,
      );
      req.on("error", reject);
      req.end(payload);
    });
  }

  async request(method: string, path: string, body?: unknown): Promise<RestAnswer> {
    const res = await this.open(method, path, body);
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    return { status: res.statusCode ?? 0, body: text === "" ? undefined : JSON.parse(text) };
  }

  /** A 2xx answer's JSON body; anything else throws with the status and body. */
  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.request(method, path, body);
    if (answer.status < 200 || answer.status > 299) {
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    return answer.body as T;
  }

  close(): void {
    this.agent.destroy();
  }
}
