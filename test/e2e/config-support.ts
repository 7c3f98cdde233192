import { type Client, createClient } from "@connectrpc/connect";
import { ConfigService, type GetConfigResponse } from "../../gen/sandkasten/v1/config_pb.js";
import { transportFor } from "../support/clients.js";
import type { TestDaemon } from "../support/test-daemon.js";

export function configClient(d: TestDaemon, key?: string): Client<typeof ConfigService> {
  return createClient(ConfigService, transportFor(d, "grpc", key ?? d.apiKey));
}

export function entryOf(res: GetConfigResponse, key: string) {
  const entry = res.entries.find((e) => e.key === key);
  if (!entry) throw new Error(`GetConfig has no entry ${key}`);
  return entry;
}

/** A candidate from plain values: each becomes its JSON text. */
export function candidate(values: Record<string, unknown>) {
  return {
    valuesJson: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, JSON.stringify(v)])),
  };
}
