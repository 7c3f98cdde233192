import { randomBytes } from "node:crypto";
import Docker from "dockerode";
import { buildDist } from "./build-dist.js";

const IMAGES = ["sandbox-runtime:base", "sandbox-runtime:python", "sandbox-runtime:node"];

/**
 * Integration tests need the real engine and images: this fails (never
 * skips) when they are missing, builds dist/ so the runner injected into
 * containers is current, and after the run fails when anything was left.
 */
export async function setup({ provide }: { provide: (key: string, value: string) => void }) {
  const instance = `test-${randomBytes(4).toString("hex")}`;
  process.env.SANDKASTEN_TEST_INSTANCE = instance;
  provide("instance", instance);
  const docker = new Docker({ socketPath: "/var/run/docker.sock", timeout: 10_000 });
  try {
    await docker.ping();
  } catch (err) {
    throw new Error(
      `integration tests need a Docker engine at /var/run/docker.sock (${(err as Error).message}); run 'npm test' (it starts one) or scripts/setup.sh`,
    );
  }
  for (const image of IMAGES) {
    try {
      await docker.getImage(image).inspect();
    } catch {
      throw new Error(`image ${image} is missing: run 'images/build.sh' (npm test does)`);
    }
  }
  buildDist();
  return async () => {
    // Each test daemon's instance starts with this run's name.
    const ours = (labels: Record<string, string> | null | undefined) =>
      (labels?.["sandkasten.instance"] ?? "").startsWith(instance);
    const filters = JSON.stringify({ label: ["sandkasten.managed=true"] });
    const containers = (await docker.listContainers({ all: true, filters })).filter((c) =>
      ours(c.Labels),
    );
    const volumes = ((await docker.listVolumes({ filters })).Volumes ?? []).filter((v) =>
      ours(v.Labels),
    );
    for (const c of containers) await docker.getContainer(c.Id).remove({ force: true, v: true });
    for (const v of volumes)
      await docker
        .getVolume(v.Name)
        .remove()
        .catch(() => {});
    if (containers.length > 0 || volumes.length > 0) {
      throw new Error(
        `tests left ${containers.length} container(s) and ${volumes.length} volume(s) behind (now removed): ${containers.map((c) => c.Names.join(",")).join(" ")}`,
      );
    }
  };
}
