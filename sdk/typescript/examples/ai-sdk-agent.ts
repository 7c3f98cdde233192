// A coding agent with the Vercel AI SDK and the sandbox tools.
//   SANDKASTEN_URL=... SANDKASTEN_API_KEY=... AI_GATEWAY_API_KEY=... npx tsx ai-sdk-agent.ts
// The model id below goes through the AI SDK's default provider (the AI
// Gateway). To call OpenAI directly with OPENAI_API_KEY instead, install
// @ai-sdk/openai and pass `model: openai("gpt-5-mini")` (import { openai } from "@ai-sdk/openai").
import { SandboxClient } from "@sandkasten/client";
import { sandboxTools } from "@sandkasten/client/ai";
import { generateText, stepCountIs } from "ai";

await using client = new SandboxClient({
  baseUrl: process.env.SANDKASTEN_URL ?? "http://127.0.0.1:8080",
  apiKey: process.env.SANDKASTEN_API_KEY,
});
await using session = await client.createSession({ image: "python" });

const result = await generateText({
  model: process.env.AI_MODEL ?? "openai/gpt-5-mini",
  tools: sandboxTools(session),
  stopWhen: stepCountIs(10),
  system:
    "You are a careful engineer. Use the sandbox tools to write and run code; verify before answering.",
  prompt: "Write primes.py that prints the first 20 prime numbers, run it, and tell me the output.",
});

for (const step of result.steps) {
  for (const call of step.toolCalls)
    console.log(`> ${call.toolName} ${JSON.stringify(call.input)}`);
}
console.log(result.text);
