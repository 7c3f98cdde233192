import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, test } from "../support/fixtures.js";

/**
 * gRPC server reflection: `buf curl` and `grpcurl` (clients of their own, from
 * outside the project's TypeScript) list the services and call them without
 * the proto files.
 */
const execFileAsync = promisify(execFile);
const BUF = join(process.cwd(), "node_modules", ".bin", "buf");
// Installed by npm test (scripts/lib/go-clients.sh).
const GRPCURL = join(process.cwd(), ".tools", "bin", "grpcurl");

async function grpcurl(key: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(
    GRPCURL,
    ["-plaintext", "-H", `authorization: Bearer ${key}`, ...args],
    { cwd: "/tmp", encoding: "utf8" },
  );
  return stdout;
}

const hostOf = (url: string) => new URL(url).host;

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

  test("grpcurl -plaintext lists the services", async ({ daemon }) => {
    const services = (await grpcurl(daemon.apiKey, [hostOf(daemon.url), "list"])).split("\n");
    for (const service of [
      "sandkasten.v1.SessionService",
      "sandkasten.v1.ExecService",
      "sandkasten.v1.FsService",
      "sandkasten.v1.WorkspaceService",
      "sandkasten.v1.PtyService",
      "sandkasten.v1.ConfigService",
    ]) {
      expect(services).toContain(service);
    }
  });

  test("grpcurl -plaintext runs an exec", async ({ daemon, session }) => {
    const out = await grpcurl(daemon.apiKey, [
      "-d",
      JSON.stringify({ sessionId: session.id, cmd: "echo hi from grpcurl; exit 4" }),
      hostOf(daemon.url),
      "sandkasten.v1.ExecService/Exec",
    ]);
    expect(JSON.parse(out)).toMatchObject({ exitCode: 4, output: "hi from grpcurl\n" });
  });

  test("grpcurl without the key is refused", async ({ daemon }) => {
    const refused = await grpcurl("sk-wrong", [hostOf(daemon.url), "list"]).then(
      () => "",
      (err: { stderr?: string }) => err.stderr ?? "",
    );
    expect(refused).toMatch(/Unauthenticated/);
  });
});
