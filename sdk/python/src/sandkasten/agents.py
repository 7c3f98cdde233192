"""OpenAI Agents SDK function tools bound to one session (needs the `agents` extra).

    from agents import Agent
    from sandkasten.agents import sandbox_tools

    agent = Agent(name="coder", instructions="...", tools=sandbox_tools(session))

The tools: exec (run a bash command), read_file, write_file and list_files.
A call the daemon refuses (a missing file, a bad path, a destroyed session)
answers the model with the daemon's message, e.g. "not_found: ... no such
file"; other failures get the Agents SDK's generic answer.

sandkasten 0.3's tools are here too, as they were: create_sandkasten_tools(session),
sandkasten_tools() with SandkastenContext, and sandbox_tools_for_workspace(client, id).
"""

from __future__ import annotations

from agents import FunctionTool, Tool, function_tool

from sandkasten._agents_v03 import (
    SandkastenContext,
    create_sandkasten_tools,
    sandbox_tools_for_workspace,
    sandkasten_tools,
)
from sandkasten._tool_errors import tell_model
from sandkasten.exec_results import ExecResult
from sandkasten.results import FileInfo
from sandkasten.session import Session

__all__ = [
    "MAX_TOOL_OUTPUT_CHARS",
    "SandkastenContext",
    "create_sandkasten_tools",
    "describe_exec",
    "exec_tool",
    "list_files_tool",
    "read_file_tool",
    "sandbox_tools",
    "sandbox_tools_for_workspace",
    "sandkasten_tools",
    "tell_model",
    "write_file_tool",
]

#: What a tool answers at most; a model gets little from more.
MAX_TOOL_OUTPUT_CHARS = 20_000


def sandbox_tools(session: Session, *, max_output_chars: int = MAX_TOOL_OUTPUT_CHARS) -> list[Tool]:
    """exec, read_file, write_file and list_files (FunctionTools), all working in session:
    a list to pass as an Agent's tools."""
    return [
        exec_tool(session, max_output_chars=max_output_chars),
        read_file_tool(session, max_output_chars=max_output_chars),
        write_file_tool(session),
        list_files_tool(session),
    ]


def exec_tool(session: Session, *, max_output_chars: int = MAX_TOOL_OUTPUT_CHARS) -> FunctionTool:
    async def exec(command: str, timeout_seconds: int | None = None) -> str:
        """Run a bash command in the sandbox's persistent shell (a Linux container).
        The working directory, environment variables and background jobs carry over
        between calls; files live in /workspace. Returns the exit code, the working
        directory afterwards, and stdout and stderr combined.

        Args:
            command: Bash source to run, e.g. "ls -la" or "python3 main.py".
            timeout_seconds: Stop the command after this many seconds (default: the
                sandbox's maximum).
        """
        result = await session.exec(
            command,
            timeout_ms=timeout_seconds * 1000 if timeout_seconds else None,
            raise_on_timeout=False,
        )
        return describe_exec(result, max_output_chars)

    return function_tool(exec, name_override="exec", failure_error_function=tell_model)


def read_file_tool(
    session: Session, *, max_output_chars: int = MAX_TOOL_OUTPUT_CHARS
) -> FunctionTool:
    async def read_file(path: str) -> str:
        """Read a text file from the sandbox.

        Args:
            path: Relative to /workspace, or absolute.
        """
        content = (await session.read_bytes(path)).decode("utf-8", errors="replace")
        return _cut(content, max_output_chars)

    return function_tool(read_file, name_override="read_file", failure_error_function=tell_model)


def write_file_tool(session: Session) -> FunctionTool:
    async def write_file(path: str, content: str) -> str:
        """Create or replace a text file in the sandbox, creating parent directories.

        Args:
            path: Relative to /workspace, or absolute.
            content: The file's whole new content.
        """
        written = await session.write(path, content)
        return f"wrote {written.size} bytes to {written.path}"

    return function_tool(write_file, name_override="write_file", failure_error_function=tell_model)


def list_files_tool(session: Session) -> FunctionTool:
    async def list_files(path: str = ".") -> str:
        """List a directory in the sandbox: one entry per line, directories end in "/".

        Args:
            path: Relative to /workspace, or absolute; "." is /workspace.
        """
        entries = await session.list_files(path)
        return "\n".join(_entry_line(entry) for entry in entries) or "(empty directory)"

    return function_tool(list_files, name_override="list_files", failure_error_function=tell_model)


def describe_exec(result: ExecResult, max_output_chars: int = MAX_TOOL_OUTPUT_CHARS) -> str:
    """An exec result as a model reads it."""
    lines = [f"exit_code: {result.exit_code}", f"cwd: {result.cwd}"]
    if result.timed_out:
        lines.append(f"timed out: stopped after {result.duration_ms} ms")
    if result.shell_restarted:
        lines.append("the command ended the shell; a fresh one was started")
    if result.truncated:
        lines.append("output truncated by the sandbox at 1 MiB")
    return "\n".join(lines) + "\noutput:\n" + _cut(result.output, max_output_chars)


def _entry_line(entry: FileInfo) -> str:
    return f"{entry.name}/" if entry.is_dir else f"{entry.name}\t{entry.size} bytes"


def _cut(text: str, limit: int) -> str:
    """The text, or its last `limit` characters with a note (errors come at the end)."""
    if len(text) <= limit:
        return text
    return f"[first {len(text) - limit} characters cut]\n" + text[-limit:]
