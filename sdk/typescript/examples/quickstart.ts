// A tour of the client: run with a daemon listening and its key in the env:
//   SANDKASTEN_URL=http://127.0.0.1:8080 SANDKASTEN_API_KEY=... npx tsx quickstart.ts
import { SandboxClient, TimeoutError } from "@sandkasten/client";

const baseUrl = process.env.SANDKASTEN_URL ?? "http://127.0.0.1:8080";
const apiKey = process.env.SANDKASTEN_API_KEY;

await using client = new SandboxClient({ baseUrl, apiKey });
// Destroyed when this scope ends, even on an error.
await using session = await client.createSession({ image: "python", ttlSeconds: 600 });
console.log(`session ${session.id} on ${session.info.image}`);

// One command, its whole result; the shell keeps cwd and exports between calls.
const hello = await session.exec("echo hello from $(hostname)");
console.log(hello.output.trim(), `(exit ${hello.exitCode})`);

// Files: write, run, read back.
await session.write(
  "fib.py",
  "a, b = 0, 1\nfor _ in range(10):\n    print(a)\n    a, b = b, a + b\n",
);
await session.exec("python3 fib.py > fib.txt");
console.log("fib:", (await session.readText("fib.txt")).split("\n").join(" "));
console.log(
  "files:",
  (await session.list()).map((f) => f.name),
);

// Output as it is produced; stop it early with an AbortSignal.
for await (const event of session.execStream("for i in 1 2 3; do echo tick $i; sleep 0.3; done")) {
  if (event.type === "exit") console.log(`exit ${event.exitCode} after ${event.durationMs} ms`);
  else process.stdout.write(`[${event.type}] ${event.data}`);
}

// A command that runs too long is stopped; the result says so.
const slow = await session.exec("sleep 5", { timeoutMs: 500 });
console.log("timed out:", slow.timedOut);

// A deadline for the call itself becomes a TimeoutError.
try {
  await session.exec("sleep 5", { signal: AbortSignal.timeout(300) });
} catch (err) {
  if (err instanceof TimeoutError) console.log("call deadline:", err.message);
  else throw err;
}
