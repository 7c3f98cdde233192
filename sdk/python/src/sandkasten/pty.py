"""Terminals: interactive programs on a pseudo-terminal, next to the session's shell."""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import AsyncGenerator, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType

import sandkasten.v1.pty_pb2 as pty_pb2
from sandkasten._records import Record
from sandkasten._transport import Transport, rpc_errors, stream_with_errors
from sandkasten.errors import InternalError, NotFoundError, UnavailableError

# WritePty takes at most 64 KiB per call; longer input goes in several calls, in order.
_MAX_WRITE = 64 * 1024


@dataclass(frozen=True)
class PtyExit(Record):
    """How a terminal's program ended."""

    #: The exit status; -1 when a signal ended the program.
    exit_code: int
    #: The signal that ended it ("SIGKILL"); "" when it exited.
    signal: str


class Pty:
    """An interactive terminal in a session (from `session.open_pty()`).

    Read output() for as long as the program runs: like a real terminal, one
    whose output nobody reads stops the program at its next write. Use it with
    `async with` to close it (and kill what it started) on the way out.
    """

    def __init__(
        self,
        transport: Transport,
        session_id: str,
        opened: pty_pb2.PtyOpened,
        events: AsyncGenerator[pty_pb2.OpenPtyResponse, None],
    ) -> None:
        self._rpc = transport
        self._session_id = session_id
        self._id = opened.pty_id
        self._pid = opened.pid
        self._events = events
        # One pull from the stream at a time. _unread keeps, in order, the chunks
        # that wait() or close() pulled while an output() reader existed, for it.
        self._pulling = asyncio.Lock()
        self._unread: deque[bytes] = deque()
        self._readers = 0
        self._changed = asyncio.Event()
        self._ended = False
        self._exit: PtyExit | None = None
        self._failure: Exception | None = None
        # WritePty calls may overtake each other in flight: one at a time keeps
        # keystrokes in order.
        self._writing = asyncio.Lock()

    @classmethod
    async def open(
        cls,
        transport: Transport,
        session_id: str,
        *,
        cols: int,
        rows: int,
        command: Sequence[str] | None,
        env: Mapping[str, str] | None,
        cwd: str | None,
    ) -> Pty:
        """Opens the terminal and returns once its program runs."""
        if isinstance(command, str):
            raise TypeError(f"command is a list of the program and its arguments, not {command!r}")
        request = pty_pb2.OpenPtyRequest(
            session_id=session_id,
            cols=cols,
            rows=rows,
            command=list(command or ()),
            env=dict(env or {}),
            cwd=cwd or "",
        )
        events = stream_with_errors(transport.pty.open_pty(request))
        try:
            first = await anext(events, None)
            if first is None or first.WhichOneof("event") != "opened":
                raise InternalError("the terminal's stream did not start with opened")
        except BaseException:
            await events.aclose()
            raise
        return cls(transport, session_id, first.opened, events)

    @property
    def id(self) -> str:
        """Names the terminal in the daemon's PtyService calls."""
        return self._id

    @property
    def pid(self) -> int:
        """The program's process id inside the container."""
        return self._pid

    @property
    def session_id(self) -> str:
        return self._session_id

    @property
    def exited(self) -> PtyExit | None:
        """How the program ended, once the stream told (read to its end by output(),
        wait() or close()); else None."""
        return self._exit

    def __repr__(self) -> str:
        return f"Pty(id={self._id!r}, pid={self._pid}, session_id={self._session_id!r})"

    async def __aenter__(self) -> Pty:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    # -- output ---------------------------------------------------------------

    async def output(self) -> AsyncGenerator[bytes, None]:
        """The program's output as it comes (raw bytes, escape sequences included; a
        character may be split between chunks). Ends when the program has exited.
        Leaving the loop early keeps the terminal running: a later output() reads on."""
        self._readers += 1
        try:
            while (chunk := await self._next_chunk()) is not None:
                yield chunk
        finally:
            self._readers -= 1
            self._notify()

    async def wait(self) -> PtyExit:
        """Waits until the program has exited and returns how it ended. While another
        task reads output(), that reader sees everything; otherwise wait() reads the
        rest of the output itself and drops it."""
        while not self._ended:
            if self._readers:
                changed = self._changed
                await changed.wait()
            else:
                await self._drain_one()
        return self._result()

    def _result(self) -> PtyExit:
        if self._failure is not None:
            raise self._failure
        assert self._exit is not None, "the stream ended without exited or a failure"
        return self._exit

    async def _next_chunk(self) -> bytes | None:
        """A reader's next output chunk; None once the stream has ended with the exit."""
        async with self._pulling:
            if self._unread:
                return self._unread.popleft()
            return await self._pull()

    async def _drain_one(self) -> None:
        """Pulls one chunk for nobody: kept (in order) when a reader has come meanwhile,
        dropped otherwise."""
        async with self._pulling:
            chunk = await self._pull()
            if chunk is not None and self._readers:
                self._unread.append(chunk)

    async def _pull(self) -> bytes | None:
        """The stream's next output chunk, noting the exit on the way; None at its end.
        Raises the stream's failure. Call it holding _pulling."""
        while not self._ended:
            try:
                message = await anext(self._events)
            except StopAsyncIteration:
                ended_early = UnavailableError("the terminal's stream ended before its exit")
                self._end(None if self._exit else ended_early)
                break
            except Exception as err:
                self._end(err)
                raise
            event = message.WhichOneof("event")
            if event == "output":
                return message.output.data
            if event == "exited":
                self._exit = PtyExit(message.exited.exit_code, message.exited.signal)
        if self._failure is not None:
            raise self._failure
        return None

    def _end(self, failure: Exception | None) -> None:
        self._ended = True
        self._failure = failure
        self._notify()

    def _notify(self) -> None:
        """Wakes the wait() calls waiting for the stream's end or for a reader to leave."""
        self._changed.set()
        self._changed = asyncio.Event()

    # -- input ----------------------------------------------------------------

    async def write(self, data: str | bytes) -> None:
        """Types into the terminal: text (sent as UTF-8) or bytes. "\\r" is Enter,
        "\\x03" Ctrl-C, "\\x04" Ctrl-D. Calls are sent one at a time, in order."""
        raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        async with self._writing:
            for start in range(0, len(raw), _MAX_WRITE):
                request = pty_pb2.WritePtyRequest(
                    session_id=self._session_id,
                    pty_id=self._id,
                    data=raw[start : start + _MAX_WRITE],
                )
                with rpc_errors():
                    await self._rpc.pty.write_pty(request)

    async def resize(self, cols: int, rows: int) -> None:
        """Sets the window size (1 to 1000 cells each way); the program gets SIGWINCH."""
        request = pty_pb2.ResizePtyRequest(
            session_id=self._session_id, pty_id=self._id, cols=cols, rows=rows
        )
        with rpc_errors():
            await self._rpc.pty.resize_pty(request)

    # -- lifetime -------------------------------------------------------------

    async def close(self) -> None:
        """Kills the program and everything it started, and returns once it has ended
        (then `exited` is set); a task reading output() still gets the last output.
        Closing twice is fine."""
        if self._ended:
            return
        request = pty_pb2.ClosePtyRequest(session_id=self._session_id, pty_id=self._id)
        try:
            with rpc_errors():
                await self._rpc.pty.close_pty(request)
        except NotFoundError:
            pass  # The program has ended already; its stream ends by itself.
        except BaseException:
            await self._abandon()
            raise
        # The program is gone: what is left of its output is bounded, so it can be
        # read ahead of a reader, even one that stopped reading.
        with contextlib.suppress(Exception):
            while not self._ended:
                await self._drain_one()

    async def _abandon(self) -> None:
        """Ends the call without reading on; the daemon then kills the terminal. A
        reader waiting for output sees the call's own end instead."""
        if self._pulling.locked():
            return
        async with self._pulling:
            if not self._ended:
                self._end(UnavailableError("the terminal's call was ended before its exit"))
                await self._events.aclose()
