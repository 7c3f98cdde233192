import { format } from "node:util";

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** One JSON object per line (time, level, msg, then the fields), on stderr unless told. */
export function createLogger(
  level: LogLevel,
  write = (line: string) => process.stderr.write(line),
): Logger {
  const emit = (at: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (order[at] < order[level]) return;
    write(`${JSON.stringify({ time: new Date().toISOString(), level: at, msg, ...fields })}\n`);
  };
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
