import type { Readable } from "node:stream";
import Docker from "dockerode";

export const docker = new Docker({ socketPath: "/var/run/docker.sock" });

const LABELS = { "sandkasten.managed": "true", "sandkasten.instance": "bench-bare" };

/** docker create + start with the same isolation a session gets, running `sleep infinity`. */
export async function bareCreateStart(image: string): Promise<Docker.Container> {
  const container = await docker.createContainer({
    Image: image,
    Cmd: ["sleep", "infinity"],
    User: "1000:1000",
    Labels: LABELS,
    HostConfig: {
      Init: true,
      ReadonlyRootfs: true,
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges"],
      Memory: 512 * 1024 * 1024,
      NanoCpus: 1e9,
      PidsLimit: 256,
      NetworkMode: "none",
      Tmpfs: { "/tmp": "rw,size=512m" },
    },
  });
  await container.start();
  return container;
}

export async function removeContainer(c: Docker.Container): Promise<void> {
  await c.remove({ force: true, v: true });
}

/** docker exec of a command; resolves with the bytes of its stdout when it ends. */
export async function bareExec(c: Docker.Container, cmd: string[]): Promise<number> {
  const exec = await c.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = (await exec.start({ hijack: true, stdin: false })) as unknown as Readable;
  let bytes = 0;
  stream.on("data", (chunk: Buffer) => {
    bytes += chunk.length;
  });
  await new Promise((resolve, reject) => {
    stream.on("end", resolve);
    stream.on("error", reject);
  });
  return bytes;
}
