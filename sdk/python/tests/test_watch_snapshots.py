"""session.watch, and a workspace's snapshots, fork and diff."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from contextlib import aclosing

import pytest

from sandkasten import (
    DiffEntry,
    FailedPreconditionError,
    NotFoundError,
    SandboxClient,
    Session,
    SnapshotInfo,
    WatchEvent,
)


async def watch_while(session: Session, path: str, cmd: str, last: str) -> list[WatchEvent]:
    """Watches path, runs cmd once the watch is ready, and gathers events up to the first
    of kind `last`."""
    events: list[WatchEvent] = []

    async def gather() -> None:
        async with aclosing(session.watch(path, recursive=True)) as stream:
            async for event in stream:
                events.append(event)
                if event.kind == "ready":
                    await session.exec(cmd)
                if event.kind == last:
                    return

    await asyncio.wait_for(gather(), timeout=20)
    return events


async def test_watch_sees_create_modify_delete_in_order(session: Session) -> None:
    await session.exec("mkdir -p /tmp/pywatch/sub")
    target = "/tmp/pywatch/sub/a.txt"
    events = await watch_while(
        session,
        "/tmp/pywatch",
        f"echo one > {target}; sleep 0.3; echo two >> {target}; sleep 0.3; rm {target}",
        "deleted",
    )
    assert events[0] == WatchEvent(kind="ready", path="", old_path=None, is_dir=False)
    kinds = [event.kind for event in events if event.path == target]
    assert kinds[0] == "created" and kinds[-1] == "deleted"
    assert "modified" in kinds[1:-1]
    assert events[-1]["path"] == target


async def test_watch_reports_a_rename_with_its_old_path(session: Session) -> None:
    await session.exec("mkdir -p /tmp/pymv && echo x > /tmp/pymv/old.txt")
    events = await watch_while(
        session, "/tmp/pymv", "mv /tmp/pymv/old.txt /tmp/pymv/new.txt", "renamed"
    )
    assert events[-1] == WatchEvent(
        kind="renamed", path="/tmp/pymv/new.txt", old_path="/tmp/pymv/old.txt", is_dir=False
    )


async def test_watch_of_a_missing_path_raises_not_found(session: Session) -> None:
    with pytest.raises(NotFoundError):
        async with aclosing(session.watch("/tmp/no-such-dir-py")) as stream:
            async for _ in stream:
                pass


@pytest.fixture
async def fork_id(client: SandboxClient) -> AsyncIterator[str]:
    fork_id = f"py-fork-{secrets.token_hex(4)}"
    yield fork_id
    try:
        await client.delete_workspace(fork_id, force=True)
    except NotFoundError:
        pass


async def test_snapshot_change_diff_restore(client: SandboxClient, workspace_id: str) -> None:
    ws = client.workspace(workspace_id)
    await ws.write("a.txt", "one\n")
    await ws.write("keep/k.txt", "kept\n")
    taken = await ws.snapshots.take("before")
    assert isinstance(taken, SnapshotInfo)
    assert (taken.workspace_id, taken.name, taken.files, taken.size_bytes) == (
        workspace_id,
        "before",
        2,
        9,
    )
    assert taken.created_at is not None

    await ws.write("a.txt", "two, longer\n")
    await ws.write("b.txt", "new\n")
    diff = await ws.diff(snapshot="before")
    assert not diff.truncated
    assert [(c.change, c.path) for c in diff.changes] == [
        ("changed", "/a.txt"),
        ("added", "/b.txt"),
    ]
    changed: DiffEntry = diff.changes[0]
    assert changed.before is not None and changed.before.size == 4
    assert changed.after is not None and changed.after.size == 12
    assert diff.changes[1].before is None

    assert (await ws.snapshots.restore("before")).name == "before"
    assert await ws.read("a.txt") == "one\n"
    with pytest.raises(NotFoundError):
        await ws.stat("b.txt")
    assert (await ws.diff(snapshot="before")).changes == []


async def test_restore_is_refused_while_a_session_has_the_workspace(
    client: SandboxClient, workspace_id: str
) -> None:
    ws = client.workspace(workspace_id)
    await ws.write("a.txt", "one\n")
    await ws.snapshots.take("s")
    async with await client.create_session(workspace_id=workspace_id):
        with pytest.raises(FailedPreconditionError):
            await ws.snapshots.restore("s")


async def test_a_fork_is_independent_and_diff_against_it_lists_changes(
    client: SandboxClient, workspace_id: str, fork_id: str
) -> None:
    ws = client.workspace(workspace_id)
    await ws.write("a.txt", "original\n")
    await ws.snapshots.take("v1")
    await ws.write("a.txt", "after v1\n")
    info = await ws.fork(fork_id, snapshot="v1")
    assert info.id == fork_id
    fork = client.workspace(fork_id)
    assert await fork.read("a.txt") == "original\n"
    await fork.write("only-in-fork.txt", "f\n")
    assert await ws.read("a.txt") == "after v1\n"
    with pytest.raises(NotFoundError):
        await ws.stat("only-in-fork.txt")
    changes = (await fork.diff(against=workspace_id)).changes
    assert [(c.change, c.path) for c in changes] == [
        ("changed", "/a.txt"),
        ("added", "/only-in-fork.txt"),
    ]
    since_v1 = (await fork.diff(against=workspace_id, snapshot="v1")).changes
    assert [(c.change, c.path) for c in since_v1] == [("added", "/only-in-fork.txt")]


async def test_list_and_delete_snapshots(client: SandboxClient, workspace_id: str) -> None:
    ws = client.workspace(workspace_id)
    await ws.write("x", "x")
    await ws.snapshots.take("first")
    await ws.snapshots.take("second")
    assert [s.name for s in await ws.snapshots.list()] == ["first", "second"]
    await ws.snapshots.delete("first")
    assert [s["name"] for s in await ws.snapshots.list()] == ["second"]
    with pytest.raises(NotFoundError):
        await ws.snapshots.restore("first")
