import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { type EngineStatus, EngineStatusSchema } from "../../../gen/sandkasten/v1/config_pb.js";
import type { DockerClient } from "../../docker/docker-client.js";

/** Engine checks get this long: a status answer must not wait for the daemon's full deadline. */
const CHECK_TIMEOUT_MS = 5_000;

/**
 * Asks the engine for a ping (timed) and its version, and says what it
 * answered, with the last failure of any engine call so far.
 */
export async function checkEngine(docker: DockerClient): Promise<EngineStatus> {
  const status = create(EngineStatusSchema, { socket: docker.socketPath });
  try {
    const started = performance.now();
    await docker.call("ping", (api) => api.ping(), CHECK_TIMEOUT_MS);
    status.pingMs = Math.round((performance.now() - started) * 1000) / 1000;
    status.reachable = true;
    const version = await docker.call("version", (api) => api.version(), CHECK_TIMEOUT_MS);
    status.version = version.Version;
    status.apiVersion = version.ApiVersion;
  } catch {
    // Recorded by the client, with every other call's failures.
  }
  status.failedCalls = BigInt(docker.failureCount);
  const last = docker.lastFailure;
  if (last) {
    status.lastError = last.message;
    status.lastErrorAt = timestampFromDate(last.at);
  }
  return status;
}
