import type { DescService } from "@bufbuild/protobuf";
import { ConnectError, type Interceptor } from "@connectrpc/connect";
import type * as Api from "@opentelemetry/api";
import { protocolOf } from "./protocol.js";
import { currentRequest } from "./request-context.js";

export interface TraceTools {
  api: typeof Api;
  tracer: Api.Tracer;
  propagator: Api.TextMapPropagator;
}

const headerGetter: Api.TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

/**
 * A server span per RPC, named after it (sandkasten.v1.ExecService/Exec),
 * child of the caller's span when the request carries a W3C traceparent. It
 * carries the session (or workspace) the call is about, the request id and
 * the outcome, and ends with the answer, or with a stream's last message.
 */
export function traceInterceptor({ api, tracer, propagator }: TraceTools): Interceptor {
  return (next) => async (req) => {
    const protocol = protocolOf(req.service, req.header);
    const requestId = currentRequest()?.requestId;
    const span = tracer.startSpan(
      `${req.service.typeName}/${req.method.name}`,
      {
        kind: api.SpanKind.SERVER,
        attributes: {
          "rpc.system": protocol.startsWith("grpc") ? "grpc" : "connect_rpc",
          "rpc.service": req.service.typeName,
          "rpc.method": req.method.name,
          "sandkasten.protocol": protocol,
          ...(requestId === undefined ? {} : { "sandkasten.request_id": requestId }),
        },
      },
      propagator.extract(api.ROOT_CONTEXT, req.header, headerGetter),
    );
    const end = (err?: unknown) => {
      if (err !== undefined) {
        const e = ConnectError.from(err);
        span.setAttribute("rpc.grpc.status_code", e.code);
        span.setStatus({ code: api.SpanStatusCode.ERROR, message: e.rawMessage });
      } else {
        span.setAttribute("rpc.grpc.status_code", 0);
      }
      span.end();
    };
    const about = (message: unknown) => setSubject(span, req.service, message);
    let res: Awaited<ReturnType<typeof next>>;
    try {
      if (req.stream) {
        res = await next({ ...req, message: firstSeen(req.message, about) });
      } else {
        about(req.message);
        res = await next(req);
      }
    } catch (err) {
      end(err);
      throw err;
    }
    if (!res.stream) {
      // CreateSession: the new session's id is in the answer.
      about((res.message as { session?: unknown }).session);
      end();
      return res;
    }
    return { ...res, message: endsWith(res.message, end) };
  };
}

/** sandkasten.session_id (or workspace_id) from a request, or the session an answer names. */
function setSubject(span: Api.Span, service: DescService, message: unknown): void {
  if (message === null || typeof message !== "object") return;
  const m = message as { sessionId?: unknown; workspaceId?: unknown; id?: unknown };
  const session =
    typeof m.sessionId === "string" && m.sessionId !== ""
      ? m.sessionId
      : service.typeName === "sandkasten.v1.SessionService" && typeof m.id === "string"
        ? m.id
        : "";
  if (session !== "") span.setAttribute("sandkasten.session_id", session);
  const workspace =
    typeof m.workspaceId === "string" && m.workspaceId !== ""
      ? m.workspaceId
      : service.typeName === "sandkasten.v1.WorkspaceService" && typeof m.id === "string"
        ? m.id
        : "";
  if (workspace !== "") span.setAttribute("sandkasten.workspace_id", workspace);
}

async function* firstSeen<T>(messages: AsyncIterable<T>, see: (m: T) => void): AsyncGenerator<T> {
  let first = true;
  for await (const message of messages) {
    if (first) see(message);
    first = false;
    yield message;
  }
}

async function* endsWith<T>(
  messages: AsyncIterable<T>,
  end: (err?: unknown) => void,
): AsyncGenerator<T> {
  let failure: unknown;
  try {
    yield* messages;
  } catch (err) {
    failure = err;
    throw err;
  } finally {
    end(failure);
  }
}
