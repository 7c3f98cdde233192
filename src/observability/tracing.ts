import type { Interceptor } from "@connectrpc/connect";
import { daemonVersion } from "../daemon-version.js";
import type { Logger } from "../log.js";
import { traceInterceptor } from "./trace-interceptor.js";

export interface Tracing {
  /** Makes a span of every RPC (first in the interceptor list). */
  interceptor: Interceptor;
  /** Sends the spans not sent yet, and stops. */
  shutdown(): Promise<void>;
}

/** OTLP endpoints as the OpenTelemetry SDKs read them; tracing is on when one is set. */
export function tracingWanted(env: NodeJS.ProcessEnv): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true") return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT);
}

/**
 * OpenTelemetry traces of the RPCs, sent over OTLP/HTTP (JSON) in batches,
 * when OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
 * is set; the exporter reads the other OTEL_EXPORTER_OTLP_* variables
 * (headers, timeout) itself, the batching follows OTEL_BSP_*. Off, nothing of OpenTelemetry is loaded
 * and no interceptor is added.
 */
export async function startTracing(
  env: NodeJS.ProcessEnv,
  log: Logger,
  instance: string,
): Promise<Tracing | undefined> {
  if (!tracingWanted(env)) return undefined;
  const [api, core, resources, sdk, otlp] = await Promise.all([
    import("@opentelemetry/api"),
    import("@opentelemetry/core"),
    import("@opentelemetry/resources"),
    import("@opentelemetry/sdk-trace"),
    import("@opentelemetry/exporter-trace-otlp-http"),
  ]);
  const warn = (what: string) => (message: string) => log.warn(`tracing: ${what}`, { message });
  const quiet = () => {};
  api.diag.setLogger(
    { error: warn("error"), warn: warn("warning"), info: quiet, debug: quiet, verbose: quiet },
    api.DiagLogLevel.WARN,
  );
  const provider = new sdk.TracerProvider({
    resource: resources.resourceFromAttributes({
      "service.name": env.OTEL_SERVICE_NAME || "sandkasten",
      "service.version": daemonVersion(),
      "service.instance.id": instance,
    }),
    spanProcessors: [
      new sdk.BatchSpanProcessor({
        exporter: new otlp.OTLPTraceExporter(),
        scheduledDelayMillis: envNumber(env.OTEL_BSP_SCHEDULE_DELAY),
        exportTimeoutMillis: envNumber(env.OTEL_BSP_EXPORT_TIMEOUT),
        maxQueueSize: envNumber(env.OTEL_BSP_MAX_QUEUE_SIZE),
        maxExportBatchSize: envNumber(env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE),
      }),
    ],
  });
  log.info("tracing: sending spans over OTLP/HTTP", {
    endpoint: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT,
  });
  return {
    interceptor: traceInterceptor({
      api,
      tracer: provider.getTracer("sandkasten", daemonVersion()),
      propagator: new core.W3CTraceContextPropagator(),
    }),
    shutdown: () => provider.shutdown(),
  };
}

/** A positive number from an OTEL_* variable; undefined (the SDK's default) otherwise. */
function envNumber(value: string | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && value.trim() !== "" && n > 0 ? n : undefined;
}
