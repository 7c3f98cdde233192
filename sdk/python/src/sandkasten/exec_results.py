"""What exec and exec_stream return: a finished command, and the stream's events.

ExecResult and ExecChunk are sandkasten 0.3's, field for field (in the same
order, so that positional construction works too). The stream's events are
ExecChunks, so that 0.3 code reading `.output`, `.timestamp`, `.done`,
`.exit_code`, `.cwd` and `.duration_ms` works on them as on 0.3's.
"""

from __future__ import annotations

import time
from dataclasses import KW_ONLY, dataclass
from datetime import datetime, timezone
from typing import Literal

import sandkasten.v1.exec_pb2 as exec_pb2
from sandkasten._records import Record


@dataclass
class ExecResult(Record):
    """A finished command: its stdout and stderr combined in order (capped at 1 MiB)."""

    exit_code: int
    #: The shell's directory after the command.
    cwd: str
    output: str
    truncated: bool
    duration_ms: int
    timed_out: bool = False
    #: The command ended the shell; a fresh one runs in the last directory.
    shell_restarted: bool = False
    #: Set when the command runs (or goes on running) as a job (session.jobs): with
    #: exec(background=True), or on_timeout="detach" past its timeout; exit_code is
    #: then -1 while it runs.
    job_id: str | None = None

    @property
    def ok(self) -> bool:
        """Exit code 0 and not stopped by the timeout."""
        return self.exit_code == 0 and not self.timed_out

    @staticmethod
    def of(message: exec_pb2.ExecResponse) -> ExecResult:
        return ExecResult(
            exit_code=message.exit_code,
            cwd=message.cwd,
            output=message.output,
            truncated=message.truncated,
            duration_ms=message.duration_ms,
            timed_out=message.timed_out,
            shell_restarted=message.shell_restarted,
            job_id=message.job_id or None,
        )


@dataclass
class ExecChunk(Record):
    """One event of exec_stream, as sandkasten 0.3 had it: a piece of output, or (done)
    the end with exit_code, cwd and duration_ms. exec_stream yields the subclasses
    below, which say more."""

    #: The text (decoded as UTF-8 and, unless raw_output, cleaned of ANSI escapes and
    #: carriage returns, as the daemon cleans exec's output); "" for the other events.
    output: str
    #: Milliseconds since the Unix epoch when the output arrived; 0 for the end.
    timestamp: int
    done: bool = False
    exit_code: int = 0
    cwd: str = ""
    duration_ms: int = 0


@dataclass(init=False)
class ExecStarted(ExecChunk):
    """exec_stream's first event (no output)."""

    # KW_ONLY only lets these fields follow ExecChunk's defaulted ones; each event's
    # own __init__ is the real one.
    _: KW_ONLY
    started_at: datetime
    __match_args__ = ("started_at",)

    def __init__(self, started_at: datetime) -> None:
        super().__init__(output="", timestamp=int(started_at.timestamp() * 1000))
        self.started_at = started_at


@dataclass(init=False)
class ExecOutput(ExecChunk):
    """A chunk of output as the command produced it: data is the raw bytes."""

    _: KW_ONLY
    stream: Literal["stdout", "stderr"]
    data: bytes
    __match_args__ = ("stream", "data")

    def __init__(
        self,
        stream: Literal["stdout", "stderr"],
        data: bytes,
        *,
        output: str | None = None,
        timestamp: int | None = None,
    ) -> None:
        super().__init__(
            output=self._decode(data) if output is None else output,
            timestamp=now_ms() if timestamp is None else timestamp,
        )
        self.stream = stream
        self.data = data

    @property
    def text(self) -> str:
        """The raw chunk decoded as UTF-8 (a character split across chunks shows as U+FFFD;
        `output` keeps it whole)."""
        return self._decode(self.data)

    @staticmethod
    def _decode(data: bytes) -> str:
        return data.decode("utf-8", errors="replace")


@dataclass(init=False)
class ExecEnded(ExecChunk):
    """exec_stream's last event: done, with the exit code, the directory and the duration."""

    _: KW_ONLY
    timed_out: bool
    shell_restarted: bool
    __match_args__ = ("exit_code", "cwd", "duration_ms", "timed_out", "shell_restarted")

    def __init__(
        self,
        exit_code: int,
        cwd: str,
        duration_ms: int,
        timed_out: bool = False,
        shell_restarted: bool = False,
    ) -> None:
        super().__init__(
            output="",
            timestamp=0,
            done=True,
            exit_code=exit_code,
            cwd=cwd,
            duration_ms=duration_ms,
        )
        self.timed_out = timed_out
        self.shell_restarted = shell_restarted


ExecEvent = ExecStarted | ExecOutput | ExecEnded


def now_ms() -> int:
    return int(time.time() * 1000)


def started_event(message: exec_pb2.ExecStarted) -> ExecStarted:
    return ExecStarted(
        started_at=datetime.fromtimestamp(message.started_at_ms / 1000, tz=timezone.utc)
    )


def ended_event(message: exec_pb2.ExecEnded) -> ExecEnded:
    return ExecEnded(
        exit_code=message.exit_code,
        cwd=message.cwd,
        duration_ms=message.duration_ms,
        timed_out=message.timed_out,
        shell_restarted=message.shell_restarted,
    )
