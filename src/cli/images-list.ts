import type { ImageInfo } from "dockerode";
import { loadCliConfig } from "./config-file.js";
import { cliDocker, managedContainers } from "./engine.js";
import { formatBytes, printTable } from "./table.js";

/** Our sandbox-runtime images, the config's allowed ones, and any labelled sandkasten.image. */
function isOurs(image: ImageInfo, tag: string, allowed: readonly string[]): boolean {
  return (
    tag.startsWith("sandbox-runtime:") ||
    allowed.includes(tag) ||
    image.Labels?.["sandkasten.image"] !== undefined
  );
}

/** `sandkasten images list`: one row per tag, with size, age, use and whether it is allowed. */
export async function listImages(configFile: string | undefined): Promise<number> {
  const config = loadCliConfig(configFile);
  const docker = cliDocker(config);
  const [images, containers] = await Promise.all([
    docker.call("image list", (api) => api.listImages()),
    managedContainers(docker),
  ]);
  const rows: string[][] = [];
  for (const image of images) {
    for (const tag of image.RepoTags ?? []) {
      if (!isOurs(image, tag, config.allowed_images)) continue;
      const users = containers.filter((c) => c.ImageID === image.Id).length;
      rows.push([
        tag,
        image.Id.replace(/^sha256:/, "").slice(0, 12),
        formatBytes(image.Size),
        new Date(image.Created * 1000).toISOString(),
        String(users),
        config.allowed_images.includes(tag) ? "yes" : "no",
      ]);
    }
  }
  rows.sort((a, b) => (a[0] ?? "").localeCompare(b[0] ?? ""));
  printTable(["IMAGE", "ID", "SIZE", "CREATED", "CONTAINERS", "ALLOWED"], rows);
  return 0;
}
