import { DomainError } from "../errors/domain-error.js";

export const WORKSPACE_ID_RULE =
  "workspace ids are 1-63 lowercase letters, digits, '-', '_' or '.', not starting with '.'";

const PATTERN = /^[a-z0-9_-][a-z0-9._-]{0,62}$/;

/** The one rule for workspace ids (the contract checks it too). */
export function checkWorkspaceId(id: string): string {
  if (!PATTERN.test(id)) {
    throw new DomainError(
      "invalid",
      `invalid workspace id "${id.slice(0, 80)}": ${WORKSPACE_ID_RULE}`,
    );
  }
  return id;
}
