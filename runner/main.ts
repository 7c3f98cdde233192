import type { ConnectRouter } from "@connectrpc/connect";
import { ExecService } from "../gen/sandkasten/v1/exec_pb.js";
import { FsService } from "../gen/sandkasten/v1/fs_pb.js";
import { PtyService } from "../gen/sandkasten/v1/pty_pb.js";
import { RunnerService } from "../gen/sandkasten/v1/runner_pb.js";
import { createExecService } from "./exec-service.js";
import { createFsService } from "./fs/service.js";
import { becomeSandboxUser, type SandboxUser, withRoot } from "./privileges.js";
import { PtyTable } from "./pty/pty-table.js";
import { createPtyService } from "./pty-service.js";
import { createRunnerService } from "./runner-service.js";
import { listenOnSocket } from "./server.js";
import { PersistentShell } from "./shell/persistent-shell.js";
import { shellModeOf } from "./shell/shell-mode.js";
import { shellEnvironment } from "./shell-environment.js";
import { ShellHolder } from "./shell-lifecycle.js";

/**
 * The runner: started by the container's init as root, it binds its socket
 * in the directory the daemon mounted, starts the shell, then works as the
 * sandbox user and publishes the socket.
 */
async function main(): Promise<void> {
  const env = process.env;
  const socketDir = env.SANDKASTEN_SOCKET_DIR ?? "/run/sandkasten";
  const workspaceDir = env.SANDKASTEN_WORKSPACE ?? "/workspace";
  const user: SandboxUser = {
    uid: Number(env.SANDKASTEN_UID ?? 1000),
    gid: Number(env.SANDKASTEN_GID ?? 1000),
  };
  // A pool container starts its shell only when a session takes it.
  const deferShell = env.SANDKASTEN_DEFER_SHELL === "1";
  const ptys = new PtyTable(8);

  process.on("uncaughtException", (err) => console.error("runner: uncaught", err));
  process.on("unhandledRejection", (err) => console.error("runner: unhandled", err));

  const holder = new ShellHolder(
    (environment) =>
      new PersistentShell({
        user,
        mode: shellModeOf(env),
        env: environment,
        cwd: workspaceDir,
        scratchDir: "/tmp/.sandkasten",
      }),
    (sessionEnv) => shellEnvironment(env, sessionEnv),
    workspaceDir,
  );
  const routes = (router: ConnectRouter) => {
    router.service(RunnerService, createRunnerService(holder));
    router.service(
      ExecService,
      createExecService(() => holder.shell, { defaultTimeoutMs: 120_000 }),
    );
    router.service(
      FsService,
      createFsService({
        workspaceDir,
        maxReadBytes: 16 << 20,
        maxListEntries: 10_000,
        maxUploadBytes: 1 << 30,
      }),
    );
    router.service(
      PtyService,
      createPtyService({
        table: ptys,
        ptyhost: env.SANDKASTEN_PTYHOST ?? "/opt/sandkasten/ptyhost",
        user,
        workspaceDir,
        environment: () => holder.environment,
        keepaliveMs: 15_000,
      }),
    );
  };
  const socket = await listenOnSocket(`${socketDir}/runner.sock`, routes);
  becomeSandboxUser(user);
  if (!deferShell) holder.startNow();
  withRoot(user, socket.publish);

  const stop = () => {
    holder.shell?.close();
    socket.server.close();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

void main().catch((err) => {
  console.error("runner: failed to start:", err);
  process.exit(1);
});
