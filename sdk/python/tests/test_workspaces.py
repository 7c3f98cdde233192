"""Workspaces: persistence across sessions, list/get/delete, and their session-less file API."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from sandkasten import FailedPreconditionError, NotFoundError, SandboxClient, WorkspaceInfo


async def test_files_outlive_the_session_that_wrote_them(
    client: SandboxClient, workspace_id: str
) -> None:
    async with await client.create_session(workspace_id=workspace_id) as first:
        assert first.workspace_id == workspace_id
        await first.write("code.py", "print('hello')")
    async with await client.create_session(workspace_id=workspace_id) as second:
        assert await second.read("code.py") == "print('hello')"
        assert (await second.exec("python3 code.py")).output == "hello\n"


async def test_list_and_get_workspaces(client: SandboxClient, workspace_id: str) -> None:
    async with await client.create_session(workspace_id=workspace_id) as session:
        listed = {ws.id: ws for ws in await client.list_workspaces()}
        assert listed[workspace_id].session_ids == [session.id]
        info = await client.get_workspace(workspace_id)
        assert isinstance(info, WorkspaceInfo)
        assert info["id"] == info.id == workspace_id
        assert info.driver in ("volume", "directory")
        assert info.created_at is not None
    assert (await client.get_workspace(workspace_id)).session_ids == []


async def test_delete_without_force_is_refused_while_attached(
    client: SandboxClient, workspace_id: str
) -> None:
    async with await client.create_session(workspace_id=workspace_id) as session:
        with pytest.raises(FailedPreconditionError, match=session.id):
            await client.delete_workspace(workspace_id, force=False)
    await client.delete_workspace(workspace_id, force=False)
    with pytest.raises(NotFoundError):
        await client.get_workspace(workspace_id)


async def test_delete_destroys_attached_sessions_by_default(
    client: SandboxClient, workspace_id: str
) -> None:
    session = await client.create_session(workspace_id=workspace_id)
    await client.delete_workspace(workspace_id)
    assert (await session.refresh()).status == "destroyed"
    assert workspace_id not in {ws.id for ws in await client.list_workspaces()}


async def test_workspace_file_api_without_a_session(
    client: SandboxClient, workspace_id: str, tmp_path: Path
) -> None:
    ws = client.workspace(workspace_id)
    written = await ws.write("/code.py", "print(1)\n")
    assert (written.path, written.size) == ("/code.py", 9)
    await ws.write("data/raw.bin", bytes(range(256)), mode=0o600)
    assert await ws.read("code.py") == "print(1)\n"
    assert await ws.read_bytes("data/raw.bin") == bytes(range(256))
    assert await ws.read_bytes("data/raw.bin", max_bytes=3) == bytes([0, 1, 2])
    assert (await ws.stat("data/raw.bin")).mode & 0o777 == 0o600
    assert (await ws.stat()).is_dir

    assert await ws.make_dir("empty/dir") == "/empty/dir"
    names = {entry.name: entry.is_dir for entry in await ws.list_files()}
    assert names == {"code.py": False, "data": True, "empty": True}

    assert (await ws.upload("up/load.txt", [b"chunk one, ", b"chunk two"])).size == 20
    assert await ws.download("up/load.txt") == b"chunk one, chunk two"
    target = tmp_path / "load.txt"
    assert await ws.download_to("up/load.txt", target) == 20
    assert target.read_text() == "chunk one, chunk two"

    await ws.remove("code.py")
    await ws.remove("empty", recursive=True)
    assert {entry.name for entry in await ws.list_files()} == {"data", "up"}
    with pytest.raises(NotFoundError):
        await ws.read("code.py")

    # A session on the workspace sees the same files.
    async with await client.create_session(workspace_id=workspace_id) as session:
        assert (await session.exec("cat up/load.txt")).output == "chunk one, chunk two"


async def test_export_and_import_a_tar_archive(client: SandboxClient, workspace_id: str) -> None:
    source = client.workspace(workspace_id)
    await source.write("a.txt", "alpha")
    await source.write("sub/b.txt", "beta")
    archive = await source.export_tar()
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        assert {"a.txt", "sub/b.txt"} <= {name.removeprefix("./") for name in tar.getnames()}

    copy = client.workspace(f"{workspace_id}-copy")
    try:
        summary = await copy.import_tar(archive)
        assert summary.files == 2 and summary.bytes == len("alpha") + len("beta")
        assert await copy.read("sub/b.txt") == "beta"
        assert (await copy.info()).id == copy.id
    finally:
        await copy.delete()
