// A coding agent with the OpenAI Agents SDK and the sandbox tools.
//   SANDKASTEN_URL=... SANDKASTEN_API_KEY=... OPENAI_API_KEY=... npx tsx openai-agents-agent.ts
import { Agent, run } from "@openai/agents";
import { SandboxClient } from "@sandkasten/client";
import { sandboxTools } from "@sandkasten/client/openai-agents";

await using client = new SandboxClient({
  baseUrl: process.env.SANDKASTEN_URL ?? "http://127.0.0.1:8080",
  apiKey: process.env.SANDKASTEN_API_KEY,
});
await using session = await client.createSession({ image: "python" });

const agent = new Agent({
  name: "Sandbox engineer",
  instructions:
    "You are a careful engineer. Use the sandbox tools to write and run code; verify before answering.",
  model: process.env.OPENAI_MODEL ?? "gpt-5-mini",
  tools: sandboxTools(session),
});

const result = await run(
  agent,
  "Write primes.py that prints the first 20 prime numbers, run it, and tell me the output.",
  {
    maxTurns: 10,
  },
);
console.log(result.finalOutput);
