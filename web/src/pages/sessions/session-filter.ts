import type { Session } from "../../../../gen/sandkasten/v1/session_pb.js";
import { statusName } from "../../ui/badge.js";

/**
 * Whether a session matches a filter: every word of the query (case
 * insensitive) is found in its id, image, status or workspace.
 */
export function sessionMatches(s: Session, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const fields = [s.id, s.image, statusName(s.status), s.workspaceId].join("\n").toLowerCase();
  return words.every((word) => fields.includes(word));
}
