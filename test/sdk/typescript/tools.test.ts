import { RunContext } from "@openai/agents";
import type { SandboxClient, Session } from "@sandkasten/client";
import { sandboxTools as aiTools } from "@sandkasten/client/ai";
import { sandboxTools as agentsTools } from "@sandkasten/client/openai-agents";
import type { ToolExecutionOptions } from "ai";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TestDaemon } from "../../support/test-daemon.js";
import { closeSdkSession, openSdkSession } from "./helpers.js";

// The agent-framework tools, called the way each framework calls them, with
// no model: the AI SDK's execute(input, options) and the OpenAI Agents SDK's
// invoke(runContext, argumentsJson).

let daemon: TestDaemon;
let client: SandboxClient;
let session: Session;
beforeAll(async () => {
  ({ daemon, client, session } = await openSdkSession());
});
afterAll(() => closeSdkSession({ daemon, client, session }));

describe("Vercel AI SDK tools", () => {
  const options = (toolCallId: string): ToolExecutionOptions<unknown> => ({
    toolCallId,
    messages: [],
    context: undefined,
  });
  // A ToolSet's execute is optional in its type; these tools always have one.
  const run = async (name: keyof ReturnType<typeof aiTools>, input: unknown) => {
    const execute = aiTools(session)[name].execute as (i: unknown, o: unknown) => unknown;
    return execute(input, options(`call-${name}`));
  };

  test("the tool set has the four tools with descriptions and input schemas", () => {
    const tools = aiTools(session);
    expect(Object.keys(tools).sort()).toEqual([
      "list_files",
      "read_file",
      "run_command",
      "write_file",
    ]);
    for (const t of Object.values(tools)) {
      expect(t.description).toBeTruthy();
      expect(t.inputSchema).toBeDefined();
    }
  });

  test("run_command runs in the session's shell", async () => {
    expect(await run("run_command", { command: "echo from-ai; exit 2", timeout_ms: null })).toEqual(
      {
        exitCode: 2,
        output: "from-ai\n",
        cwd: "/workspace",
        timedOut: false,
      },
    );
  });

  test("write_file then read_file round-trips a file; list_files shows it", async () => {
    expect(await run("write_file", { path: "ai/poem.txt", content: "roses\n" })).toEqual({
      path: "/workspace/ai/poem.txt",
      size: 6,
    });
    expect(await run("read_file", { path: "ai/poem.txt" })).toEqual({
      path: "ai/poem.txt",
      content: "roses\n",
    });
    expect(await run("list_files", { path: "ai" })).toEqual({
      entries: [{ name: "poem.txt", type: "file", size: 6 }],
    });
    expect(await run("list_files", { path: null })).toMatchObject({
      entries: expect.arrayContaining([
        { name: "ai", type: "directory", size: expect.any(Number) },
      ]),
    });
  });

  test("a missing file comes back to the model as an error it can read", async () => {
    expect(await run("read_file", { path: "nope.txt" })).toEqual({
      error: expect.stringMatching(/^NotFoundError: /),
    });
  });

  test("a command timeout is reported, and long output is clipped", async () => {
    const tools = aiTools(session, { maxOutputChars: 100 });
    const execute = tools.run_command.execute as (i: unknown, o: unknown) => Promise<unknown>;
    expect(await execute({ command: "sleep 10", timeout_ms: 300 }, options("t"))).toMatchObject({
      timedOut: true,
    });
    const long = (await execute(
      { command: "head -c 5000 /dev/zero | tr '\\0' x", timeout_ms: null },
      options("l"),
    )) as { output: string };
    expect(long.output).toContain("characters cut");
    expect(long.output.length).toBeLessThan(200);
  });
});

describe("OpenAI Agents SDK tools", () => {
  const byName = (name: string) => {
    const found = agentsTools(session).find((t) => t.name === name);
    if (!found) throw new Error(`no tool ${name}`);
    return found;
  };
  const invoke = async (name: string, input: unknown) =>
    JSON.parse(String(await byName(name).invoke(new RunContext(), JSON.stringify(input))));

  test("the tools are strict function tools with JSON schemas", () => {
    const tools = agentsTools(session);
    expect(tools.map((t) => t.name).sort()).toEqual([
      "list_files",
      "read_file",
      "run_command",
      "write_file",
    ]);
    for (const t of tools) {
      expect(t.type).toBe("function");
      expect(t.strict).toBe(true);
      expect(t.parameters).toMatchObject({ type: "object" });
    }
  });

  test("run_command runs in the session's shell", async () => {
    expect(await invoke("run_command", { command: "echo from-agents", timeout_ms: null })).toEqual({
      exitCode: 0,
      output: "from-agents\n",
      cwd: "/workspace",
      timedOut: false,
    });
  });

  test("write_file then read_file round-trips a file; list_files shows it", async () => {
    expect(await invoke("write_file", { path: "agents/a.json", content: '{"x":1}' })).toEqual({
      path: "/workspace/agents/a.json",
      size: 7,
    });
    expect(await invoke("read_file", { path: "agents/a.json" })).toEqual({
      path: "agents/a.json",
      content: '{"x":1}',
    });
    expect(await invoke("list_files", { path: "agents" })).toEqual({
      entries: [{ name: "a.json", type: "file", size: 7 }],
    });
  });

  test("a missing file comes back to the model as an error it can read", async () => {
    expect(await invoke("read_file", { path: "nope.txt" })).toEqual({
      error: expect.stringMatching(/^NotFoundError: /),
    });
  });
});
