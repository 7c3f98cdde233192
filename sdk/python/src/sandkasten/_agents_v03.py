"""sandkasten 0.3's OpenAI Agents SDK tools, with their names, parameters and answers.

create_sandkasten_tools(session) binds them to one session; sandkasten_tools() takes
the session from the run's context (Agent[SandkastenContext], Runner.run(...,
context=SandkastenContext(session=session))); sandbox_tools_for_workspace opens a
session on a workspace for them. The tools: sandbox_exec, sandbox_write_file,
sandbox_read_file, sandbox_list_files and sandbox_stats.
"""

from __future__ import annotations

import functools
import shlex
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from agents import FunctionTool, RunContextWrapper, Tool, function_tool
from pydantic import BaseModel, ConfigDict

from sandkasten._tool_errors import tell_model
from sandkasten.session import Session

if TYPE_CHECKING:
    from sandkasten.client import SandboxClient


class SandkastenContext(BaseModel):
    """The run context of sandkasten_tools(): the session the tools work in, and the
    workspace it is for (yours to keep track of users by)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    session: Session
    workspace_id: str | None = None


def _exec_answer(exit_code: int, cwd: str, output: str) -> str:
    return f"exit_code={exit_code}\ncwd={cwd}\n---\n{output}"


async def _exec(session: Session, cmd: str, timeout_ms: int) -> str:
    result = await session.exec(cmd, timeout_ms=timeout_ms)
    return _exec_answer(result.exit_code, result.cwd, result.output)


async def _write_file(session: Session, path: str, content: str) -> str:
    await session.write(path, content)
    return f"wrote {path}"


async def _read_file(session: Session, path: str, max_bytes: int | None) -> str:
    result = await session.read(path, max_bytes=max_bytes)
    text = result.content.decode("utf-8", errors="replace")
    return text + "\n(truncated)" if result.truncated else text


async def _list_files(session: Session, path: str) -> str:
    cmd = "ls -la" if path in (".", "") else f"ls -la {shlex.quote(path)}"
    return await _exec(session, cmd, 30_000)


async def _stats(session: Session) -> str:
    stats = await session.stats()
    mem_mb = stats.memory_bytes / (1024 * 1024)
    limit_mb = stats.memory_limit / (1024 * 1024)
    return (
        f"memory_bytes={stats.memory_bytes} ({mem_mb:.2f} MB), "
        f"memory_limit={stats.memory_limit} ({limit_mb:.2f} MB), "
        f"cpu_usage_usec={stats.cpu_usage_usec}"
    )


def _tool(function: Callable[..., Awaitable[str]]) -> FunctionTool:
    return function_tool(function, failure_error_function=tell_model)


def create_sandkasten_tools(session: Session) -> list[Tool]:
    """sandkasten 0.3's five tools, bound to session (no run context needed)."""

    async def sandbox_exec(cmd: str, timeout_ms: int = 30000) -> str:
        """Run a shell command in the sandbox's persistent bash: cd, variables and
        background jobs carry over between calls.

        Args:
            cmd: The command, e.g. "pip install pandas" or "python script.py".
            timeout_ms: Stop it after this many milliseconds.
        """
        return await _exec(session, cmd, timeout_ms)

    async def sandbox_write_file(path: str, content: str) -> str:
        """Write a text file in the sandbox, creating parent directories.

        Args:
            path: Relative to /workspace, or absolute.
            content: The file's whole new content.
        """
        return await _write_file(session, path, content)

    async def sandbox_read_file(path: str, max_bytes: int | None = None) -> str:
        """Read a file from the sandbox; says "(truncated)" at the end when cut.

        Args:
            path: Relative to /workspace, or absolute.
            max_bytes: Read at most this many bytes (omit for the whole file).
        """
        return await _read_file(session, path, max_bytes)

    async def sandbox_list_files(path: str = ".") -> str:
        """List a directory in the sandbox (ls -la).

        Args:
            path: The directory; "." is the shell's current directory.
        """
        return await _list_files(session, path)

    async def sandbox_stats() -> str:
        """The sandbox's memory use, memory limit and CPU time."""
        return await _stats(session)

    return [
        _tool(sandbox_exec),
        _tool(sandbox_write_file),
        _tool(sandbox_read_file),
        _tool(sandbox_list_files),
        _tool(sandbox_stats),
    ]


def _session_of(ctx: RunContextWrapper[Any]) -> Session:
    session: Session = ctx.context.session
    return session


@functools.cache
def _context_tools() -> tuple[Tool, ...]:
    async def sandbox_exec(ctx: RunContextWrapper[Any], cmd: str, timeout_ms: int = 30000) -> str:
        """Run a shell command in the sandbox's persistent bash: cd, variables and
        background jobs carry over between calls.

        Args:
            cmd: The command, e.g. "pip install pandas" or "python script.py".
            timeout_ms: Stop it after this many milliseconds.
        """
        return await _exec(_session_of(ctx), cmd, timeout_ms)

    async def sandbox_write_file(ctx: RunContextWrapper[Any], path: str, content: str) -> str:
        """Write a text file in the sandbox, creating parent directories.

        Args:
            path: Relative to /workspace, or absolute.
            content: The file's whole new content.
        """
        return await _write_file(_session_of(ctx), path, content)

    async def sandbox_read_file(
        ctx: RunContextWrapper[Any], path: str, max_bytes: int | None = None
    ) -> str:
        """Read a file from the sandbox; says "(truncated)" at the end when cut.

        Args:
            path: Relative to /workspace, or absolute.
            max_bytes: Read at most this many bytes (omit for the whole file).
        """
        return await _read_file(_session_of(ctx), path, max_bytes)

    async def sandbox_list_files(ctx: RunContextWrapper[Any], path: str = ".") -> str:
        """List a directory in the sandbox (ls -la).

        Args:
            path: The directory; "." is the shell's current directory.
        """
        return await _list_files(_session_of(ctx), path)

    async def sandbox_stats(ctx: RunContextWrapper[Any]) -> str:
        """The sandbox's memory use, memory limit and CPU time."""
        return await _stats(_session_of(ctx))

    return (
        _tool(sandbox_exec),
        _tool(sandbox_write_file),
        _tool(sandbox_read_file),
        _tool(sandbox_list_files),
        _tool(sandbox_stats),
    )


def sandkasten_tools() -> list[Tool]:
    """sandkasten 0.3's five tools, taking the session from the run's SandkastenContext."""
    return list(_context_tools())


@asynccontextmanager
async def sandbox_tools_for_workspace(
    client: SandboxClient,
    workspace_id: str,
    *,
    image: str = "python",
    ttl_seconds: int | None = None,
) -> AsyncIterator[tuple[Session, list[Tool]]]:
    """`async with sandbox_tools_for_workspace(client, "user-1") as (session, tools)`: a
    session on that workspace and create_sandkasten_tools(session); the session is
    destroyed on the way out (the workspace stays)."""
    session = await client.create_session(
        image=image, workspace_id=workspace_id, ttl_seconds=ttl_seconds
    )
    try:
        yield session, create_sandkasten_tools(session)
    finally:
        await session.destroy()
