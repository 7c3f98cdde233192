import { imageReference } from "../sessions/images.js";
import { loadCliConfig } from "./config-file.js";
import { cliDocker, containerLabel, managedContainers } from "./engine.js";

/**
 * `sandkasten images delete`: removes each image (a tag of an image with
 * several tags: just that tag), refusing one that session or pool
 * containers were created from.
 */
export async function deleteImages(
  configFile: string | undefined,
  names: string[],
): Promise<number> {
  const docker = cliDocker(loadCliConfig(configFile));
  let failed = 0;
  for (const name of names) {
    const ref = imageReference(name);
    try {
      const image = await docker.call("image inspect", (api) => api.getImage(ref).inspect());
      const lastTag = (image.RepoTags ?? []).length <= 1;
      const users = (await managedContainers(docker)).filter(
        // The tag a container names is in use; the image under it, when this is its last tag.
        (c) => c.Image === ref || (lastTag && c.ImageID === image.Id),
      );
      if (users.length > 0) {
        throw new Error(
          `in use by ${users.length} sandkasten container(s): ${users.map(containerLabel).join(", ")}; destroy those sessions first (sandkasten rm ID)`,
        );
      }
      await docker.call("image remove", (api) => api.getImage(ref).remove());
      process.stdout.write(`deleted ${ref}\n`);
    } catch (err) {
      failed++;
      process.stderr.write(`sandkasten images delete: ${ref}: ${(err as Error).message}\n`);
    }
  }
  return failed === 0 ? 0 : 1;
}
