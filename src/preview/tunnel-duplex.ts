import { Duplex } from "node:stream";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { type Client, ConnectError } from "@connectrpc/connect";
import type {
  TunnelRequestSchema,
  TunnelResponse,
  TunnelService,
} from "../../gen/sandkasten/v1/tunnel_pb.js";
import { Outbox } from "./outbox.js";

type TunnelRequest = MessageInitShape<typeof TunnelRequestSchema>;

/** TunnelRequest.data holds at most this much (tunnel.proto). */
const MAX_CHUNK_BYTES = 1 << 20;

/** A tunnel could not be opened: nothing accepts connections on the port, or the runner is away. */
export class TunnelRefused extends Error {}

/**
 * Opens a connection to `port` on the sandbox's loopback through the runner
 * and resolves once it is made, as a Duplex one can use as a socket.
 */
export async function openTunnel(
  client: Client<typeof TunnelService>,
  port: number,
  signal: AbortSignal,
): Promise<Duplex> {
  const outbox = new Outbox<TunnelRequest>();
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  void outbox.push({ port });
  const responses = client.tunnel(outbox, { signal: abort.signal })[Symbol.asyncIterator]();
  try {
    const first = await responses.next();
    if (first.done || first.value.event.case !== "connected") {
      throw new TunnelRefused("the runner ended the tunnel before connecting");
    }
  } catch (err) {
    abort.abort();
    outbox.close();
    throw err instanceof ConnectError ? new TunnelRefused(err.rawMessage) : err;
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  return new TunnelDuplex(responses, outbox, abort);
}

/** The two directions of one Tunnel call, with the call's flow control as the stream's back-pressure. */
class TunnelDuplex extends Duplex {
  private reading = false;

  constructor(
    private readonly responses: AsyncIterator<TunnelResponse>,
    private readonly outbox: Outbox<TunnelRequest>,
    private readonly abort: AbortController,
  ) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error) => void): void {
    const pieces: Promise<void>[] = [];
    for (let at = 0; at < chunk.length; at += MAX_CHUNK_BYTES) {
      pieces.push(this.outbox.push({ data: chunk.subarray(at, at + MAX_CHUNK_BYTES) }));
    }
    Promise.all(pieces).then(() => done(), done);
  }

  override _final(done: (err?: Error) => void): void {
    this.outbox.close();
    done();
  }

  override _read(): void {
    if (this.reading) return;
    this.reading = true;
    void this.pump();
  }

  override _destroy(err: Error | null, done: (err: Error | null) => void): void {
    this.abort.abort();
    this.outbox.close();
    done(err);
  }

  /** Reads answers until the stream's buffer is full (then _read comes again) or the call ends. */
  private async pump(): Promise<void> {
    try {
      for (;;) {
        const next = await this.responses.next();
        if (next.done) {
          this.push(null);
          return;
        }
        const { event } = next.value;
        if (event.case === "data" && !this.push(event.value)) return;
      }
    } catch (err) {
      if (!this.destroyed) {
        const reason = err instanceof ConnectError ? err.rawMessage : String(err);
        this.destroy(new Error(reason));
      }
    } finally {
      this.reading = false;
    }
  }
}
