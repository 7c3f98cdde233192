import { DomainError } from "../errors/domain-error.js";

export const SNAPSHOT_NAME_RULE =
  "snapshot names are 1-63 lowercase letters, digits, '-', '_' or '.', not starting with '.'";

const PATTERN = /^[a-z0-9_-][a-z0-9._-]{0,62}$/;

/** The one rule for snapshot names (the contract checks it too); a name is a directory name. */
export function checkSnapshotName(name: string): string {
  if (!PATTERN.test(name)) {
    throw new DomainError(
      "invalid",
      `invalid snapshot name "${name.slice(0, 80)}": ${SNAPSHOT_NAME_RULE}`,
    );
  }
  return name;
}
