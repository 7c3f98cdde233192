"""Jobs: commands running beside a session's shell (`session.jobs`), owned by the runner
in its container, with their output kept in a bounded ring."""

from __future__ import annotations

import builtins
import codecs
from collections.abc import AsyncGenerator
from contextlib import aclosing
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import sandkasten.v1.job_pb2 as job_pb2
from sandkasten._records import Record, utc_time
from sandkasten._transport import Transport, rpc_errors, stream_with_errors

JobSignal = Literal["SIGTERM", "SIGKILL", "SIGINT", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2"]


@dataclass(frozen=True)
class JobInfo(Record):
    """A job's state."""

    #: "j" and digits, unique within its session.
    id: str
    cmd: str
    #: "running" or "exited".
    status: Literal["running", "exited"]
    #: None while it runs; 128 + n when signal n ended it.
    exit_code: int | None
    #: The signal that ended it ("SIGTERM"); None when it exited by itself or runs.
    signal: str | None
    #: The directory it started in.
    cwd: str
    started_at: datetime | None
    ended_at: datetime | None
    #: Bytes it wrote to stdout and stderr in all, and how many of the oldest of those
    #: the output ring no longer holds.
    output_bytes: int
    dropped_bytes: int

    @property
    def running(self) -> bool:
        return self.status == "running"

    @staticmethod
    def of(message: job_pb2.Job) -> JobInfo:
        running = message.status == job_pb2.JOB_STATUS_RUNNING
        return JobInfo(
            id=message.id,
            cmd=message.cmd,
            status="running" if running else "exited",
            exit_code=None if running else message.exit_code,
            signal=message.signal or None,
            cwd=message.cwd,
            started_at=utc_time(message, "started_at"),
            ended_at=utc_time(message, "ended_at"),
            output_bytes=message.output_bytes,
            dropped_bytes=message.dropped_bytes,
        )


@dataclass(frozen=True)
class JobOutput(Record):
    """A piece of the job's output (stdout and stderr as it wrote them)."""

    #: The raw bytes.
    data: bytes
    #: The bytes as UTF-8; a character split between pieces stays whole.
    text: str


@dataclass(frozen=True)
class JobDropped(Record):
    """Sent first when the ring dropped the oldest output: how many bytes."""

    bytes: int


@dataclass(frozen=True)
class JobEnded(Record):
    """The last event: the job ended (or had ended when attached)."""

    job: JobInfo


JobEvent = JobOutput | JobDropped | JobEnded


class Jobs:
    """A session's jobs (from `session.jobs`)."""

    def __init__(self, transport: Transport, session_id: str) -> None:
        self._rpc = transport
        self._session_id = session_id

    async def start(self, cmd: str) -> JobInfo:
        """Starts cmd in a fresh bash, in the shell's current directory with its
        exported variables, and returns at once; its stdin is a pipe (write_stdin)."""
        request = job_pb2.StartJobRequest(session_id=self._session_id, cmd=cmd)
        with rpc_errors():
            response = await self._rpc.jobs.start_job(request)
        return JobInfo.of(response.job)

    async def list(self) -> builtins.list[JobInfo]:
        with rpc_errors():
            response = await self._rpc.jobs.list_jobs(
                job_pb2.ListJobsRequest(session_id=self._session_id)
            )
        return [JobInfo.of(job) for job in response.jobs]

    async def get(self, job_id: str) -> JobInfo:
        """The job's state (NotFoundError for an unknown job)."""
        request = job_pb2.GetJobRequest(session_id=self._session_id, job_id=job_id)
        with rpc_errors():
            response = await self._rpc.jobs.get_job(request)
        return JobInfo.of(response.job)

    async def attach(
        self, job_id: str, *, skip_kept: bool = False
    ) -> AsyncGenerator[JobEvent, None]:
        """Yields the output kept so far (without it: skip_kept), then what comes, until
        the job ends: JobDropped first when the ring lost output, JobOutputs, then one
        JobEnded. Leaving the loop early (aclose()) detaches; the job runs on."""
        request = job_pb2.AttachJobRequest(
            session_id=self._session_id, job_id=job_id, skip_kept=skip_kept
        )
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        stream = stream_with_errors(self._rpc.job_streams.attach_job(request))
        async with aclosing(stream) as messages:
            async for message in messages:
                kind = message.WhichOneof("event")
                if kind == "output":
                    data = message.output.data
                    yield JobOutput(data=data, text=decoder.decode(data))
                elif kind == "dropped_bytes":
                    yield JobDropped(bytes=message.dropped_bytes)
                elif kind == "ended":
                    tail = decoder.decode(b"", final=True)
                    if tail:
                        yield JobOutput(data=b"", text=tail)
                    yield JobEnded(job=JobInfo.of(message.ended))

    async def wait(self, job_id: str) -> JobInfo:
        """Returns the job's final state once it has ended."""
        async with aclosing(self.attach(job_id, skip_kept=True)) as events:
            async for event in events:
                if isinstance(event, JobEnded):
                    return event.job
        return await self.get(job_id)

    async def write_stdin(self, job_id: str, data: str | bytes, *, close: bool = False) -> None:
        """Writes data (text as UTF-8; at most 1 MiB a call) to the job's stdin; close
        then closes it (the job reads end of file)."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        request = job_pb2.WriteJobStdinRequest(
            session_id=self._session_id, job_id=job_id, data=raw, close=close
        )
        with rpc_errors():
            await self._rpc.jobs.write_job_stdin(request)

    async def signal(self, job_id: str, signal: JobSignal = "SIGTERM") -> None:
        """Sends the signal to the job's process group (FailedPreconditionError once it
        has ended)."""
        request = job_pb2.SignalJobRequest(
            session_id=self._session_id, job_id=job_id, signal=signal
        )
        with rpc_errors():
            await self._rpc.jobs.signal_job(request)
