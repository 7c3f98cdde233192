"""The seeds' Python snippets (seed_snippets/, verbatim) run unchanged against the daemon.

Each snippet gets only its `"..."` placeholders for base_url and api_key
filled in, and its top-level awaits wrapped in an async function. What a
snippet leaves running (sessions it never destroys, clients it never
closes, workspaces) is cleaned up afterwards.
"""

from __future__ import annotations

import textwrap
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from sandkasten import NotFoundError, SandboxClient, WorkspaceInfo

SNIPPETS = Path(__file__).parent / "seed_snippets"


def _prepare(name: str, base_url: str, api_key: str) -> str:
    """The snippet with the real address and key, as the body of `async def seed()`."""
    code = (SNIPPETS / name).read_text(encoding="utf-8")
    if 'base_url="..."' in code:
        code = code.replace('base_url="..."', f"base_url={base_url!r}", 1)
        code = code.replace('api_key="..."', f"api_key={api_key!r}", 1)
    body = textwrap.indent(textwrap.dedent(code), "    ")
    return f"async def seed():\n{body}\n    return locals()\n"


async def run_seed(name: str, base_url: str, api_key: str, **names: Any) -> dict[str, Any]:
    """Runs the snippet with `names` as its globals; returns its local variables."""
    namespace: dict[str, Any] = dict(names)
    exec(compile(_prepare(name, base_url, api_key), str(SNIPPETS / name), "exec"), namespace)
    local: dict[str, Any] = await namespace["seed"]()
    return local


@pytest.fixture
async def cleanup(client: SandboxClient) -> AsyncIterator[list[str]]:
    """Destroys the sessions a snippet left; deletes the workspaces listed in the yielded list."""
    before = {info.id for info in await client.list_sessions()}
    workspaces: list[str] = []
    yield workspaces
    for info in await client.list_sessions():
        if info.id not in before:
            await client.destroy_session(info.id)
    for workspace_id in workspaces:
        try:
            await client.delete_workspace(workspace_id)
        except NotFoundError:
            pass


async def _close_client(local: dict[str, Any]) -> None:
    client = local.get("client")
    if isinstance(client, SandboxClient):
        await client.close()


@pytest.mark.parametrize("name", ["seed_000_sdk_usage.txt", "seed_001_sdk_usage.txt"])
async def test_seed_workspace_sdk_usage(
    name: str,
    base_url: str,
    api_key: str,
    client: SandboxClient,
    cleanup: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    cleanup.append("user123-project")
    local = await run_seed(name, base_url, api_key)
    await _close_client(local)
    assert capsys.readouterr().out == "print('hello')\n"
    assert local["content"] == "print('hello')"
    assert "user123-project" in {ws["id"] for ws in local["workspaces"]}
    assert all(isinstance(ws, WorkspaceInfo) for ws in local["workspaces"])
    # The snippet's last line deleted the workspace (and the session still on it).
    assert "user123-project" not in {ws.id for ws in await client.list_workspaces()}
    assert (await (await client.get_session(local["session2"].id)).info()).status == "destroyed"


async def test_seed_001_cleanup_policy(
    base_url: str, api_key: str, client: SandboxClient, workspace_id: str
) -> None:
    await client.workspace(workspace_id).write("old.txt", "stale")
    keep = client.workspace(f"{workspace_id}-keep")
    await keep.write("new.txt", "fresh")
    try:

        def is_too_old(ws: WorkspaceInfo) -> bool:  # the snippet leaves this to the reader
            return str(ws["id"]) == workspace_id

        await run_seed(
            "seed_001_cleanup_policy.txt", base_url, api_key, client=client, is_too_old=is_too_old
        )
        remaining = {ws.id for ws in await client.list_workspaces()}
        assert workspace_id not in remaining
        assert keep.id in remaining
    finally:
        await keep.delete()


async def test_seed_002_python_sdk_and_agent_pattern(
    base_url: str,
    api_key: str,
    client: SandboxClient,
    cleanup: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    cleanup.extend(["user123-project", "user123-coding"])
    first = await run_seed("seed_002_python_sdk.txt", base_url, api_key)
    assert first["session"].workspace_id == "user123-project"
    assert "user123-project" in {ws.id for ws in first["workspaces"]}
    assert "user123-project" not in {ws.id for ws in await client.list_workspaces()}

    # The agent pattern goes on with the client of the snippet before it.
    second = await run_seed("seed_002_agent_pattern.txt", base_url, api_key, client=first["client"])
    await _close_client(first)
    assert capsys.readouterr().out == "print('hello')\n"
    assert second["content"] == "print('hello')"
    assert second["session2"].workspace_id == "user123-coding"


async def test_seed_003_quick_start(
    base_url: str, api_key: str, client: SandboxClient, capsys: pytest.CaptureFixture[str]
) -> None:
    local = await run_seed("seed_003_quick_start.txt", base_url, api_key)
    assert capsys.readouterr().out == "Hello from sandbox!\n\n"
    assert local["result"].exit_code == 0
    # Both `async with` blocks closed: the session is destroyed.
    assert local["session"].id not in {info.id for info in await client.list_sessions()}


async def test_seed_003_sdks_python(base_url: str, api_key: str, cleanup: list[str]) -> None:
    local = await run_seed("seed_003_sdks_python.txt", base_url, api_key)
    await _close_client(local)
    assert local["result"].output == "hello\n"
    assert local["result"].exit_code == 0
