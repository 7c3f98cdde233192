// Every RPC goes through call() or callStream(): the caller's signal reaches
// the transport, and failures come out as SandkastenErrors.
import { toSandkastenError } from "./errors.js";
import { cancelOnExit } from "./streams.js";
import type { CallOptions } from "./types.js";

/** The options handed to a generated client's method. */
export interface RpcOptions {
  signal?: AbortSignal;
}

/** Makes a unary or client-streaming call, rethrowing its failure as a SandkastenError. */
export async function call<T>(
  options: CallOptions,
  rpc: (rpcOptions: RpcOptions) => Promise<T>,
): Promise<T> {
  try {
    return await rpc({ signal: options.signal });
  } catch (err) {
    throw toSandkastenError(err, options.signal);
  }
}

/**
 * Makes a server-streaming call: its failure comes out as a SandkastenError,
 * and the call is cancelled when options.signal aborts or the consumer stops
 * iterating early.
 */
export function callStream<T>(
  options: CallOptions,
  rpc: (rpcOptions: RpcOptions) => AsyncIterable<T>,
): AsyncGenerator<T> {
  return cancelOnExit(options.signal, (signal) => mapErrors(rpc({ signal }), options.signal));
}

async function* mapErrors<T>(source: AsyncIterable<T>, signal?: AbortSignal): AsyncGenerator<T> {
  try {
    yield* source;
  } catch (err) {
    throw toSandkastenError(err, signal);
  }
}
