"""sandkasten.agents: the OpenAI Agents SDK tools, called as a model would call them (no model)."""

from __future__ import annotations

import json
from typing import Any, cast

from agents import FunctionTool
from agents.tool_context import ToolContext

from sandkasten import SandboxClient, Session
from sandkasten.agents import (
    SandkastenContext,
    create_sandkasten_tools,
    sandbox_tools,
    sandbox_tools_for_workspace,
    sandkasten_tools,
)


async def call(tool: FunctionTool, **arguments: Any) -> str:
    """Invokes the tool the way the Agents SDK's runner does, with JSON arguments."""
    raw = json.dumps(arguments)
    context: ToolContext[None] = ToolContext(
        context=None, tool_name=tool.name, tool_call_id="call-1", tool_arguments=raw
    )
    return str(await tool.on_invoke_tool(context, raw))


def tools_by_name(session: Session, **options: int) -> dict[str, FunctionTool]:
    tools = sandbox_tools(session, **options)
    assert all(isinstance(tool, FunctionTool) for tool in tools)
    return {tool.name: tool for tool in tools if isinstance(tool, FunctionTool)}


async def test_the_tools_and_their_schemas(session: Session) -> None:
    tools = tools_by_name(session)
    assert set(tools) == {"exec", "read_file", "write_file", "list_files"}
    assert tools["exec"].params_json_schema["required"] == ["command", "timeout_seconds"]
    assert tools["write_file"].params_json_schema["required"] == ["path", "content"]
    assert all(tool.description for tool in tools.values())


async def test_exec_runs_a_command_in_the_session(session: Session) -> None:
    exec_tool = tools_by_name(session)["exec"]
    answer = await call(exec_tool, command="cd /tmp && echo hi && (exit 3)", timeout_seconds=None)
    assert answer == "exit_code: 3\ncwd: /tmp\noutput:\nhi\n"
    # The session's shell keeps its directory between tool calls.
    assert (await session.exec("pwd")).output == "/tmp\n"


async def test_exec_reports_a_timeout(session: Session) -> None:
    answer = await call(tools_by_name(session)["exec"], command="sleep 30", timeout_seconds=1)
    assert answer.startswith("exit_code: ")
    assert "timed out: stopped after" in answer


async def test_write_then_read_a_file(session: Session) -> None:
    tools = tools_by_name(session)
    written = await call(tools["write_file"], path="src/app.py", content="print('agent')\n")
    assert written == "wrote 15 bytes to /workspace/src/app.py"
    assert await call(tools["read_file"], path="src/app.py") == "print('agent')\n"
    assert await session.read("src/app.py") == "print('agent')\n"


async def test_list_files_shows_directories_and_sizes(session: Session) -> None:
    await session.write("src/app.py", "x = 1\n")
    await session.write("README.md", "# hi\n")
    answer = await call(tools_by_name(session)["list_files"], path=".")
    assert answer.splitlines() == ["README.md\t5 bytes", "src/"]
    assert (
        await call(tools_by_name(session)["list_files"], path="/tmp/..//srv") == "(empty directory)"
    )


async def test_a_failing_tool_answers_with_the_daemons_message(session: Session) -> None:
    answer = await call(tools_by_name(session)["read_file"], path="missing.txt")
    assert "missing.txt" in answer
    assert "not_found" in answer


async def test_long_output_is_cut_to_its_end(session: Session) -> None:
    tool = tools_by_name(session, max_output_chars=100)["exec"]
    answer = await call(tool, command="seq 1 1000", timeout_seconds=None)
    assert answer.endswith("999\n1000\n")
    assert "characters cut]" in answer
    assert len(answer) < 250


async def test_the_0_3_tools_bound_to_a_session(session: Session) -> None:
    tools = {tool.name: tool for tool in create_sandkasten_tools(session)}
    assert set(tools) == {
        "sandbox_exec",
        "sandbox_write_file",
        "sandbox_read_file",
        "sandbox_list_files",
        "sandbox_stats",
    }
    assert all(isinstance(tool, FunctionTool) for tool in tools.values())
    exec_tool, write, read = (
        cast(FunctionTool, tools[name])
        for name in ("sandbox_exec", "sandbox_write_file", "sandbox_read_file")
    )
    assert await call(write, path="notes.txt", content="hello") == "wrote notes.txt"
    assert await call(read, path="notes.txt", max_bytes=4) == "hell\n(truncated)"
    answer = await call(exec_tool, cmd="cd /tmp && cat /workspace/notes.txt", timeout_ms=5000)
    assert answer == "exit_code=0\ncwd=/tmp\n---\nhello"


async def test_the_0_3_context_tools_take_the_session_from_the_run_context(
    session: Session,
) -> None:
    tools = {tool.name: cast(FunctionTool, tool) for tool in sandkasten_tools()}
    context = SandkastenContext(session=session, workspace_id=None)
    raw = json.dumps({"path": "."})
    tool_context: ToolContext[SandkastenContext] = ToolContext(
        context=context, tool_name="sandbox_list_files", tool_call_id="call-1", tool_arguments=raw
    )
    answer = str(await tools["sandbox_list_files"].on_invoke_tool(tool_context, raw))
    assert answer.startswith("exit_code=0\ncwd=/workspace\n---\ntotal ")


async def test_the_0_3_workspace_tools_destroy_their_session(
    client: SandboxClient, workspace_id: str
) -> None:
    async with sandbox_tools_for_workspace(client, workspace_id) as (session, tools):
        assert session.workspace_id == workspace_id
        stats = cast(FunctionTool, tools[-1])
        assert (await call(stats)).startswith("memory_bytes=")
    assert (await session.info()).status == "destroyed"
