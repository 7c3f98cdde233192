import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { clientsFor } from "../support/clients.js";
import { describe, expect, test } from "../support/fixtures.js";
import type { TestDaemon } from "../support/test-daemon.js";

/**
 * The scenario, once per client kind: create → set up shell state →
 * see it in the next command → write a file → read it back → destroy.
 */
const SETUP = "cd /tmp && export X=1 && f(){ echo fn; }";
const CHECK = "echo $X; pwd; f";

const execFileAsync = promisify(execFile);

/** curl as a separate process: the daemon runs in this test's process, so never block it. */
async function curl(
  d: TestDaemon,
  method: string,
  path: string,
  body?: unknown,
  contentType?: string,
  // biome-ignore lint/suspicious/noExplicitAny: the answers are JSON of several shapes
): Promise<any> {
  const args = ["-sS", "-X", method, `${d.url}${path}`, "-H", `Authorization: Bearer ${d.apiKey}`];
  if (contentType) args.push("-H", `Content-Type: ${contentType}`);
  if (body !== undefined) args.push("-d", JSON.stringify(body));
  const { stdout: out } = await execFileAsync("curl", args, { encoding: "utf8" });
  return out ? JSON.parse(out) : undefined;
}

describe("the core scenario", () => {
  test("through a gRPC client (connect-node gRPC transport, HTTP/2 cleartext)", async ({
    daemon,
  }) => {
    const api = clientsFor(daemon, "grpc");
    const { session } = await api.sessions.createSession({ image: "base" });
    const id = session?.id ?? "";
    await api.exec.exec({ sessionId: id, cmd: SETUP });
    const check = await api.exec.exec({ sessionId: id, cmd: CHECK });
    expect(check.output).toBe("1\n/tmp\nfn\n");
    expect(check.cwd).toBe("/tmp");
    await api.fs.writeFile({
      sessionId: id,
      path: "notes/hello.txt",
      content: new TextEncoder().encode("hello grpc"),
    });
    const read = await api.fs.readFile({ sessionId: id, path: "/workspace/notes/hello.txt" });
    expect(new TextDecoder().decode(read.content)).toBe("hello grpc");
    await api.sessions.destroySession({ id });
    const after = await api.sessions.getSession({ id });
    expect(after.session?.status).toBe(4); // DESTROYED
  });

  test("through Connect/JSON with curl", async ({ daemon }) => {
    const json = "application/json";
    const created = await curl(
      daemon,
      "POST",
      "/sandkasten.v1.SessionService/CreateSession",
      { image: "base" },
      json,
    );
    const id = created.session.id;
    await curl(
      daemon,
      "POST",
      "/sandkasten.v1.ExecService/Exec",
      { sessionId: id, cmd: SETUP },
      json,
    );
    const check = await curl(
      daemon,
      "POST",
      "/sandkasten.v1.ExecService/Exec",
      { sessionId: id, cmd: CHECK },
      json,
    );
    expect(check.output).toBe("1\n/tmp\nfn\n");
    const content = Buffer.from("hello connect").toString("base64");
    await curl(
      daemon,
      "POST",
      "/sandkasten.v1.FsService/WriteFile",
      { sessionId: id, path: "hello.txt", content },
      json,
    );
    const read = await curl(
      daemon,
      "POST",
      "/sandkasten.v1.FsService/ReadFile",
      { sessionId: id, path: "hello.txt" },
      json,
    );
    expect(Buffer.from(read.content, "base64").toString()).toBe("hello connect");
    await curl(daemon, "POST", "/sandkasten.v1.SessionService/DestroySession", { id }, json);
    const after = await curl(
      daemon,
      "POST",
      "/sandkasten.v1.SessionService/GetSession",
      { id },
      json,
    );
    expect(after.session.status).toBe("SESSION_STATUS_DESTROYED");
  });

  test("through the REST routes with curl", async ({ daemon }) => {
    const created = await curl(daemon, "POST", "/v1/sessions", { image: "python" });
    expect(created.status).toBe("running");
    expect(created.image).toBe("sandbox-runtime:python");
    const id = created.id;
    await curl(daemon, "POST", `/v1/sessions/${id}/exec`, { cmd: SETUP });
    const check = await curl(daemon, "POST", `/v1/sessions/${id}/exec`, { cmd: CHECK });
    expect(check).toMatchObject({
      exit_code: 0,
      cwd: "/tmp",
      output: "1\n/tmp\nfn\n",
      truncated: false,
    });
    expect(
      await curl(daemon, "POST", `/v1/sessions/${id}/fs/write`, {
        path: "hello.py",
        text: "print('hi')",
      }),
    ).toEqual({
      ok: true,
    });
    const read = await curl(daemon, "GET", `/v1/sessions/${id}/fs/read?path=hello.py`);
    expect(Buffer.from(read.content_base64, "base64").toString()).toBe("print('hi')");
    const ran = await curl(daemon, "POST", `/v1/sessions/${id}/exec`, {
      cmd: "python3 /workspace/hello.py",
    });
    expect(ran.output).toBe("hi\n");
    expect(await curl(daemon, "DELETE", `/v1/sessions/${id}`)).toEqual({ ok: true });
    expect((await curl(daemon, "GET", `/v1/sessions/${id}`)).status).toBe("destroyed");
  });
});
