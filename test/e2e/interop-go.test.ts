import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, test } from "../support/fixtures.js";

/**
 * A third language: a Go client generated from proto/ by buf (protoc-gen-go +
 * protoc-gen-go-grpc, the way README.md shows for any language) drives the
 * daemon over gRPC with grpc-go. npm test installs the plugins and downloads
 * the module's dependencies beforehand (scripts/lib/go-clients.sh); here the
 * Go command may not reach the network.
 */
const execFileAsync = promisify(execFile);
const MODULE = join(process.cwd(), "test", "interop", "go");
const TOOLS = join(process.cwd(), ".tools", "bin");

describe("Go gRPC client generated from proto/", () => {
  test("creates a session, execs, streams and round-trips a file", async ({ daemon }) => {
    const env = { ...process.env, PATH: `${TOOLS}:${process.env.PATH}` };
    await execFileAsync(
      join(process.cwd(), "node_modules", ".bin", "buf"),
      ["generate", "--template", "test/interop/go/buf.gen.yaml"],
      { env },
    );
    const result = await execFileAsync("go", ["test", "-count=1", "-v", "./..."], {
      cwd: MODULE,
      env: {
        ...env,
        GOFLAGS: "-mod=mod",
        GOPROXY: "off",
        SANDKASTEN_URL: daemon.url,
        SANDKASTEN_API_KEY: daemon.apiKey,
      },
      encoding: "utf8",
    }).catch((err: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`go test failed:\n${err.stdout ?? ""}\n${err.stderr ?? err.message}`);
    });
    expect(result.stdout).toContain("--- PASS: TestSessionExecAndFiles");
    expect(result.stdout).toContain("--- PASS: TestErrorsCarryCodes");
  }, 180_000);
});
