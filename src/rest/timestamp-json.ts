import type { Timestamp } from "@bufbuild/protobuf/wkt";
import { timestampDate } from "@bufbuild/protobuf/wkt";

// RFC 3339 in UTC, or null when the timestamp is unset or out of range.
export function timestampToJson(timestamp: Timestamp | undefined): string | null {
  if (timestamp === undefined) return null;
  const date = timestampDate(timestamp);
  return Number.isFinite(date.getTime()) ? date.toISOString() : null;
}
