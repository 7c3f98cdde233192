"""Jobs: exec(background=..., on_timeout="detach") and session.jobs."""

from __future__ import annotations

from contextlib import aclosing

import pytest

from sandkasten import (
    FailedPreconditionError,
    JobDropped,
    JobEnded,
    JobEvent,
    JobOutput,
    NotFoundError,
    Session,
)


async def events_of(session: Session, job_id: str, *, skip_kept: bool = False) -> list[JobEvent]:
    return [event async for event in session.jobs.attach(job_id, skip_kept=skip_kept)]


def text_of(events: list[JobEvent]) -> str:
    return "".join(event.text for event in events if isinstance(event, JobOutput))


async def test_a_command_detached_at_its_timeout_runs_on_as_a_job(session: Session) -> None:
    result = await session.exec(
        "echo first; sleep 2; echo second; exit 4", timeout_ms=500, on_timeout="detach"
    )
    assert result.timed_out and result.exit_code == -1 and not result.ok
    assert result.output == "first\n"
    assert result.job_id is not None and result.job_id.startswith("j")
    running = await session.jobs.get(result.job_id)
    assert running.running and running.exit_code is None
    events = await events_of(session, result.job_id)
    assert text_of(events) == "first\nsecond\n"
    last = events[-1]
    assert isinstance(last, JobEnded)
    assert last.job.status == "exited" and last.job.exit_code == 4 and last.job.signal is None
    assert last.job.ended_at is not None


async def test_background_returns_at_once_and_plain_exec_has_no_job(session: Session) -> None:
    result = await session.exec("sleep 30", background=True)
    assert result.job_id is not None and result.exit_code == -1 and not result.timed_out
    assert result.job_id in [job.id for job in await session.jobs.list()]
    await session.jobs.signal(result.job_id, "SIGKILL")
    ended = await session.jobs.wait(result.job_id)
    assert ended.status == "exited"
    quick = await session.exec("echo quick", on_timeout="detach")
    assert quick.output == "quick\n" and quick.exit_code == 0 and quick.job_id is not None
    assert (await session.exec("echo plain")).job_id is None


async def test_start_runs_where_the_shell_is_and_reads_stdin(session: Session) -> None:
    await session.exec("mkdir -p /tmp/jobdir && cd /tmp/jobdir")
    job = await session.jobs.start('while read -r line; do echo "got $line"; done; echo eof')
    assert job.running and job.cwd == "/tmp/jobdir" and job["cmd"].startswith("while")
    await session.jobs.write_stdin(job.id, "one\n")
    await session.jobs.write_stdin(job.id, b"two\n", close=True)
    ended = await session.jobs.wait(job.id)
    assert ended.exit_code == 0
    assert text_of(await events_of(session, job.id)) == "got one\ngot two\neof\n"


async def test_a_signal_ends_a_job_and_leaving_attach_early_detaches(session: Session) -> None:
    job = await session.jobs.start("echo ready; sleep 60")
    async with aclosing(session.jobs.attach(job.id)) as events:
        async for event in events:
            if isinstance(event, JobOutput) and "ready" in event.text:
                break
    assert (await session.jobs.get(job.id)).running
    await session.jobs.signal(job.id)
    ended = await session.jobs.wait(job.id)
    assert ended.signal == "SIGTERM" or ended.exit_code == 143
    assert text_of(await events_of(session, job.id, skip_kept=True)) == ""
    with pytest.raises(FailedPreconditionError):
        await session.jobs.signal(job.id)


async def test_a_wrapped_ring_says_what_it_dropped(session: Session) -> None:
    job = await session.jobs.start("head -c 1500000 /dev/zero | tr '\\0' x; echo end")
    await session.jobs.wait(job.id)
    events = await events_of(session, job.id)
    assert isinstance(events[0], JobDropped) and events[0].bytes > 0
    text = text_of(events)
    assert text.endswith("end\n")
    info = await session.jobs.get(job.id)
    assert info.output_bytes == 1_500_004
    assert info.dropped_bytes + len(text) == info.output_bytes


async def test_an_unknown_job_is_not_found(session: Session) -> None:
    with pytest.raises(NotFoundError):
        await session.jobs.get("j999999")
    with pytest.raises(NotFoundError):
        await events_of(session, "j999999")
