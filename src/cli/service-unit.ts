/** What the unit runs: `node CLI serve --config CONFIG`, all absolute paths. */
export interface ServiceUnit {
  node: string;
  cli: string;
  config: string;
  version: string;
  /** The config's shutdown_grace_seconds: systemd waits that long and a little more. */
  graceSeconds: number;
}

/**
 * One word of a command line as systemd reads it: `%` and `$` doubled (no
 * specifiers, no variables), quoted when it holds anything but plain
 * path characters.
 */
export function systemdWord(word: string): string {
  const literal = word.replaceAll("%", "%%").replaceAll("$", "$$$$");
  if (/^[A-Za-z0-9_@%$+=:,./-]+$/.test(literal)) return literal;
  return `"${literal.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

/**
 * The systemd unit of the daemon. Its hardening leaves what the daemon
 * needs: the engine's socket, its data_dir, mount(2) for the pool, and the
 * host's own mount namespace. Options that give the service a mount
 * namespace of its own (ProtectSystem, ProtectHome, PrivateTmp, PrivateDevices,
 * ReadWritePaths, ProtectKernel*, ...) are left out on purpose: the binds the
 * pool makes under data_dir would stay in that namespace, out of the engine's
 * sight, and paths the daemon hands the engine must be the host's.
 */
export function serviceUnitText(u: ServiceUnit): string {
  const exec = [u.node, u.cli, "serve", "--config", u.config].map(systemdWord).join(" ");
  return `# Written by \`sandkasten install-service\` (sandkasten ${u.version}).
# After a change: systemctl daemon-reload && systemctl restart sandkasten
[Unit]
Description=Sandkasten: sandboxes for AI agents (sessions in Docker containers)
Wants=network-online.target docker.service
After=network-online.target docker.service

[Service]
Type=simple
ExecStart=${exec}
Restart=on-failure
RestartSec=2s
# SIGTERM lets calls under way finish for shutdown_grace_seconds (${u.graceSeconds}).
KillMode=mixed
TimeoutStopSec=${u.graceSeconds + 15}s
LimitNOFILE=1048576
UMask=0022

# As root, for the engine's socket and data_dir, with no more than it uses:
# chown and file access in workspaces (DAC, FOWNER), the workspace file helper
# dropping to the sandbox user (SETUID, SETGID, KILL to stop it), the pool's
# bind mounts (SYS_ADMIN), a port below 1024 if configured.
CapabilityBoundingSet=CAP_CHOWN CAP_DAC_OVERRIDE CAP_DAC_READ_SEARCH CAP_FOWNER CAP_KILL CAP_SETUID CAP_SETGID CAP_SYS_ADMIN CAP_NET_BIND_SERVICE
NoNewPrivileges=yes
RestrictSUIDSGID=yes
RestrictNamespaces=yes
RestrictRealtime=yes
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK
LockPersonality=yes
SystemCallArchitectures=native
ProtectHostname=yes
# Not set: MemoryDenyWriteExecute (Node's JIT writes code), and every option
# that makes a mount namespace (see above).

[Install]
WantedBy=multi-user.target
`;
}
