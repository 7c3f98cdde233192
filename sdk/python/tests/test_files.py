"""Session files: write/read (text and bytes), upload/download, list, stat, mkdir, remove."""

from __future__ import annotations

import io
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from sandkasten import FileInfo, NotFoundError, Session

EVERY_BYTE = bytes(range(256))
BIG = os.urandom(1024 * 1024 * 2 + 12345)  # more than two upload chunks


async def test_write_then_read_text(session: Session) -> None:
    written = await session.write("notes/hello.txt", "grüße\n")
    assert written.path == "/workspace/notes/hello.txt"
    assert written.size == len("grüße\n".encode())
    assert await session.read("notes/hello.txt") == "grüße\n"
    assert (await session.exec("cat /workspace/notes/hello.txt")).output == "grüße\n"


async def test_write_then_read_bytes(session: Session) -> None:
    await session.write("/tmp/every-byte.bin", EVERY_BYTE)
    assert await session.read_bytes("/tmp/every-byte.bin") == EVERY_BYTE
    assert await session.read_bytes("/tmp/every-byte.bin", max_bytes=10) == EVERY_BYTE[:10]


async def test_read_gives_the_text_and_the_bytes(session: Session) -> None:
    await session.write("binary.bin", b"ok\xff\xfe")
    result = await session.read("binary.bin")
    assert (result.content, result.path, result.truncated) == (
        b"ok\xff\xfe",
        "/workspace/binary.bin",
        False,
    )
    assert result == "ok\ufffd\ufffd"  # the text: what is not UTF-8 shows as U+FFFD
    cut = await session.read("binary.bin", max_bytes=2)
    assert (cut, cut.content, cut.truncated) == ("ok", b"ok", True)


async def test_write_sets_the_mode_of_a_new_file(session: Session) -> None:
    await session.write("secret.txt", "s", mode=0o600)
    assert (await session.stat("secret.txt")).mode & 0o777 == 0o600


async def test_reading_a_missing_file_is_not_found(session: Session) -> None:
    with pytest.raises(NotFoundError, match="nothing-here"):
        await session.read("nothing-here.txt")


async def test_upload_from_bytes_and_download(session: Session) -> None:
    written = await session.upload("big.bin", BIG)
    assert (written.path, written.size) == ("/workspace/big.bin", len(BIG))
    assert await session.download("big.bin") == BIG


async def test_upload_from_a_local_path_a_file_object_and_chunks(
    session: Session, tmp_path: Path
) -> None:
    local = tmp_path / "local.bin"
    local.write_bytes(BIG)

    async def chunks() -> AsyncIterator[bytes]:
        yield b"first,"
        yield b"second"

    assert (await session.upload("from-path.bin", local)).size == len(BIG)
    assert (await session.upload("from-str-path.bin", str(local))).size == len(BIG)
    assert (await session.upload("from-file.bin", io.BytesIO(EVERY_BYTE))).size == 256
    assert (await session.upload("from-chunks.txt", chunks())).size == 12
    assert (await session.upload("from-list.txt", [b"a", b"b"])).size == 2
    assert (await session.upload("empty.txt", b"")).size == 0
    result = await session.exec(
        "cmp from-path.bin from-str-path.bin"
        " && cat from-chunks.txt from-list.txt && wc -c < empty.txt"
    )
    assert result.output == "first,secondab0\n"
    assert await session.read_bytes("from-file.bin") == EVERY_BYTE


async def test_upload_refuses_what_it_cannot_read_before_calling(
    session: Session, tmp_path: Path
) -> None:
    with pytest.raises(TypeError, match="cannot upload a int"):
        await session.upload("number.txt", 42)  # type: ignore[call-overload]
    with pytest.raises(FileNotFoundError):
        await session.upload("missing.txt", tmp_path / "missing.txt")
    assert await session.list_files() == []


async def test_upload_of_a_local_file_into_a_directory_as_in_0_3(
    session: Session, tmp_path: Path
) -> None:
    local = tmp_path / "data.csv"
    local.write_bytes(b"a,b\n1,2\n")
    assert await session.upload(local) == ["/workspace/data.csv"]
    assert await session.upload(str(local), dest_path="/tmp/in/") == ["/tmp/in/data.csv"]
    named = io.BytesIO(b"named")
    assert await session.upload(named, dest_path="sub", filename="x/y.txt") == [
        "/workspace/sub/y.txt"
    ]
    assert await session.read_bytes("/tmp/in/data.csv") == b"a,b\n1,2\n"
    assert await session.read_bytes("sub/y.txt") == b"named"
    with pytest.raises(ValueError, match="filename required"):
        await session.upload(io.BytesIO(b"no name"))
    with pytest.raises(FileNotFoundError, match="File not found"):
        await session.upload(tmp_path / "missing.csv")


async def test_download_to_a_local_file(session: Session, tmp_path: Path) -> None:
    await session.upload("big.bin", BIG)
    target = tmp_path / "copy.bin"
    assert await session.download_to("big.bin", target) == len(BIG)
    assert target.read_bytes() == BIG


async def test_download_of_a_missing_file_is_not_found(session: Session) -> None:
    with pytest.raises(NotFoundError):
        await session.download("missing.bin")


async def test_list_files_stat_make_dir_and_remove(session: Session) -> None:
    assert await session.make_dir("project/src") == "/workspace/project/src"
    await session.make_dir("project/src")  # exists already: fine with parents
    await session.write("project/readme.md", "# hi")
    entries = {entry.name: entry for entry in await session.list_files("project")}
    assert set(entries) == {"src", "readme.md"}
    assert entries["src"].is_dir and not entries["readme.md"].is_dir
    assert entries["readme.md"].size == 4
    assert entries["readme.md"].path == "/workspace/project/readme.md"
    assert entries["readme.md"].modified_at is not None

    info = await session.stat("project/readme.md")
    assert isinstance(info, FileInfo)
    assert (info.name, info.size, info.is_dir) == ("readme.md", 4, False)

    await session.remove("project/readme.md")
    await session.remove("project", recursive=True)
    assert [entry.name for entry in await session.list_files()] == []
    with pytest.raises(NotFoundError):
        await session.stat("project")
