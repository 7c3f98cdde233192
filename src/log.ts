import { format } from "node:util";
import pino from "pino";
import { currentRequest } from "./observability/request-context.js";

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const NO_FIELDS = Object.freeze({});

/**
 * One JSON object per line (time, level, msg, the fields, and the request id
 * of the request it was logged for), through pino, on stderr unless told.
 */
export function createLogger(
  level: LogLevel,
  write = (line: string) => process.stderr.write(line),
): Logger {
  const log = pino(
    {
      level,
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const request = currentRequest();
        return request === undefined ? {} : { request_id: request.requestId };
      },
    },
    { write },
  );
  const emit = (at: LogLevel) => (msg: string, fields?: Record<string, unknown>) =>
    log[at](fields ?? NO_FIELDS, msg);
  return { debug: emit("debug"), info: emit("info"), warn: emit("warn"), error: emit("error") };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Where routeProcessOutput sends what it catches; undefined until it is first called. */
let routedTo: Logger | undefined;

/**
 * Makes everything else the process would print a JSON line of `log`, so a
 * daemon's output is JSON throughout: console.* calls (from dependencies),
 * process warnings (ExperimentalWarning, UnsupportedWarning, deprecations:
 * Node's own plain-text printer is removed), and uncaught exceptions and
 * unhandled rejections, which are logged and then end the process with exit
 * code 1 as Node would. Calling it again switches to another logger.
 */
export function routeProcessOutput(log: Logger): void {
  const first = routedTo === undefined;
  routedTo = log;
  if (!first) return;
  const to = () => routedTo ?? log;
  const consoleTo =
    (level: LogLevel) =>
    (...args: unknown[]) =>
      to()[level](format(...args), { source: "console" });
  console.log = consoleTo("info");
  console.info = consoleTo("info");
  console.debug = consoleTo("debug");
  console.trace = consoleTo("debug");
  console.warn = consoleTo("warn");
  console.error = consoleTo("error");
  process.removeAllListeners("warning");
  process.on("warning", (warning: Error & { code?: string }) => {
    to().warn(warning.message, {
      source: "process",
      warning: warning.name,
      ...(warning.code === undefined ? {} : { code: warning.code }),
    });
  });
  const fatal = (msg: string) => (err: unknown) => {
    to().error(msg, {
      source: "process",
      error: err instanceof Error ? err.message : String(err),
      ...(err instanceof Error && err.stack ? { stack: err.stack } : {}),
    });
    process.exit(1);
  };
  process.on("uncaughtException", fatal("uncaught exception"));
  process.on("unhandledRejection", fatal("unhandled promise rejection"));
}
