import { parseArgs } from "node:util";
import { doctor } from "./doctor.js";
import { buildImages } from "./images.js";
import { mcp } from "./mcp.js";
import { ps } from "./ps.js";
import { serve } from "./serve.js";

const USAGE = `usage: sandkasten <command> [options]

commands:
  serve [--config FILE]          run the daemon (default config: ./sandkasten.yaml if present)
  images build [--force] [NAME]  build the runtime images (base, python, node)
  ps [--config FILE]             list the daemon's sessions
  doctor [--config FILE]         check the engine, images and config, and say how to fix them
  mcp [--url URL] [--api-key KEY] [--config FILE]
                                 serve MCP over stdio for a running daemon
                                 (URL: --url, SANDKASTEN_URL, or the config's listen;
                                  key: --api-key, SANDKASTEN_API_KEY, or the config's api_key)
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      config: { type: "string", short: "c" },
      force: { type: "boolean" },
      url: { type: "string" },
      "api-key": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  switch (command) {
    case "serve":
      return serve(values.config);
    case "images":
      if (positionals[0] !== "build") break;
      return buildImages(positionals.slice(1), values.force ?? false);
    case "ps":
      return ps(values.config);
    case "doctor":
      return doctor(values.config);
    case "mcp":
      return mcp({ configFile: values.config, url: values.url, apiKey: values["api-key"] });
  }
  process.stderr.write(`unknown command: ${argv.join(" ")}\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`sandkasten: ${(err as Error).message}\n`);
    process.exitCode = 1;
  },
);
