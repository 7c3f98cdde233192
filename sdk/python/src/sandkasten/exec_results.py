"""What exec and exec_stream return: a finished command, and the stream's events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Literal

import sandkasten.v1.exec_pb2 as exec_pb2
from sandkasten._records import Record


@dataclass(frozen=True)
class ExecResult(Record):
    """A finished command: its stdout and stderr combined in order (capped at 1 MiB)."""

    output: str
    exit_code: int
    cwd: str
    truncated: bool
    duration_ms: int
    timed_out: bool
    #: The command ended the shell; a fresh one runs in the last directory.
    shell_restarted: bool

    @property
    def ok(self) -> bool:
        """Exit code 0 and not stopped by the timeout."""
        return self.exit_code == 0 and not self.timed_out

    @staticmethod
    def of(message: exec_pb2.ExecResponse) -> ExecResult:
        return ExecResult(
            output=message.output,
            exit_code=message.exit_code,
            cwd=message.cwd,
            truncated=message.truncated,
            duration_ms=message.duration_ms,
            timed_out=message.timed_out,
            shell_restarted=message.shell_restarted,
        )


@dataclass(frozen=True)
class ExecStarted(Record):
    """exec_stream's first event."""

    started_at: datetime


@dataclass(frozen=True)
class ExecOutput(Record):
    """A chunk of output as the command produced it."""

    stream: Literal["stdout", "stderr"]
    data: bytes

    @property
    def text(self) -> str:
        """The chunk decoded as UTF-8 (a character split across chunks shows as U+FFFD)."""
        return self.data.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class ExecEnded(Record):
    """exec_stream's last event."""

    exit_code: int
    cwd: str
    duration_ms: int
    timed_out: bool
    shell_restarted: bool


ExecEvent = ExecStarted | ExecOutput | ExecEnded


def exec_event(message: exec_pb2.ExecStreamResponse) -> ExecEvent | None:
    """The event a stream message carries; None for keep-alives."""
    kind = message.WhichOneof("event")
    if kind == "started":
        started_ms = message.started.started_at_ms
        return ExecStarted(started_at=datetime.fromtimestamp(started_ms / 1000, tz=timezone.utc))
    if kind == "output":
        stream: Literal["stdout", "stderr"] = (
            "stderr" if message.output.stream == exec_pb2.OUTPUT_STREAM_STDERR else "stdout"
        )
        return ExecOutput(stream=stream, data=message.output.data)
    if kind == "ended":
        ended = message.ended
        return ExecEnded(
            exit_code=ended.exit_code,
            cwd=ended.cwd,
            duration_ms=ended.duration_ms,
            timed_out=ended.timed_out,
            shell_restarted=ended.shell_restarted,
        )
    return None
