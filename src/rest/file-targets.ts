import type { FileTarget } from "./file-target.js";

// Session paths go to FsService unchanged; it resolves them inside the
// session.
export const sessionFiles: FileTarget = {
  kind: "session",
  prefix: "/v1/sessions/:id",
  requestId: (id) => ({ sessionId: id }),
  rpcs: (clients) => clients.fs,
  uploadDirectory: "/workspace",
  statNeedsPath: true,
  writeFields: [],
};

// Workspace paths are relative to the workspace root ("code.py", "/code.py"
// and "sub/x.txt" all stay inside); WorkspaceService confines them.
export const workspaceFiles: FileTarget = {
  kind: "workspace",
  prefix: "/v1/workspaces/:id",
  requestId: (id) => ({ workspaceId: id }),
  rpcs: ({ workspaces }) => ({
    listDir: workspaces.listWorkspaceDir,
    stat: workspaces.statWorkspacePath,
    readFile: workspaces.readWorkspaceFile,
    writeFile: workspaces.writeWorkspaceFile,
    makeDir: workspaces.makeWorkspaceDir,
    remove: workspaces.removeWorkspacePath,
    upload: workspaces.uploadWorkspaceFile,
    download: workspaces.downloadWorkspaceFile,
  }),
  uploadDirectory: "/",
  statNeedsPath: false,
  writeFields: ["mode"],
};
