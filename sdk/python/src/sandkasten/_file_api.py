"""The file calls of one tree, written once: a Session's files and a Workspace's
differ only in their FileRpcs (_file_rpcs.py)."""

from __future__ import annotations

import os

from sandkasten import _downloads
from sandkasten._chunks import UploadSource, chunks_of
from sandkasten._file_rpcs import FileRpcs, Read
from sandkasten._transport import rpc_errors, stream_with_errors
from sandkasten.read_result import ReadResult
from sandkasten.results import FileInfo, WrittenFile


class FileApi:
    """write, read, list_files, stat, make_dir, remove, upload and download on one tree."""

    def __init__(self, rpcs: FileRpcs) -> None:
        self._file_rpcs = rpcs

    async def write(
        self, path: str, content: str | bytes, *, mode: int | None = None
    ) -> WrittenFile:
        """Creates or replaces the file (text is written as UTF-8), creating parent
        directories. mode sets a new file's permission bits (default 0o644)."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        with rpc_errors():
            response = await self._file_rpcs.write_file(path=path, content=data, mode=mode or 0)
        return WrittenFile(path=response.path, size=response.size)

    async def read(self, path: str, *, max_bytes: int | None = None) -> ReadResult:
        """The file: a str of its text (UTF-8) that also has 0.3's `content` (the bytes),
        `path` and `truncated`. At most max_bytes, and at most the daemon's 16 MiB."""
        response = await self._read(path, max_bytes)
        return ReadResult(response.content, response.path or path, response.truncated)

    async def read_bytes(self, path: str, *, max_bytes: int | None = None) -> bytes:
        """The file's bytes: at most max_bytes, and at most the daemon's 16 MiB."""
        return (await self._read(path, max_bytes)).content

    async def _read(self, path: str, max_bytes: int | None) -> Read:
        with rpc_errors():
            return await self._file_rpcs.read_file(path=path, max_bytes=max_bytes or 0)

    async def list_files(self, path: str = "") -> list[FileInfo]:
        """The directory's entries (at most 10000)."""
        with rpc_errors():
            response = await self._file_rpcs.list_dir(path=path)
        return [FileInfo.of(entry) for entry in response.entries]

    async def stat(self, path: str) -> FileInfo:
        with rpc_errors():
            response = await self._file_rpcs.stat(path=path)
        return FileInfo.of(response.info)

    async def make_dir(self, path: str, *, parents: bool = True) -> str:
        """Creates the directory (with parents, and no error when it exists, unless
        parents=False); returns its absolute path."""
        with rpc_errors():
            return (await self._file_rpcs.make_dir(path=path, parents=parents)).path

    async def remove(self, path: str, *, recursive: bool = False) -> None:
        with rpc_errors():
            await self._file_rpcs.remove(path=path, recursive=recursive)

    async def upload(self, path: str, source: UploadSource) -> WrittenFile:
        """Streams source (bytes, a local path, a binary file, or byte chunks) into path."""
        chunks = chunks_of(source)
        with rpc_errors():
            response = await self._file_rpcs.upload(path, chunks)
        return WrittenFile(path=response.path, size=response.size)

    async def download(self, path: str) -> bytes:
        """The whole file, streamed in chunks (no size limit but memory)."""
        return await _downloads.gather(stream_with_errors(self._file_rpcs.download(path)))

    async def download_to(self, path: str, destination: str | os.PathLike[str]) -> int:
        """Streams the file into the local file destination; returns its size."""
        stream = stream_with_errors(self._file_rpcs.download(path))
        return await _downloads.save(stream, destination)
