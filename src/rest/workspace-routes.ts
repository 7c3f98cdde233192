import type { RestRoute } from "./context.js";
import { HttpError } from "./http-error.js";

// The workspace surface of the REST contract. WorkspaceService has no RPCs
// yet; when it has, map each route onto it here (the uploads can reuse
// receiveMultipartUpload from multipart-upload.ts).
export const workspaceRoutes: readonly RestRoute[] = [
  { method: "GET", path: "/v1/workspaces", handle: notAvailable },
  { method: "DELETE", path: "/v1/workspaces/:id", handle: notAvailable },
  { method: "GET", path: "/v1/workspaces/:id/fs", handle: notAvailable },
  { method: "GET", path: "/v1/workspaces/:id/fs/read", handle: notAvailable },
  { method: "POST", path: "/v1/workspaces/:id/fs/write", handle: notAvailable },
  { method: "POST", path: "/v1/workspaces/:id/fs/upload", handle: notAvailable },
];

async function notAvailable(): Promise<void> {
  throw new HttpError(501, "workspaces are not available yet");
}
