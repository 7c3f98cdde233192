// The buf templates that generate code from proto/: the daemon's (buf.gen.yaml,
// into gen/) and each SDK's (sdk/<language>/buf.gen.yaml, into that SDK).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export function genTargets() {
  const sdks = existsSync("sdk")
    ? readdirSync("sdk")
        .map((name) => join("sdk", name, "buf.gen.yaml"))
        .filter((path) => existsSync(path))
    : [];
  return ["buf.gen.yaml", ...sdks].map((template) => {
    const plugins = parse(readFileSync(template, "utf8")).plugins ?? [];
    return { template, outs: [...new Set(plugins.map((plugin) => plugin.out))] };
  });
}
