import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import Docker from "dockerode";
import { DockerFrameCounter } from "./docker-frames.js";

export const docker = new Docker({ socketPath: "/var/run/docker.sock" });

/** Label on every bare container of this run, so that clean-up finds them all. */
export const BARE_INSTANCE = `bench-bare-${randomBytes(3).toString("hex")}`;
const LABELS = { "sandkasten.managed": "true", "sandkasten.instance": BARE_INSTANCE };

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
  try {
    await container.start();
  } catch (err) {
    await removeContainer(container).catch(() => {});
    throw err;
  }
  return container;
}

export async function removeContainer(c: Docker.Container): Promise<void> {
  await c.remove({ force: true, v: true });
}

/** Starts a docker exec (through the engine API) and hands back its attached stream. */
export async function bareExecStream(c: Docker.Container, cmd: string[]): Promise<Readable> {
  const exec = await c.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  return (await exec.start({ hijack: true, stdin: false })) as unknown as Readable;
}

/** docker exec of a command, its stream read to the end; resolves with its stdout bytes. */
export async function bareExec(c: Docker.Container, cmd: string[]): Promise<number> {
  const stream = await bareExecStream(c, cmd);
  const frames = new DockerFrameCounter();
  stream.on("data", (chunk: Buffer) => frames.push(chunk));
  await new Promise((resolve, reject) => {
    stream.on("end", resolve);
    stream.on("close", resolve);
    stream.on("error", reject);
  });
  return frames.stdout;
}

/** The engine's stats of a container, one reading (what GET …/stats answers from the cgroup). */
export async function bareStats(c: Docker.Container): Promise<void> {
  await c.stats({ stream: false, "one-shot": true });
}
