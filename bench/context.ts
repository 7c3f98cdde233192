import type { RpcClients } from "./clients.js";
import type { DaemonProcess } from "./daemon-process.js";
import type { Figure } from "./report.js";
import type { RestClient } from "./rest-client.js";
import type { BenchSettings } from "./settings.js";

/** What each section of the benchmark gets: the daemon, its clients, and where rows go. */
export interface BenchContext {
  settings: BenchSettings;
  daemon: DaemonProcess;
  rest: RestClient;
  /** gRPC h2c with Node's default windows. */
  grpc: RpcClients;
  add(figure: Figure): void;
  /** A line of progress on stderr. */
  log(text: string): void;
}
