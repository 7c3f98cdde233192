"""open_pty: typed input, window size, Ctrl-C, exit status, close, and refusals."""

from __future__ import annotations

import asyncio
import codecs
import re

import pytest

from sandkasten import FailedPreconditionError, NotFoundError, Pty, PtyExit, Session

# How long a test waits for the terminal to show something before it fails
# (a guard against hanging, not a speed requirement).
PATIENCE_S = 20.0


class Screen:
    """Reads a terminal's output in a background task; tests wait for text to show up."""

    def __init__(self, pty: Pty) -> None:
        self.text = ""
        self.reading = asyncio.create_task(self._read(pty))

    async def _read(self, pty: Pty) -> None:
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        async for chunk in pty.output():
            assert isinstance(chunk, bytes)
            self.text += decoder.decode(chunk)

    async def wait_for(self, pattern: str) -> None:
        async def shown() -> None:
            while not re.search(pattern, self.text):
                if self.reading.done():
                    raise AssertionError(f"output ended without {pattern!r}:\n{self.text!r}")
                await asyncio.sleep(0.05)

        try:
            await asyncio.wait_for(shown(), PATIENCE_S)
        except asyncio.TimeoutError:
            raise AssertionError(f"the terminal never showed {pattern!r}:\n{self.text!r}") from None


async def until_exit_code(session: Session, cmd: str, wanted: int) -> None:
    """Runs cmd in the session's shell until it exits with wanted."""

    async def polled() -> None:
        while (await session.exec(cmd)).exit_code != wanted:
            await asyncio.sleep(0.1)

    await asyncio.wait_for(polled(), PATIENCE_S)


async def test_typed_input_is_echoed_and_run(session: Session) -> None:
    async with await session.open_pty() as pty:
        assert re.fullmatch(r"[a-z0-9]+", pty.id)
        assert pty.pid > 0
        screen = Screen(pty)
        await pty.write("echo typed-$((6*7))\r")
        await screen.wait_for(r"typed-42")
    await screen.reading  # closing ends the output


async def test_the_terminal_has_the_open_size_and_follows_a_resize(session: Session) -> None:
    async with await session.open_pty(cols=100, rows=30) as pty:
        screen = Screen(pty)
        await pty.write("stty size\r")
        await screen.wait_for(r"\b30 100\b")
        await pty.resize(132, 43)
        await pty.write("stty size\r")
        await screen.wait_for(r"\b43 132\b")
    await screen.reading  # closing ends the output


async def test_ctrl_c_interrupts_the_foreground_program_and_the_terminal_lives_on(
    session: Session,
) -> None:
    async with await session.open_pty() as pty:
        screen = Screen(pty)
        await pty.write("sleep 300\r")
        await until_exit_code(session, "pgrep -f 'sleep 300'", 0)
        await pty.write("\x03")
        await pty.write("echo after-$((1+1))\r")
        await screen.wait_for(r"after-2")
        assert (await session.exec("pgrep -f 'sleep 300'")).exit_code == 1
    await screen.reading  # closing ends the output


async def test_exit_ends_the_output_and_reports_the_exit_code(session: Session) -> None:
    pty = await session.open_pty()
    screen = Screen(pty)
    await pty.write("echo bye\r")
    await screen.wait_for(r"bye\r\n")
    await pty.write("exit 5\r")
    await asyncio.wait_for(screen.reading, PATIENCE_S)  # output() ends by itself
    assert pty.exited == PtyExit(exit_code=5, signal="")
    assert await pty.wait() == PtyExit(exit_code=5, signal="")
    with pytest.raises(NotFoundError):
        await pty.write("too late\r")
    await pty.close()  # after the exit: nothing to do


async def test_wait_without_a_reader_reads_to_the_exit(session: Session) -> None:
    pty = await session.open_pty(command=["bash", "-c", "echo some output; exit 7"])
    assert await asyncio.wait_for(pty.wait(), PATIENCE_S) == PtyExit(exit_code=7, signal="")


async def test_close_kills_the_program_and_closing_twice_is_fine(session: Session) -> None:
    pty = await session.open_pty(command=["sleep", "301"])
    await until_exit_code(session, "pgrep -f 'sleep 301'", 0)
    await pty.close()
    assert pty.exited == PtyExit(exit_code=-1, signal="SIGKILL")
    await until_exit_code(session, "pgrep -f 'sleep 301'", 1)
    await pty.close()


async def test_leaving_async_with_kills_what_the_terminal_started(session: Session) -> None:
    async with await session.open_pty() as pty:
        screen = Screen(pty)
        await pty.write("sleep 302 & echo started-$((1+2))\r")
        await screen.wait_for(r"started-3")
        await until_exit_code(session, "pgrep -f 'sleep 302'", 0)
    await asyncio.wait_for(screen.reading, PATIENCE_S)
    assert pty.exited is not None and pty.exited.signal == "SIGKILL"
    await until_exit_code(session, "pgrep -f 'sleep 302'", 1)


async def test_output_read_again_after_leaving_the_loop_reads_on(session: Session) -> None:
    async def read_until(pty: Pty, marker: bytes) -> None:
        seen = b""
        async for chunk in pty.output():
            seen += chunk
            if marker in seen:
                break

    async with await session.open_pty() as pty:
        await pty.write("echo first-$((1))\r")
        await asyncio.wait_for(read_until(pty, b"first-1"), PATIENCE_S)
        await pty.write("echo second-$((2))\r")
        await asyncio.wait_for(read_until(pty, b"second-2"), PATIENCE_S)
        # An output() iterator left open must not hold up close().
        await pty.write("echo third\r")
        held = pty.output()
        await asyncio.wait_for(anext(held), PATIENCE_S)
    assert pty.exited is not None and pty.exited.signal == "SIGKILL"


async def test_concurrent_writes_arrive_in_order(session: Session) -> None:
    async with await session.open_pty() as pty:
        screen = Screen(pty)
        await asyncio.gather(*(pty.write(key) for key in "echo in-order-0123456789\r"))
        await screen.wait_for(r"(?<!echo )in-order-0123456789")
    await screen.reading  # closing ends the output


async def test_input_longer_than_one_call_takes_is_sent_whole(session: Session) -> None:
    line = "x" * 99 + "\n"
    paste = line * 1000  # 100 000 bytes: more than the 64 KiB one WritePty call takes
    async with await session.open_pty(command=["bash", "-c", "cat > /tmp/paste.txt"]) as pty:
        screen = Screen(pty)
        await pty.write(paste.replace("\n", "\r"))
        await pty.write("\x04")
        assert await asyncio.wait_for(pty.wait(), PATIENCE_S) == PtyExit(exit_code=0, signal="")
        await screen.reading
    assert await session.read("/tmp/paste.txt") == paste


async def test_command_env_and_cwd_are_used(session: Session) -> None:
    await session.make_dir("sub")
    pty = await session.open_pty(
        command=["bash", "-c", 'echo "$GREETING from $(pwd) on $TERM"'],
        env={"GREETING": "hello"},
        cwd="sub",
    )
    screen = Screen(pty)
    await asyncio.wait_for(screen.reading, PATIENCE_S)
    assert "hello from /workspace/sub on xterm-256color" in screen.text
    assert pty.exited == PtyExit(exit_code=0, signal="")


async def test_a_missing_program_is_refused_at_open(session: Session) -> None:
    with pytest.raises(FailedPreconditionError):
        await session.open_pty(command=["/no/such/program"])


async def test_a_command_string_is_refused_before_any_call(session: Session) -> None:
    with pytest.raises(TypeError, match="command is a list"):
        await session.open_pty(command="sleep 1")
