import type { ServiceImpl } from "@connectrpc/connect";
import type { WorkspaceService } from "../../../gen/sandkasten/v1/workspace_pb.js";
import type { AppContext } from "../../context.js";
import { deleteWorkspace } from "./delete-workspace.js";
import { downloadWorkspaceFile } from "./download-workspace-file.js";
import { exportWorkspace } from "./export-workspace.js";
import { getWorkspace } from "./get-workspace.js";
import { importWorkspace } from "./import-workspace.js";
import { listWorkspaceDir } from "./list-workspace-dir.js";
import { listWorkspaces } from "./list-workspaces.js";
import { makeWorkspaceDir } from "./make-workspace-dir.js";
import { readWorkspaceFile } from "./read-workspace-file.js";
import { removeWorkspacePath } from "./remove-workspace-path.js";
import { statWorkspacePath } from "./stat-workspace-path.js";
import { uploadWorkspaceFile } from "./upload-workspace-file.js";
import { writeWorkspaceFile } from "./write-workspace-file.js";

export const workspaceService = (ctx: AppContext): ServiceImpl<typeof WorkspaceService> => ({
  listWorkspaces: listWorkspaces(ctx),
  getWorkspace: getWorkspace(ctx),
  deleteWorkspace: deleteWorkspace(ctx),
  listWorkspaceDir: listWorkspaceDir(ctx),
  statWorkspacePath: statWorkspacePath(ctx),
  readWorkspaceFile: readWorkspaceFile(ctx),
  writeWorkspaceFile: writeWorkspaceFile(ctx),
  makeWorkspaceDir: makeWorkspaceDir(ctx),
  removeWorkspacePath: removeWorkspacePath(ctx),
  uploadWorkspaceFile: uploadWorkspaceFile(ctx),
  downloadWorkspaceFile: downloadWorkspaceFile(ctx),
  exportWorkspace: exportWorkspace(ctx),
  importWorkspace: importWorkspace(ctx),
});
