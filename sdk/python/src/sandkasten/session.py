"""A sandbox session: one container with a persistent bash, its files, and its lifetime."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Mapping, Sequence
from contextlib import aclosing
from typing import TYPE_CHECKING, Literal, overload

import httpx

import sandkasten.v1.exec_pb2 as exec_pb2
import sandkasten.v1.session_pb2 as session_pb2
from sandkasten._chunks import UploadSource
from sandkasten._exec_events import ExecEventReader
from sandkasten._file_api import FileApi
from sandkasten._file_rpcs import session_file_rpcs
from sandkasten._local_upload import DEFAULT_DIRECTORY, LocalFile, local_upload
from sandkasten._transport import rpc_errors, stream_with_errors
from sandkasten.errors import CommandTimeoutError, NotFoundError
from sandkasten.errors import SandkastenStreamError as SandkastenStreamError  # as in 0.3
from sandkasten.exec_results import ExecChunk as ExecChunk  # as in 0.3
from sandkasten.exec_results import ExecEvent, ExecResult
from sandkasten.jobs import Jobs
from sandkasten.pty import Pty
from sandkasten.read_result import ReadResult as ReadResult  # as in 0.3
from sandkasten.results import FileInfo, SessionInfo, SessionStats, WrittenFile
from sandkasten.watch import WatchEvent, watch_files

if TYPE_CHECKING:
    from sandkasten.client import SandboxClient

#: exec's and exec_stream's timeout when none is given, as in sandkasten 0.3.
DEFAULT_EXEC_TIMEOUT_MS = 30_000


class Session(FileApi):
    """A running session. Use it with `async with` to destroy it on the way out.

    Made by client.create_session() or client.get_session(); Session(client,
    session_id) also works (as in sandkasten 0.3) and makes no call. Paths are
    relative to /workspace, or absolute inside the container.
    """

    def __init__(
        self, client: SandboxClient, session_id: str, info: SessionInfo | None = None
    ) -> None:
        super().__init__(session_file_rpcs(client._rpc, session_id))
        self._client = client
        self._rpc = client._rpc
        self._id = session_id
        self._info = info
        self._destroyed = False
        #: Commands running beside the shell: start, list, get, attach, write_stdin, signal.
        self.jobs = Jobs(self._rpc, session_id)

    @property
    def id(self) -> str:
        return self._id

    @property
    def last_info(self) -> SessionInfo | None:
        """The session as last seen: at creation, or at the latest info(), refresh() or
        extend(); no call is made. None for a Session(client, id) not yet asked."""
        return self._info

    @property
    def workspace_id(self) -> str | None:
        return self._info.workspace_id if self._info else None

    def __repr__(self) -> str:
        image = self._info.image if self._info else None
        return f"Session(id={self.id!r}, image={image!r}, workspace_id={self.workspace_id!r})"

    async def __aenter__(self) -> Session:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.destroy()

    # -- commands -------------------------------------------------------------

    async def exec(
        self,
        cmd: str,
        *,
        timeout_ms: int | None = DEFAULT_EXEC_TIMEOUT_MS,
        raw_output: bool = False,
        raise_on_timeout: bool = True,
        background: bool = False,
        on_timeout: Literal["kill", "detach"] | None = None,
    ) -> ExecResult:
        """Runs cmd in the session's shell (state such as cwd and exports carries over)
        and returns when it ends. timeout_ms stops it; None means the daemon's maximum.
        A command stopped by its timeout raises CommandTimeoutError (an
        httpx.HTTPStatusError with status 504, as 0.3 raised; its `result` holds the
        output so far), or, with raise_on_timeout=False, returns that result
        (result.timed_out). raw_output keeps ANSI escapes and carriage returns.

        background=True starts cmd as a job (session.jobs) and returns at once with its
        result.job_id (exit_code -1). on_timeout="detach" runs cmd as a job from the
        start: one still running at its timeout is left running and returned (not
        raised) with job_id, timed_out and the output so far. A job runs beside the
        shell: its cd and exports do not carry over."""
        request = exec_pb2.ExecRequest(
            session_id=self.id,
            cmd=cmd,
            timeout_ms=timeout_ms or 0,
            raw_output=raw_output,
            background=background,
            on_timeout=on_timeout or "",
        )
        with rpc_errors():
            response = await self._rpc.exec.exec(
                request, timeout_ms=self._rpc.exec_deadline_ms(timeout_ms)
            )
        result = ExecResult.of(response)
        if result.timed_out and raise_on_timeout and result.job_id is None:
            raise CommandTimeoutError(
                result,
                timeout_ms or 0,
                request=httpx.Request("POST", f"http://daemon/v1/sessions/{self.id}/exec"),
            )
        return result

    async def exec_stream(
        self,
        cmd: str,
        *,
        timeout_ms: int | None = DEFAULT_EXEC_TIMEOUT_MS,
        raw_output: bool = False,
        combine_output: bool = False,
    ) -> AsyncGenerator[ExecEvent, None]:
        """Runs cmd and yields ExecStarted, then ExecOutput chunks as they are produced,
        then ExecEnded; all are ExecChunks (`output`, `done`, ...). timeout_ms as for exec.
        raw_output keeps ANSI escapes and carriage returns in `output` (`data` is always
        the raw bytes). combine_output sends stderr through stdout's pipe, keeping their
        exact order. Closing the generator early (aclose(), or leaving an `async with
        contextlib.aclosing(...)` block) cancels the call, and the daemon stops the
        command. A failure after the start raises a SandkastenStreamError too."""
        request = exec_pb2.ExecStreamRequest(
            session_id=self.id, cmd=cmd, timeout_ms=timeout_ms or 0, combine_output=combine_output
        )
        reader = ExecEventReader(raw_output)
        async with aclosing(stream_with_errors(self._rpc.exec.exec_stream(request))) as messages:
            async for message in messages:
                for event in reader.events(message):
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

    async def list_files(self, path: str = ".") -> list[FileInfo]:
        """The directory's entries (at most 10000); default /workspace."""
        return await super().list_files(path)

    @overload
    async def upload(self, file: str, source: UploadSource) -> WrittenFile: ...

    @overload
    async def upload(
        self,
        file: LocalFile,
        source: None = None,
        *,
        dest_path: str = DEFAULT_DIRECTORY,
        filename: str | None = None,
    ) -> list[str]: ...

    async def upload(
        self,
        file: LocalFile,
        source: UploadSource | None = None,
        *,
        dest_path: str = DEFAULT_DIRECTORY,
        filename: str | None = None,
    ) -> WrittenFile | list[str]:
        """Streams a file into the session in chunks, in one of two ways:

        upload(path, source): source into the file at path. source is the content
        (bytes), a local file's path (str or os.PathLike), a binary file object, or byte
        chunks. Returns the WrittenFile.

        upload(file, *, dest_path="/workspace", filename=None), as sandkasten 0.3: the
        local file (a path, or a binary file object named by its name or filename) into
        the directory dest_path, under its own name. Returns [its absolute path].
        """
        if source is None:
            target, local = local_upload(file, dest_path, filename)
            return [(await super().upload(target, local)).path]
        if not isinstance(file, str):
            raise TypeError(f"upload(path, source) takes the path as a str, not {file!r}")
        if dest_path != DEFAULT_DIRECTORY or filename is not None:
            raise TypeError("dest_path and filename are for upload(file) without a source")
        return await super().upload(file, source)

    def watch(self, path: str = "", *, recursive: bool = False) -> AsyncGenerator[WatchEvent, None]:
        """Yields file events under path (default /workspace) as they happen: "ready"
        first, then created, modified, deleted and renamed ("overflow" when some were
        dropped). Leave the loop (aclose()) to stop watching."""
        return watch_files(self._rpc, self.id, path, recursive)

    # -- lifetime -------------------------------------------------------------

    async def info(self) -> SessionInfo:
        """Fetches the session's current state (status, cwd, expiry); last_info keeps it."""
        with rpc_errors():
            response = await self._rpc.sessions.get_session(
                session_pb2.GetSessionRequest(id=self.id)
            )
        self._info = SessionInfo.of(response.session)
        return self._info

    async def refresh(self) -> SessionInfo:
        """The same as info()."""
        return await self.info()

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
