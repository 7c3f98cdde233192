import { WorkspaceService } from "../../../../gen/sandkasten/v1/workspace_pb.js";
import { api, clientWithProgress } from "../../api/clients.js";
import type { FileSource } from "./file-source.js";

/** A workspace's files without a session: the daemon's confined helper reads them. */
export function workspaceFiles(workspaceId: string): FileSource {
  return {
    root: "/",
    rootLabel: workspaceId,
    list: (path) => api.workspaces.listWorkspaceDir({ workspaceId, path }),
    read: (path, maxBytes) =>
      api.workspaces.readWorkspaceFile({ workspaceId, path, maxBytes: BigInt(maxBytes) }),
    async *download(path, signal) {
      for await (const chunk of api.workspaces.downloadWorkspaceFile(
        { workspaceId, path },
        { signal },
      ))
        yield chunk.data;
    },
    remove: async (path, recursive) => {
      await api.workspaces.removeWorkspacePath({ workspaceId, path, recursive });
    },
    makeDir: async (path) => {
      await api.workspaces.makeWorkspaceDir({ workspaceId, path, parents: true });
    },
    upload: async (path, content, onProgress) => {
      await clientWithProgress(WorkspaceService, onProgress).writeWorkspaceFile({
        workspaceId,
        path,
        content,
      });
    },
  };
}
