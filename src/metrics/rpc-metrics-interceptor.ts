import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { type ExecStreamResponse, OutputStream } from "../../gen/sandkasten/v1/exec_pb.js";
import type { CreateSessionResponse } from "../../gen/sandkasten/v1/session_pb.js";
import type { Logger } from "../log.js";
import { protocolOf } from "../observability/protocol.js";
import type { DaemonMetrics } from "./daemon-metrics.js";

/** The name of an RPC's outcome: OK, or its error's code (NotFound, Unavailable…). */
export function outcomeOf(err: unknown): string {
  return err === undefined ? "OK" : Code[ConnectError.from(err).code];
}

/**
 * Counts and times every RPC by procedure, outcome and protocol; times
 * successful CreateSessions by where the container came from and successful
 * Execs and ExecStreams by kind; counts the bytes an ExecStream sends.
 * Outermost, so it sees the codes the error interceptor gave. A stream ends
 * when its last message went out, or when the client canceled it. At debug
 * level, logs a line per RPC.
 */
export function metricsInterceptor(m: DaemonMetrics, log: Logger): Interceptor {
  return (next) => async (req) => {
    const started = performance.now();
    const procedure = `${req.service.typeName}/${req.method.name}`;
    const protocol = protocolOf(req.service, req.header);
    const done = (code: string, answer?: unknown) => {
      const seconds = (performance.now() - started) / 1000;
      m.rpcRequests.inc({ procedure, code, protocol });
      m.rpcSeconds.observe({ procedure, protocol }, seconds);
      // Failed calls count above; these latencies are of work done.
      if (code === "OK") observeWork(m, procedure, protocol, seconds, answer);
      log.debug("rpc", { procedure, code, protocol, ms: Math.round(seconds * 1e6) / 1e3 });
    };
    let res: Awaited<ReturnType<typeof next>>;
    try {
      res = await next(req);
    } catch (err) {
      done(outcomeOf(err));
      throw err;
    }
    if (!res.stream) {
      done("OK", res.message);
      return res;
    }
    const onMessage = procedure === EXEC_STREAM ? countOutput(m) : undefined;
    return { ...res, message: observed(res.message, req.signal, done, onMessage) };
  };
}

const EXEC = "sandkasten.v1.ExecService/Exec";
const EXEC_STREAM = "sandkasten.v1.ExecService/ExecStream";
const CREATE_SESSION = "sandkasten.v1.SessionService/CreateSession";

function observeWork(
  m: DaemonMetrics,
  procedure: string,
  protocol: string,
  seconds: number,
  answer: unknown,
): void {
  if (procedure === EXEC) m.execSeconds.observe({ kind: "unary", protocol }, seconds);
  else if (procedure === EXEC_STREAM) m.execSeconds.observe({ kind: "stream", protocol }, seconds);
  else if (procedure === CREATE_SESSION) {
    const pooled = (answer as CreateSessionResponse | undefined)?.session?.pooled === true;
    m.createSeconds.observe({ source: pooled ? "pool" : "cold" }, seconds);
  }
}

async function* observed<T>(
  messages: AsyncIterable<T>,
  signal: AbortSignal,
  done: (code: string) => void,
  onMessage: ((message: T) => void) | undefined,
): AsyncGenerator<T> {
  let code = "OK";
  try {
    for await (const message of messages) {
      onMessage?.(message);
      yield message;
    }
  } catch (err) {
    code = outcomeOf(err);
    throw err;
  } finally {
    done(code === "OK" && signal.aborted ? "Canceled" : code);
  }
}

const countOutput =
  (m: DaemonMetrics) =>
  (message: unknown): void => {
    const event = (message as ExecStreamResponse).event;
    if (event.case !== "output") return;
    const stream = event.value.stream === OutputStream.STDERR ? "stderr" : "stdout";
    m.streamBytes.inc({ stream }, event.value.data.length);
  };
