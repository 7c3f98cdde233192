import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, test } from "../support/fixtures.js";

/**
 * gRPC server reflection: `buf curl` (a client of its own, from outside the
 * project's TypeScript) lists the services and calls them without the
 * proto files.
 */
const execFileAsync = promisify(execFile);
const BUF = join(process.cwd(), "node_modules", ".bin", "buf");

async function bufCurl(key: string, args: string[]): Promise<string> {
  const auth = `authorization: Bearer ${key}`;
  const { stdout } = await execFileAsync(
    BUF,
    [
      "curl",
      "--protocol",
      "grpc",
      "--http2-prior-knowledge",
      "--reflect",
      "--reflect-header",
      auth,
      "-H",
      auth,
      ...args,
    ],
    // Outside the repository, so that buf uses reflection, not the local module.
    { cwd: "/tmp", encoding: "utf8" },
  );
  return stdout;
}

describe("gRPC server reflection", () => {
  test("buf curl lists every service's methods", async ({ daemon }) => {
    const methods = (await bufCurl(daemon.apiKey, ["--list-methods", daemon.url])).split("\n");
    for (const m of [
      "sandkasten.v1.SessionService/CreateSession",
      "sandkasten.v1.ExecService/ExecStream",
      "sandkasten.v1.FsService/Upload",
      "sandkasten.v1.WorkspaceService/ExportWorkspace",
    ]) {
      expect(methods).toContain(m);
    }
  });

  test("buf curl runs an exec without the proto files", async ({ daemon, session }) => {
    const out = await bufCurl(daemon.apiKey, [
      "-d",
      JSON.stringify({ sessionId: session.id, cmd: "echo hi from reflection" }),
      `${daemon.url}/sandkasten.v1.ExecService/ExecStream`,
    ]);
    expect(out).toContain(Buffer.from("hi from reflection\n").toString("base64"));
    expect(out).toContain('"ended"');
  });

  test("reflection wants the API key like everything else", async ({ daemon }) => {
    const refused = await bufCurl("sk-wrong", ["--list-methods", daemon.url]).then(
      () => "",
      (err: { stderr?: string }) => err.stderr ?? "",
    );
    expect(refused).toMatch(/not authenticated|unauthenticated|API key/i);
  });
});
