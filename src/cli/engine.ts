import type { ContainerInfo } from "dockerode";
import type { Config } from "../config/load.js";
import { DockerClient } from "../docker/docker-client.js";
import { LABEL_MANAGED, LABEL_SESSION } from "../docker/labels.js";

/** The engine the config names, with its deadline on every call. */
export function cliDocker(config: Config): DockerClient {
  return new DockerClient(config.docker.socket, config.docker.timeout_ms);
}

/** Every container any sandkasten daemon on this engine made (sessions and pool, any instance). */
export function managedContainers(docker: DockerClient): Promise<ContainerInfo[]> {
  return docker.call("container list", (api) =>
    api.listContainers({ all: true, filters: { label: [`${LABEL_MANAGED}=true`] } }),
  );
}

/** How a managed container is named to a user: its session's id, else its name. */
export function containerLabel(c: ContainerInfo): string {
  return c.Labels?.[LABEL_SESSION] ?? c.Names[0]?.replace(/^\//, "") ?? c.Id.slice(0, 12);
}
