import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { daemonVersion } from "../daemon-version.js";
import type { SandboxApi } from "./clients.js";
import { registerExecTool } from "./exec-tool.js";
import { registerFileTools } from "./file-tools.js";
import { registerJobTools } from "./job-tools.js";
import { registerSessionTools } from "./session-tools.js";
import { registerWorkspaceTools } from "./workspace-tools.js";

const INSTRUCTIONS =
  "Sandkasten runs commands in isolated Linux containers. Call create_session first, " +
  "then exec, read_file, write_file and list_files with its session_id; call destroy_session when done. " +
  "A command that should run on (a server, a long build) goes to exec with background or on_timeout detach: " +
  "it becomes a job, read with job_output and stopped with signal_job. " +
  "watch_files reports file changes for a while; a persistent workspace can be saved with snapshot_workspace, " +
  "compared with diff_workspace and rolled back with restore_workspace.";

/** An MCP server whose tools drive sandboxes through `api`; both transports build theirs here. */
export function createSandboxMcpServer(api: SandboxApi): McpServer {
  const server = new McpServer(
    { name: "sandkasten", version: daemonVersion() },
    { instructions: INSTRUCTIONS },
  );
  registerSessionTools(server, api);
  registerExecTool(server, api);
  registerFileTools(server, api);
  registerJobTools(server, api);
  registerWorkspaceTools(server, api);
  return server;
}
