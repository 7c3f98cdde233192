import { FsService } from "../../../../gen/sandkasten/v1/fs_pb.js";
import { api, clientWithProgress } from "../../api/clients.js";
import type { FileSource } from "./file-source.js";

/** A session's /workspace, through its runner. */
export function sessionFiles(sessionId: string): FileSource {
  return {
    root: "/workspace",
    rootLabel: "/workspace",
    list: (path) => api.fs.listDir({ sessionId, path }),
    read: (path, maxBytes) => api.fs.readFile({ sessionId, path, maxBytes: BigInt(maxBytes) }),
    async *download(path, signal) {
      for await (const chunk of api.fs.download({ sessionId, path }, { signal })) yield chunk.data;
    },
    remove: async (path, recursive) => {
      await api.fs.remove({ sessionId, path, recursive });
    },
    makeDir: async (path) => {
      await api.fs.makeDir({ sessionId, path, parents: true });
    },
    upload: async (path, content, onProgress) => {
      await clientWithProgress(FsService, onProgress).writeFile({ sessionId, path, content });
    },
  };
}
