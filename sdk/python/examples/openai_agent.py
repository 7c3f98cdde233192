"""A coding agent (OpenAI Agents SDK) that works in a Sandkasten sandbox.

Needs a running daemon, and an OpenAI key for the model:

    pip install 'sandkasten[agents]'
    export SANDKASTEN_URL=http://localhost:8080 SANDKASTEN_API_KEY=sk-... OPENAI_API_KEY=sk-...
    python examples/openai_agent.py "Write fizzbuzz.py, run it for 1 to 15 and show the output"

OPENAI_MODEL picks the model (default: the Agents SDK's).
"""

from __future__ import annotations

import asyncio
import os
import sys

from agents import Agent, Runner

from sandkasten import SandboxClient
from sandkasten.agents import sandbox_tools

INSTRUCTIONS = """You have a Linux sandbox with Python 3. Use the exec tool to run shell
commands (the shell keeps its directory and environment between calls), and
write_file, read_file and list_files for files; /workspace is your working
directory. Check your work by running it. Answer with what you did and found."""


def required_env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        sys.exit(f"set {name} (see the top of {__file__})")
    return value


async def main(task: str) -> None:
    base_url = required_env("SANDKASTEN_URL")
    api_key = required_env("SANDKASTEN_API_KEY")
    required_env("OPENAI_API_KEY")
    async with SandboxClient(base_url=base_url, api_key=api_key) as client:
        async with await client.create_session(image="python") as session:
            agent = Agent(
                name="coding-assistant",
                instructions=INSTRUCTIONS,
                tools=sandbox_tools(session),
                model=os.environ.get("OPENAI_MODEL"),
            )
            result = await Runner.run(agent, task, max_turns=20)
            print(result.final_output)


if __name__ == "__main__":
    default_task = "Write fizzbuzz.py, run it for 1 to 15 and show the output."
    asyncio.run(main(" ".join(sys.argv[1:]) or default_task))
