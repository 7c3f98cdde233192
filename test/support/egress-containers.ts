import { engine } from "./engine.js";

/** Everything the egress test makes carries this label and name prefix. */
export const EGRESS_TEST_LABEL = "skt-egress-test";

export async function createInternalNetwork(name: string): Promise<void> {
  await engine.createNetwork({
    Name: name,
    Driver: "bridge",
    Internal: true,
    CheckDuplicate: true,
    Labels: { [EGRESS_TEST_LABEL]: "true" },
  });
}

/**
 * Starts a container as uid 1000 without capabilities on one network (or
 * `none`); answers its id and its address there.
 */
export async function startContainer(options: {
  name: string;
  image: string;
  network: string;
  script: string;
  env?: Record<string, string>;
}): Promise<{ id: string; ip: string }> {
  const container = await engine.createContainer({
    name: options.name,
    Image: options.image,
    Entrypoint: ["bash", "-c"],
    Cmd: [options.script],
    User: "1000:1000",
    Env: Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${v}`),
    Labels: { [EGRESS_TEST_LABEL]: "true" },
    HostConfig: {
      NetworkMode: options.network,
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges"],
    },
  });
  await container.start();
  const info = await container.inspect();
  const ip = info.NetworkSettings.Networks[options.network]?.IPAddress ?? "";
  return { id: container.id, ip };
}

/** Runs a bash script in the container as uid 1000; answers its exit code and output. */
export async function execIn(
  containerId: string,
  script: string,
): Promise<{ exitCode: number; output: string }> {
  const exec = await engine.getContainer(containerId).exec({
    Cmd: ["bash", "-c", script],
    User: "1000:1000",
    AttachStdout: true,
    AttachStderr: true,
    Tty: true,
  });
  const stream = await exec.start({ hijack: true, stdin: false, Tty: true });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const { ExitCode } = await exec.inspect();
  return { exitCode: ExitCode ?? -1, output: Buffer.concat(chunks).toString("utf8") };
}

/** Sends a raw CONNECT to the proxy from inside the container; answers the proxy's reply. */
export async function rawConnect(containerId: string, proxyUrl: string, target: string) {
  const { hostname, port } = new URL(proxyUrl);
  const script = `exec 3<>/dev/tcp/${hostname}/${port} || exit 7
printf 'CONNECT %s HTTP/1.1\\r\\nHost: %s\\r\\n\\r\\n' '${target}' '${target}' >&3
timeout 5 cat <&3`;
  return (await execIn(containerId, script)).output;
}

export async function removeContainer(id: string): Promise<void> {
  await engine
    .getContainer(id)
    .remove({ force: true, v: true })
    .catch(() => {});
}

export async function removeNetwork(name: string): Promise<void> {
  await engine
    .getNetwork(name)
    .remove()
    .catch(() => {});
}
