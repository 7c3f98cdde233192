import { spawn } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "./repo-root.js";

/** Builds the runtime images with images/build.sh, showing its progress. */
export function buildImages(names: string[], force: boolean): Promise<number> {
  const root = repoRoot();
  const args = [join(root, "images", "build.sh"), ...(force ? ["--force"] : []), ...names];
  return new Promise((resolve) => {
    const child = spawn("bash", args, { cwd: root, stdio: "inherit" });
    child.on("error", () => resolve(1));
    child.on("exit", (code) => resolve(code ?? 1));
  });
}
