import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);
const COMMENT_PREFIX = "sandkasten-egress:";

/**
 * Docker (20.10 and later) gives an `--internal` network's containers a
 * default route to the bridge's gateway address, and forwards nothing
 * beyond it; but packets *to the host itself* (any of its addresses) go
 * through INPUT, which Docker leaves open, so every service listening on
 * the host would be reachable. These rules close that: from the session
 * bridge the host accepts only TCP to the proxy's address and port, and
 * rejects everything else (IPv6 too).
 */
export async function fenceBridge(
  bridge: string,
  networkName: string,
  proxy: { address: string; port: number },
): Promise<void> {
  const tag = ["-m", "comment", "--comment", `${COMMENT_PREFIX}${networkName}`];
  await serially(async () => {
    // Reject first, then insert the exception above it: never open for a moment.
    await iptables("iptables", ["-I", "INPUT", "1", "-i", bridge, ...tag, "-j", "REJECT"]);
    await iptables("ip6tables", ["-I", "INPUT", "1", "-i", bridge, ...tag, "-j", "REJECT"]);
    await iptables("iptables", [
      ...["-I", "INPUT", "1", "-i", bridge, "-p", "tcp"],
      ...["-d", proxy.address, "--dport", String(proxy.port), ...tag, "-j", "ACCEPT"],
    ]);
  });
}

/**
 * Removes the rules fenceBridge made for the networks `owned` accepts
 * (one network's on close; all stale ones after a crash).
 */
export async function removeFences(owned: (networkName: string) => boolean): Promise<void> {
  await serially(async () => {
    for (const command of ["iptables", "ip6tables"]) {
      const { stdout } = await run(command, ["-w", "-S", "INPUT"]);
      const rules = stdout.split("\n").filter((line) => line.startsWith("-A INPUT"));
      const numbers = rules
        .map((rule, index) => ({ name: taggedNetwork(rule), number: index + 1 }))
        .filter((r) => r.name !== undefined && owned(r.name))
        .map((r) => r.number);
      // From the bottom up, so that the numbers left stay valid.
      for (const number of numbers.reverse()) {
        await iptables(command, ["-D", "INPUT", String(number)]);
      }
    }
  });
}

function taggedNetwork(rule: string): string | undefined {
  const match = new RegExp(`--comment "?${COMMENT_PREFIX}([A-Za-z0-9_.-]+)"?`).exec(rule);
  return match?.[1];
}

async function iptables(command: string, args: string[]): Promise<void> {
  try {
    await run(command, ["-w", ...args]);
  } catch (err) {
    const stderr = String((err as { stderr?: string }).stderr ?? "").trim();
    throw new Error(`${command} ${args.join(" ")} failed: ${stderr || (err as Error).message}`);
  }
}

// Rule numbers shift when rules come and go: one change at a time.
let queue: Promise<unknown> = Promise.resolve();
function serially<T>(work: () => Promise<T>): Promise<T> {
  const next = queue.then(work, work);
  queue = next.catch(() => {});
  return next;
}
