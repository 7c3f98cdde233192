import { exec, execStream } from "./exec-service.js";
import type { FilesAndTerminalsOptions } from "./files-and-terminals.js";
import { becomeSandboxUser, type SandboxUser, withRoot } from "./privileges.js";
import { runnerService } from "./runner-service.js";
import { listenOnSocket, type MethodHandler, type StreamHandler } from "./server.js";
import { PersistentShell } from "./shell/persistent-shell.js";
import { shellModeOf } from "./shell/shell-mode.js";
import { shellEnvironment } from "./shell-environment.js";
import { ShellHolder } from "./shell-lifecycle.js";
import { tunnel } from "./tunnel-service.js";

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
  const methods = new Map<string, MethodHandler>([
    [
      "/sandkasten.v1.ExecService/ExecStream",
      execStream(() => holder.shell, { defaultTimeoutMs: 120_000 }),
    ],
    ["/sandkasten.v1.ExecService/Exec", exec],
    ["/sandkasten.v1.TunnelService/Tunnel", tunnel(64)],
    ...Object.entries(runnerService(holder)).map(
      ([name, handler]) => [`/sandkasten.v1.RunnerService/${name}`, handler] as const,
    ),
  ]);
  const others = lazyFilesAndTerminals({
    workspaceDir,
    user,
    ptyhost: env.SANDKASTEN_PTYHOST ?? "/opt/sandkasten/ptyhost",
    environment: () => holder.environment,
    shellState: () => {
      const shell = holder.shell;
      const environment = holder.environment;
      if (!shell || !environment) return undefined;
      return { cwd: shell.workingDirectory, exports: shell.exportedVariables, env: environment };
    },
    jobsDir: `${socketDir}/jobs`,
  });
  const socket = await listenOnSocket(`${socketDir}/runner.sock`, methods, others);
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

/** Files and terminals (files-and-terminals.ts), loaded when the first call for them comes. */
function lazyFilesAndTerminals(o: FilesAndTerminalsOptions): StreamHandler {
  let loaded: Promise<StreamHandler> | undefined;
  return (stream, headers, flags, rawHeaders) => {
    // Until connect's objects listen to it, a reset stream has nobody to tell.
    stream.on("error", () => {});
    loaded ??= import("./files-and-terminals.js").then((m) => m.filesAndTerminals(o));
    loaded.then(
      (serve) => {
        if (!stream.destroyed) serve(stream, headers, flags, rawHeaders);
      },
      (err: unknown) => {
        console.error("runner: could not load the file and terminal services", err);
        if (!stream.destroyed) stream.close(0x2 /* INTERNAL_ERROR */);
      },
    );
  };
}

void main().catch((err) => {
  console.error("runner: failed to start:", err);
  process.exit(1);
});
