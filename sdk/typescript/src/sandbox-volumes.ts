// The `volumes` and `image` of client.sandboxes.create(), the peer product's
// shape, checked with that product's rules and messages, and mapped onto a
// session: one persistent workspace, mounted at /workspace.
import { InvalidArgumentError } from "./errors.js";

/** A volume: its name, or its name and size (1-100 GB). */
export type VolumeSpec = string | { name: string; sizeGb?: number };

/** The mount point → volume map of client.sandboxes.create(). */
export type Volumes = Record<string, VolumeSpec>;

/** Where a sandbox's one volume is mounted: its workspace. */
export const VOLUME_MOUNT = "/workspace";

const NAME = /^[a-z0-9_]+$/;
const MAX_NAME_LENGTH = 30;

const invalid = (message: string) => new InvalidArgumentError(message, "invalid_argument");

/** The workspace id the volumes name ("" for none), after the peer's checks. */
export function volumeWorkspace(volumes: Volumes | undefined): string {
  const entries = Object.entries(volumes ?? {});
  if (entries.length === 0) return "";
  if (entries.length > 1) throw invalid("Only one volume can be mounted per sandbox");
  const [mount, spec] = entries[0] as [string, VolumeSpec];
  const { name, sizeGb } = typeof spec === "string" ? { name: spec, sizeGb: undefined } : spec;
  if (typeof name !== "string" || !NAME.test(name)) {
    throw invalid("Volume name must be lowercase alphanumeric and underscores");
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw invalid(`Volume name must be at most ${MAX_NAME_LENGTH} characters`);
  }
  if (sizeGb !== undefined && !(Number.isInteger(sizeGb) && sizeGb >= 1 && sizeGb <= 100)) {
    throw invalid("Size must be 1-100 GB");
  }
  if (mount !== VOLUME_MOUNT) {
    throw invalid(
      `Volumes mount at ${VOLUME_MOUNT} here, not ${mount}: a sandbox keeps its persistent files in its workspace`,
    );
  }
  return name;
}

/**
 * The daemon's image for a peer image name: node:<tag> is its node image,
 * python:<tag> its python image (the tag is not honoured: the daemon's image
 * has the version it has). Anything else goes to the daemon unchanged, which
 * takes base, python, node and the references in its allowed_images.
 */
export function sandboxImage(image: string | undefined): string {
  const official = /^(?:docker\.io\/)?(?:library\/)?(node|python)(?::[\w.-]+)?$/.exec(image ?? "");
  return official ? (official[1] as string) : (image ?? "");
}
