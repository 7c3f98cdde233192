"""exec and exec_stream: results, shell state, timeouts, events, stopping early."""

from __future__ import annotations

from contextlib import aclosing

import httpx
import pytest

from sandkasten import (
    CommandTimeoutError,
    ExecChunk,
    ExecEnded,
    ExecEvent,
    ExecOutput,
    ExecResult,
    ExecStarted,
    Session,
)


async def test_exec_returns_output_exit_code_and_cwd(session: Session) -> None:
    result = await session.exec("echo out; echo err >&2; cd /tmp; exit_code_is=7; (exit 7)")
    assert isinstance(result, ExecResult)
    assert result.output == "out\nerr\n"
    assert result.exit_code == 7
    assert result.cwd == "/tmp"
    assert not result.ok
    assert not result.timed_out and not result.truncated and not result.shell_restarted


async def test_the_shell_keeps_directory_and_exports(session: Session) -> None:
    await session.exec("mkdir -p /tmp/here && cd /tmp/here && export ANSWER=42")
    result = await session.exec('pwd; echo "$ANSWER"')
    assert result.output == "/tmp/here\n42\n"
    assert result.ok


async def test_exec_timeout_stops_the_command(session: Session) -> None:
    with pytest.raises(CommandTimeoutError) as raised:
        await session.exec("echo before; sleep 30; echo after", timeout_ms=500)
    assert isinstance(raised.value, httpx.HTTPStatusError)
    assert raised.value.response.status_code == 504
    assert raised.value.result.timed_out
    result = await session.exec(
        "echo before; sleep 30; echo after", timeout_ms=500, raise_on_timeout=False
    )
    assert result.timed_out
    assert result.output.startswith("before\n")
    assert "after" not in result.output
    assert not result.ok
    assert (await session.exec("echo still usable")).output == "still usable\n"


async def test_raw_output_keeps_carriage_returns(session: Session) -> None:
    command = "printf 'one\\rtwo\\n'"
    assert "\r" in (await session.exec(command, raw_output=True)).output
    assert "\r" not in (await session.exec(command)).output


async def test_a_command_that_ends_the_shell_gets_a_fresh_one(session: Session) -> None:
    await session.exec("cd /tmp")
    result = await session.exec("exit 3")
    assert result.exit_code == 3
    assert result.shell_restarted
    assert (await session.exec("pwd")).output == "/tmp\n"


async def _events(session: Session, cmd: str, **options: object) -> list[ExecEvent]:
    return [event async for event in session.exec_stream(cmd, **options)]  # type: ignore[arg-type]


async def test_exec_stream_yields_started_output_and_ended(session: Session) -> None:
    events = await _events(session, "echo one; sleep 0.3; echo two >&2; cd /tmp; (exit 4)")
    assert isinstance(events[0], ExecStarted)
    assert isinstance(events[-1], ExecEnded)
    outputs = [event for event in events if isinstance(event, ExecOutput)]
    assert len(events) == len(outputs) + 2
    assert b"".join(o.data for o in outputs if o.stream == "stdout") == b"one\n"
    assert "".join(o.text for o in outputs if o.stream == "stderr") == "two\n"
    ended = events[-1]
    assert (ended.exit_code, ended.cwd, ended.timed_out) == (4, "/tmp", False)


async def test_exec_stream_combined_output_arrives_as_stdout_in_order(session: Session) -> None:
    events = await _events(session, "echo a; echo b >&2; echo c", combine_output=True)
    outputs = [event for event in events if isinstance(event, ExecOutput)]
    assert {o.stream for o in outputs} == {"stdout"}
    assert b"".join(o.data for o in outputs) == b"a\nb\nc\n"


async def test_exec_stream_timeout_ends_the_stream(session: Session) -> None:
    events = await _events(session, "echo go; sleep 30", timeout_ms=500)
    ended = events[-1]
    assert isinstance(ended, ExecEnded) and ended.timed_out


async def test_closing_the_stream_early_stops_the_command(session: Session) -> None:
    stream = session.exec_stream("echo started; sleep 5; touch finished.txt")
    async with aclosing(stream):
        async for event in stream:
            if isinstance(event, ExecOutput):
                break
    # Commands in a session run one at a time: had the command gone on, this
    # one would wait for it and find the file.
    result = await session.exec("test -e finished.txt && echo exists || echo absent")
    assert result.output == "absent\n"


async def test_exec_stream_events_read_as_0_3_chunks(session: Session) -> None:
    command = "printf 'a\\033[31mred\\033[0m\\r\\n'; cd /tmp; (exit 2)"
    events = await _events(session, command)
    assert all(isinstance(event, ExecChunk) for event in events)
    assert [event.done for event in events] == [False] * (len(events) - 1) + [True]
    assert "".join(event.output for event in events) == "ared\n"
    assert all(event.timestamp > 0 for event in events[:-1])
    done = events[-1]
    assert (done.exit_code, done.cwd, done.output, done.timestamp) == (2, "/tmp", "", 0)
    assert done.duration_ms >= 0
    raw = await _events(session, command, raw_output=True)
    assert "".join(event.output for event in raw) == "a\x1b[31mred\x1b[0m\r\n"


async def test_exec_stream_output_keeps_a_character_split_between_chunks(
    session: Session,
) -> None:
    events = await _events(session, "printf '\\303'; sleep 0.3; printf '\\244\\n'")
    outputs = [event for event in events if isinstance(event, ExecOutput)]
    assert len(outputs) == 2
    assert "".join(o.output for o in outputs) == "\u00e4\n"
    assert "".join(o.text for o in outputs) == "\ufffd\ufffd\n"
