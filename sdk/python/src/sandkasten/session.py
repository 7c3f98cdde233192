"""A sandbox session: one container with a persistent bash, its files, and its lifetime."""

from __future__ import annotations

import os
from collections.abc import AsyncGenerator, AsyncIterator, Mapping, Sequence
from contextlib import aclosing
from types import TracebackType

import sandkasten.v1.exec_pb2 as exec_pb2
import sandkasten.v1.fs_pb2 as fs_pb2
import sandkasten.v1.session_pb2 as session_pb2
from sandkasten import _downloads
from sandkasten._chunks import UploadSource, chunks_of
from sandkasten._transport import Transport, rpc_errors, stream_with_errors
from sandkasten.errors import NotFoundError
from sandkasten.exec_results import ExecEvent, ExecResult, exec_event
from sandkasten.pty import Pty
from sandkasten.results import FileInfo, SessionInfo, SessionStats, WrittenFile


class Session:
    """A running session. Use it with `async with` to destroy it on the way out.

    Paths are relative to /workspace, or absolute inside the container.
    """

    def __init__(self, transport: Transport, info: SessionInfo) -> None:
        self._rpc = transport
        self._info = info
        self._destroyed = False

    @property
    def id(self) -> str:
        return self._info.id

    @property
    def info(self) -> SessionInfo:
        """The session as last seen (at creation, or the latest refresh or extend)."""
        return self._info

    @property
    def workspace_id(self) -> str | None:
        return self._info.workspace_id

    def __repr__(self) -> str:
        info = self._info
        return f"Session(id={info.id!r}, image={info.image!r}, workspace_id={info.workspace_id!r})"

    async def __aenter__(self) -> Session:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.destroy()

    # -- commands -------------------------------------------------------------

    async def exec(
        self, cmd: str, *, timeout_ms: int | None = None, raw_output: bool = False
    ) -> ExecResult:
        """Runs cmd in the session's shell (state such as cwd and exports carries over)
        and returns when it ends. timeout_ms stops it (result.timed_out); by default the
        daemon's maximum applies. raw_output keeps ANSI escapes and carriage returns."""
        request = exec_pb2.ExecRequest(
            session_id=self.id, cmd=cmd, timeout_ms=timeout_ms or 0, raw_output=raw_output
        )
        with rpc_errors():
            return ExecResult.of(await self._rpc.exec.exec(request))

    async def exec_stream(
        self, cmd: str, *, timeout_ms: int | None = None, combine_output: bool = False
    ) -> AsyncGenerator[ExecEvent, None]:
        """Runs cmd and yields ExecStarted, then ExecOutput chunks as they are produced,
        then ExecEnded. combine_output sends stderr through stdout's pipe, keeping
        their exact order. Closing the generator early (aclose(), or leaving an
        `async with contextlib.aclosing(...)` block) cancels the call, and the
        daemon stops the command."""
        request = exec_pb2.ExecStreamRequest(
            session_id=self.id, cmd=cmd, timeout_ms=timeout_ms or 0, combine_output=combine_output
        )
        async with aclosing(stream_with_errors(self._rpc.exec.exec_stream(request))) as messages:
            async for message in messages:
                event = exec_event(message)
                if event is not None:
                    yield event

    async def open_pty(
        self,
        cols: int = 80,
        rows: int = 24,
        *,
        command: Sequence[str] | None = None,
        env: Mapping[str, str] | None = None,
        cwd: str | None = None,
    ) -> Pty:
        """Opens an interactive terminal next to the session's shell and returns once
        its program runs. command is the program and its arguments, looked up on PATH
        (default: an interactive bash); env adds variables; cwd is absolute or relative
        to /workspace (the default). A program or cwd that does not exist raises
        FailedPreconditionError."""
        return await Pty.open(
            self._rpc, self.id, cols=cols, rows=rows, command=command, env=env, cwd=cwd
        )

    # -- files ----------------------------------------------------------------

    async def write(
        self, path: str, content: str | bytes, *, mode: int | None = None
    ) -> WrittenFile:
        """Creates or replaces the file (text is written as UTF-8), creating parent
        directories. mode sets a new file's permission bits (default 0o644)."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        request = fs_pb2.WriteFileRequest(
            session_id=self.id, path=path, content=data, mode=mode or 0
        )
        with rpc_errors():
            response = await self._rpc.fs.write_file(request)
        return WrittenFile(path=response.path, size=response.size)

    async def read(self, path: str) -> str:
        """The file's content decoded as UTF-8 (up to 16 MiB); see read_bytes."""
        return (await self.read_bytes(path)).decode("utf-8")

    async def read_bytes(self, path: str, *, max_bytes: int | None = None) -> bytes:
        """The file's bytes: at most max_bytes, and at most the daemon's 16 MiB."""
        request = fs_pb2.ReadFileRequest(session_id=self.id, path=path, max_bytes=max_bytes or 0)
        with rpc_errors():
            return (await self._rpc.fs.read_file(request)).content

    async def upload(self, path: str, source: UploadSource) -> WrittenFile:
        """Streams source into the file at path in chunks. source is the content (bytes),
        a local file's path (str or os.PathLike), a binary file object, or byte chunks."""

        chunks = chunks_of(source)

        async def requests() -> AsyncIterator[fs_pb2.UploadRequest]:
            yield fs_pb2.UploadRequest(session_id=self.id, path=path)
            async for chunk in chunks:
                yield fs_pb2.UploadRequest(data=chunk)

        with rpc_errors():
            response = await self._rpc.fs.upload(requests())
        return WrittenFile(path=response.path, size=response.size)

    async def download(self, path: str) -> bytes:
        """The whole file, streamed in chunks (no size limit but memory)."""
        stream = self._rpc.fs.download(fs_pb2.DownloadRequest(session_id=self.id, path=path))
        return await _downloads.gather(stream_with_errors(stream))

    async def download_to(self, path: str, destination: str | os.PathLike[str]) -> int:
        """Streams the file into the local file destination; returns its size."""
        stream = self._rpc.fs.download(fs_pb2.DownloadRequest(session_id=self.id, path=path))
        return await _downloads.save(stream_with_errors(stream), destination)

    async def list_files(self, path: str = ".") -> list[FileInfo]:
        """The directory's entries (at most 10000)."""
        request = fs_pb2.ListDirRequest(session_id=self.id, path=path)
        with rpc_errors():
            response = await self._rpc.fs.list_dir(request)
        return [FileInfo.of(entry) for entry in response.entries]

    async def stat(self, path: str) -> FileInfo:
        with rpc_errors():
            response = await self._rpc.fs.stat(fs_pb2.StatRequest(session_id=self.id, path=path))
        return FileInfo.of(response.info)

    async def make_dir(self, path: str, *, parents: bool = True) -> str:
        """Creates the directory (with parents, and no error when it exists, unless
        parents=False); returns its absolute path."""
        request = fs_pb2.MakeDirRequest(session_id=self.id, path=path, parents=parents)
        with rpc_errors():
            return (await self._rpc.fs.make_dir(request)).path

    async def remove(self, path: str, *, recursive: bool = False) -> None:
        request = fs_pb2.RemoveRequest(session_id=self.id, path=path, recursive=recursive)
        with rpc_errors():
            await self._rpc.fs.remove(request)

    # -- lifetime -------------------------------------------------------------

    async def refresh(self) -> SessionInfo:
        """Fetches the session's current state (status, cwd, expiry)."""
        with rpc_errors():
            response = await self._rpc.sessions.get_session(
                session_pb2.GetSessionRequest(id=self.id)
            )
        self._info = SessionInfo.of(response.session)
        return self._info

    async def extend(self, ttl_seconds: int | None = None) -> SessionInfo:
        """Moves the expiry to now + ttl_seconds (default: the daemon's session TTL)."""
        request = session_pb2.ExtendSessionRequest(id=self.id, ttl_seconds=ttl_seconds or 0)
        with rpc_errors():
            response = await self._rpc.sessions.extend_session(request)
        self._info = SessionInfo.of(response.session)
        return self._info

    async def stats(self) -> SessionStats:
        """The container's memory and cpu use."""
        with rpc_errors():
            response = await self._rpc.sessions.get_session_stats(
                session_pb2.GetSessionStatsRequest(id=self.id)
            )
        return SessionStats.of(response)

    async def destroy(self) -> None:
        """Removes the container (a persistent workspace stays). Calling it again does nothing."""
        if self._destroyed:
            return
        try:
            with rpc_errors():
                await self._rpc.sessions.destroy_session(
                    session_pb2.DestroySessionRequest(id=self.id)
                )
        except NotFoundError:
            pass  # Gone already: expired and reaped, or destroyed elsewhere.
        self._destroyed = True
