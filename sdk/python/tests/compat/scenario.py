"""Code written against sandkasten 0.3's API, run against a real daemon with whichever
`sandkasten` this venv has, checking what 0.3 promised and recording what came back.

    SANDKASTEN_URL=... SANDKASTEN_API_KEY=... python scenario.py run LABEL OUT.json
    python scenario.py compare THEIRS.json OURS.json

run goes through exec (output, exit codes, cwd, timeouts, raw output), exec_stream
(events in order, ANSI cleaning, a stream cut short), text and binary files, upload,
stats, info, list_sessions, get_session, workspaces, the errors of unknown ids and of
destroyed sessions, the context managers and the Agents SDK tools. Every `check` must
hold with both packages; every `keep` goes into OUT.json (session and workspace ids
replaced by placeholders), and compare wants the two records equal. With 0.3 (httpx),
run also records every request it sent: method, path, query parameters and JSON
fields with the types of their values (OUT.json's "wire").
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import re
import secrets
import sys
import tempfile
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
from agents import FunctionTool
from agents.tool_context import ToolContext

import sandkasten
from sandkasten import (
    ExecChunk,
    ExecResult,
    ReadResult,
    SandboxClient,
    SandkastenStreamError,
    Session,
    SessionInfo,
    SessionStats,
    WorkspaceInfo,
)
from sandkasten.agents import create_sandkasten_tools, sandbox_tools_for_workspace

RFC3339_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
UNKNOWN_ID = "nosuchsession0"


class Run:
    """The checks that held and failed, and what was kept, step by step."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.checks = 0
        self.failures: list[str] = []
        self.kept: dict[str, Any] = {}
        self.wire: list[dict[str, Any]] = []
        self.notes: dict[str, Any] = {}
        self._ids: dict[str, str] = {}
        self.step = ""

    def name_id(self, value: str, placeholder: str) -> None:
        """Writes value as placeholder in what is kept (ids differ from run to run)."""
        self._ids[value] = placeholder

    def check(self, condition: bool, what: str) -> None:
        if condition:
            self.checks += 1
        else:
            self.failures.append(f"{self.step}: {what}")

    def keep(self, name: str, value: Any) -> None:
        self.kept[f"{self.step}/{name}"] = self._normal(value)

    def _normal(self, value: Any) -> Any:
        if isinstance(value, str):
            for raw, placeholder in self._ids.items():
                value = value.replace(raw, placeholder)
            return value
        if isinstance(value, bytes):
            return {"bytes": value.hex()}
        if isinstance(value, dict):
            return {str(k): self._normal(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self._normal(v) for v in value]
        return value


def without_numbers(text: str) -> str:
    """bash reports a kill with a line number and a pid ("bash: line 47:  17 Killed")."""
    return re.sub(r"\d+", "N", text)


async def error_of(call: Awaitable[Any]) -> Exception:
    try:
        await call
    except Exception as err:
        return err
    raise AssertionError("the call did not fail")


def status_error(run: Run, err: Exception, *, body: bool = True) -> dict[str, Any]:
    """What an except clause of 0.3 code sees of an HTTP error."""
    run.check(isinstance(err, httpx.HTTPStatusError), f"{err!r} is an httpx.HTTPStatusError")
    if not isinstance(err, httpx.HTTPStatusError):
        return {"class": type(err).__name__}
    seen: dict[str, Any] = {"status": err.response.status_code}
    if body:
        seen["error"] = err.response.json().get("error")
    return seen


# -- steps ---------------------------------------------------------------------


async def exec_results(run: Run, client: SandboxClient, session: Session) -> None:
    result = await session.exec("echo hello")
    run.check(isinstance(result, ExecResult), "exec returns an ExecResult")
    run.check(isinstance(result.duration_ms, int), "duration_ms is an int")
    run.keep("echo", [result.exit_code, result.cwd, result.output, result.truncated])
    run.check(result.output == "hello\n" and result.exit_code == 0, "echo hello")
    run.check(result.cwd == "/workspace", "the first cwd is /workspace")

    merged = await session.exec("echo out; echo err >&2; (exit 3)")
    run.keep("merged", [merged.exit_code, merged.output])
    run.check((merged.exit_code, merged.output) == (3, "out\nerr\n"), "stdout and stderr in order")
    run.check((await session.exec("false")).exit_code == 1, "false exits 1")

    await session.exec("cd /tmp && export GREETING=hi")
    carried = await session.exec('pwd; echo "$GREETING"')
    run.keep("carried", [carried.cwd, carried.output])
    run.check(carried.output == "/tmp\nhi\n" and carried.cwd == "/tmp", "cd and exports carry over")
    await session.exec("cd /workspace")

    # As the original daemon: a command past its timeout is 504 COMMAND_TIMEOUT.
    try:
        await session.exec("echo before; sleep 10; echo after", timeout_ms=500)
        run.check(False, "a timeout raises")
    except httpx.HTTPStatusError as err:
        body = err.response.json()
        run.keep("timeout", [err.response.status_code, body.get("error_code")])
        run.check(err.response.status_code == 504, "a timeout is 504")
        run.check(body.get("error_code") == "COMMAND_TIMEOUT", "error_code COMMAND_TIMEOUT")
    run.check((await session.exec("echo again")).output == "again\n", "usable after a timeout")

    # None goes out as null: the daemon's maximum.
    unbounded = await session.exec("echo unbounded", timeout_ms=None)
    run.keep("timeout_none", unbounded.output)

    command = "printf 'a\\r\\n\\033[1mb\\033[0m\\n'"
    clean, raw = await session.exec(command), await session.exec(command, raw_output=True)
    run.keep("raw_output", [clean.output, raw.output])
    run.check(clean.output == "a\nb\n", "output is cleaned of \\r and ANSI")
    run.check(raw.output == "a\r\n\x1b[1mb\x1b[0m\n", "raw_output keeps them")


async def stream_events(session: Session, cmd: str, **options: Any) -> list[ExecChunk]:
    return [chunk async for chunk in session.exec_stream(cmd, **options)]


async def exec_stream(run: Run, client: SandboxClient, session: Session) -> None:
    chunks = await stream_events(session, "echo one; sleep 0.3; echo two >&2; cd /tmp; (exit 4)")
    run.check(all(isinstance(chunk, ExecChunk) for chunk in chunks), "every event is an ExecChunk")
    done = [chunk for chunk in chunks if chunk.done]
    run.check(len(done) == 1 and chunks[-1].done, "one done event, the last")
    final = chunks[-1]
    run.keep("done", [final.exit_code, final.cwd, final.output, final.timestamp])
    run.check((final.exit_code, final.cwd) == (4, "/tmp"), "done has the exit code and cwd")
    run.check(isinstance(final.duration_ms, int) and final.duration_ms >= 300, "done's duration")
    output = [chunk for chunk in chunks if not chunk.done]
    run.check(
        all(
            isinstance(c.output, str) and isinstance(c.timestamp, int) and c.timestamp > 0
            for c in output
        ),
        "chunks have text and a timestamp",
    )
    run.check(
        all((c.exit_code, c.cwd, c.duration_ms) == (0, "", 0) for c in output),
        "chunks have 0.3's defaults for the end's fields",
    )
    stamps = [c.timestamp for c in output]
    run.check(stamps == sorted(stamps), "timestamps do not go back")
    # Chunks are cut where the output happened to arrive: what they carry, in order, is
    # what counts. Events without text (ours start with one) are left out.
    run.keep("texts", [c.output for c in output if c.output])
    run.notes[f"{run.step}: events without text"] = sum(1 for c in output if not c.output)
    run.check("".join(c.output for c in output) == "one\ntwo\n", "the output in order")

    colored = await stream_events(session, "printf '\\033[32mgreen\\033[0m\\r\\n'")
    raw = await stream_events(session, "printf '\\033[32mgreen\\033[0m\\r\\n'", raw_output=True)
    texts = ["".join(c.output for c in events) for events in (colored, raw)]
    run.keep("cleaning", texts)
    run.check(texts == ["green\n", "\x1b[32mgreen\x1b[0m\r\n"], "stream output cleaned unless raw")

    many = await stream_events(session, "seq 1 3000", timeout_ms=60000)
    joined = "".join(c.output for c in many)
    run.check(joined == "".join(f"{i}\n" for i in range(1, 3001)), "a long stream, in order")
    run.keep("seq", [len(joined), many[-1].exit_code])

    timed = await stream_events(session, "echo go; sleep 10", timeout_ms=500)
    run.keep("timeout", [without_numbers("".join(c.output for c in timed)), timed[-1].done])
    run.check(timed[-1].done, "a timed-out stream still ends with done")


async def files(run: Run, client: SandboxClient, session: Session) -> None:
    written = await session.write("notes/hello.txt", "grüße\n")
    run.notes[f"{run.step}: write returns"] = type(written).__name__
    text = await session.read("notes/hello.txt")
    run.check(isinstance(text, ReadResult), "read returns a ReadResult")
    run.check(isinstance(text.content, bytes), "content is bytes")
    run.keep("text", [text.content, text.path, text.truncated])
    run.check(text.content.decode() == "grüße\n", "text written as UTF-8")
    cut = await session.read("notes/hello.txt", max_bytes=3)
    run.keep("cut", [cut.content, cut.truncated])
    run.check(cut.content == b"gr\xc3" and cut.truncated, "max_bytes cuts and says so")

    every = bytes(range(256))
    await session.write("/tmp/every.bin", every)
    binary = await session.read("/tmp/every.bin")
    run.keep("binary", [binary.content, binary.path])
    run.check(binary.content == every, "binary content round trip")

    missing = await error_of(session.read("nothing-here.txt"))
    run.keep("missing", status_error(run, missing))


async def uploads(run: Run, client: SandboxClient, session: Session) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        local = Path(scratch) / "data.csv"
        local.write_bytes(b"a,b\n1,2\n")
        first = await session.upload(local)
        second = await session.upload(str(local), dest_path="/tmp/up")
        third = await session.upload(io.BytesIO(b"\x00\x01 named"), filename="blob.bin")
        run.keep("paths", [first, second, third])
        run.check(first == ["/workspace/data.csv"], "upload(path) goes to /workspace")
        run.check(second == ["/tmp/up/data.csv"], "dest_path is the directory")
        copied = await session.exec("cat /tmp/up/data.csv && wc -c < /workspace/blob.bin")
        run.keep("stored", copied.output)
        run.check(copied.output == "a,b\n1,2\n8\n", "the uploaded bytes")

        nameless = await error_of(session.upload(io.BytesIO(b"x")))
        absent = await error_of(session.upload(Path(scratch) / "absent.csv"))
        run.keep("refused", [type(nameless).__name__, str(nameless), type(absent).__name__])
        run.check(isinstance(nameless, ValueError), "a nameless file object is a ValueError")
        run.check(isinstance(absent, FileNotFoundError), "a missing file is a FileNotFoundError")


async def session_state(run: Run, client: SandboxClient, session: Session) -> None:
    stats = await session.stats()
    run.check(isinstance(stats, SessionStats), "stats returns SessionStats")
    values = [stats.memory_bytes, stats.memory_limit, stats.cpu_usage_usec]
    run.check(all(isinstance(v, int) for v in values), "stats are ints")
    run.check(stats.memory_bytes > 0 and stats.cpu_usage_usec > 0, "stats are measured")
    run.keep("memory_limit", stats.memory_limit)

    await session.exec("cd /tmp")
    info = await session.info()
    run.check(isinstance(info, SessionInfo), "info returns SessionInfo")
    run.keep(
        "info",
        [
            info.id,
            info.image,
            info.status,
            info.cwd,
            info.workspace_id,
            kept_type(info.container_id),
        ],
    )
    run.check(info.id == session.id and info.status == "running", "info is this session")
    run.check(info.cwd == "/tmp", "info has the shell's directory")
    times = [info.created_at, info.expires_at, info.last_activity]
    run.check(all(isinstance(t, str) and RFC3339_MS.match(t) for t in times), "RFC 3339 times")
    run.check(info.created_at < info.expires_at, "it expires after it was created")
    await session.exec("cd /workspace")

    listed = await client.list_sessions()
    run.check(all(isinstance(s, SessionInfo) for s in listed), "list_sessions: SessionInfos")
    mine = [s for s in listed if s.id == session.id]
    run.check(len(mine) == 1, "list_sessions has the session")
    run.keep("listed", [[s.id, s.status, s.image, s.workspace_id] for s in mine])

    async with await client.create_session(image=None) as plain:  # null: the default image
        run.keep("image_none", (await plain.info()).image)

    found = await client.get_session(session.id)
    run.check(isinstance(found, Session) and found.id == session.id, "get_session finds it")
    run.keep("found", (await found.exec("echo same")).output)


def kept_type(value: Any) -> str:
    return type(value).__name__


async def workspaces(run: Run, client: SandboxClient, session: Session) -> None:
    workspace_id = f"compat-{run.label}-{secrets.token_hex(3)}"
    run.name_id(workspace_id, "<workspace>")
    async with await client.create_session(workspace_id=workspace_id) as first:
        await first.write("code.py", "print('hello')")
        run.keep("workspace_id", (await first.info()).workspace_id)
    listed = await client.list_workspaces()
    run.check(all(isinstance(w, WorkspaceInfo) for w in listed), "WorkspaceInfos")
    run.check(workspace_id in {w.id for w in listed}, "list_workspaces has it")
    async with await client.create_session(workspace_id=workspace_id) as second:
        again = await second.read("code.py")
        run.keep("reread", [again.content, (await second.exec("python3 code.py")).output])
        run.check(again.content == b"print('hello')", "the files outlive the session")
    await client.delete_workspace(workspace_id)
    run.check(
        workspace_id not in {w.id for w in await client.list_workspaces()}, "delete_workspace"
    )
    gone = await error_of(client.delete_workspace(workspace_id))
    run.keep("deleted_again", status_error(run, gone))


async def errors(run: Run, client: SandboxClient, session: Session) -> None:
    unknown = Session(client, UNKNOWN_ID)
    run.keep("get_session", status_error(run, await error_of(client.get_session(UNKNOWN_ID))))
    run.keep("exec", status_error(run, await error_of(unknown.exec("true"))))
    run.keep("read", status_error(run, await error_of(unknown.read("x.txt"))))
    run.keep("write", status_error(run, await error_of(unknown.write("x.txt", "x"))))
    run.keep("stats", status_error(run, await error_of(unknown.stats())))
    run.keep("info", status_error(run, await error_of(unknown.info())))
    try:
        await unknown.destroy()
        run.notes["destroy of an unknown id"] = "returned"
    except httpx.HTTPStatusError as err:
        run.notes["destroy of an unknown id"] = f"raised {err.response.status_code}"
    # 0.3 leaves the body of a stream's error answer unread.
    stream = await error_of(stream_events(unknown, "true"))
    run.keep("exec_stream", status_error(run, stream, body=False))
    bad_id = Session(client, "Not-A-Valid-Id!")
    invalid = status_error(run, await error_of(bad_id.exec("true")))
    # The REST route says "the id in the path", ours names the request field.
    run.notes["invalid id"] = invalid.pop("error", None)
    run.keep("invalid_id", invalid)

    other = await client.create_session()
    run.name_id(other.id, "<other>")
    await other.destroy()
    run.keep("destroyed_exec", status_error(run, await error_of(other.exec("true"))))
    run.keep("destroyed_info", (await other.info()).status)


async def stream_cut_short(run: Run, client: SandboxClient, session: Session) -> None:
    """The session goes while its stream runs: 0.3 got an `error` event."""
    victim = await client.create_session()
    run.name_id(victim.id, "<victim>")
    seen: list[str] = []
    try:
        async for chunk in victim.exec_stream("echo go; sleep 20; echo never"):
            seen.append(chunk.output)
            if "go" in chunk.output:
                await (await client.get_session(victim.id)).destroy()
        run.keep("outcome", "ended")
    except SandkastenStreamError as err:
        run.keep("outcome", "SandkastenStreamError")
        # Which part notices first that the container is gone decides the message.
        run.notes["stream cut short"] = f"{[k.__name__ for k in type(err).__mro__]}: {err}"
        run.check(not isinstance(err, httpx.HTTPStatusError), "not an httpx.HTTPStatusError")
    run.keep("texts", [text for text in seen if text])


async def call_tool(tool: Any, **arguments: Any) -> str:
    raw = json.dumps(arguments)
    context: ToolContext[None] = ToolContext(
        context=None, tool_name=tool.name, tool_call_id="call-1", tool_arguments=raw
    )
    return str(await tool.on_invoke_tool(context, raw))


async def agent_tools(run: Run, client: SandboxClient, session: Session) -> None:
    tools = {tool.name: tool for tool in create_sandkasten_tools(session)}
    run.check(all(isinstance(tool, FunctionTool) for tool in tools.values()), "FunctionTools")
    run.keep("names", sorted(tools))
    run.keep(
        "exec", await call_tool(tools["sandbox_exec"], cmd="cd /tmp; echo hi", timeout_ms=5000)
    )
    run.keep("write", await call_tool(tools["sandbox_write_file"], path="t.txt", content="tool"))
    read = await call_tool(tools["sandbox_read_file"], path="/workspace/t.txt", max_bytes=3)
    run.keep("read", read)
    listing = await call_tool(tools["sandbox_list_files"], path="/workspace")
    run.keep("list", listing.split("---\n")[0])
    run.check("t.txt" in listing, "the listing has the file")
    stats = await call_tool(tools["sandbox_stats"])
    run.check(re.match(r"^memory_bytes=\d+ \(", stats) is not None, "the stats answer")
    await session.exec("cd /workspace")

    workspace_id = f"compat-tools-{run.label}-{secrets.token_hex(3)}"
    run.name_id(workspace_id, "<tools-workspace>")
    async with sandbox_tools_for_workspace(client, workspace_id) as (bound, bound_tools):
        run.name_id(bound.id, "<bound>")
        run.keep("workspace_tools", [tool.name for tool in bound_tools])
        run.keep("workspace_session", (await bound.info()).workspace_id)
    run.keep("after", (await bound.info()).status)
    await client.delete_workspace(workspace_id)


STEPS: list[Callable[[Run, SandboxClient, Session], Awaitable[None]]] = [
    exec_results,
    exec_stream,
    files,
    uploads,
    session_state,
    workspaces,
    errors,
    stream_cut_short,
    agent_tools,
]


def record_wire(run: Run, client: SandboxClient) -> None:
    """With 0.3's httpx client: note every request it sends."""
    http = getattr(client, "_http", None)
    if not isinstance(http, httpx.AsyncClient):
        return

    async def on_request(request: httpx.Request) -> None:
        sent: dict[str, Any] = {
            "method": request.method,
            "path": request.url.raw_path.decode("ascii").split("?")[0],
            "query": {name: "string" for name in request.url.params},
        }
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("application/json"):
            body = json.loads(request.content)
            sent["json"] = {name: kept_json_type(value) for name, value in body.items()}
        elif content_type.startswith("multipart/form-data"):
            fields = getattr(request.stream, "fields", [])
            sent["multipart"] = [[type(f).__name__, f.name] for f in fields]
        run.wire.append(sent)

    http.event_hooks["request"].append(on_request)


def kept_json_type(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "boolean", int: "integer", float: "number", str: "string"}.get(
        type(value), type(value).__name__
    )


async def scenario(run: Run) -> None:
    url, key = os.environ["SANDKASTEN_URL"], os.environ["SANDKASTEN_API_KEY"]
    async with SandboxClient(base_url=url, api_key=key, timeout=60.0) as client:
        record_wire(run, client)
        async with await client.create_session(image="python", ttl_seconds=900) as session:
            run.name_id(session.id, "<session>")
            for step in STEPS:
                run.step = step.__name__
                try:
                    await step(run, client, session)
                except Exception:
                    run.failures.append(f"{run.step}: raised\n{traceback.format_exc()}")
        run.step = "context_managers"
        after = await client.get_session(session.id)
        run.keep("destroyed_by_async_with", (await after.info()).status)


def main(argv: list[str]) -> int:
    if argv[:1] == ["run"] and len(argv) == 3:
        run = Run(argv[1])
        asyncio.run(scenario(run))
        version = getattr(sandkasten, "__version__", "?")
        record = {"version": version, "kept": run.kept, "wire": run.wire, "notes": run.notes}
        Path(argv[2]).write_text(json.dumps(record, indent=1), encoding="utf-8")
        for failure in run.failures:
            print(f"FAILED {failure}")
        print(
            f"scenario with sandkasten {version}: {run.checks} checks passed, "
            f"{len(run.failures)} failed, {len(run.kept)} results kept"
        )
        return 1 if run.failures else 0
    if argv[:1] == ["compare"] and len(argv) == 3:
        theirs, ours = (json.loads(Path(p).read_text(encoding="utf-8")) for p in argv[1:])
        steps = sorted(set(theirs["kept"]) | set(ours["kept"]))
        differ = [s for s in steps if theirs["kept"].get(s) != ours["kept"].get(s)]
        for step in differ:
            mine, other = ours["kept"].get(step), theirs["kept"].get(step)
            print(f"DIFFERENT {step}: 0.3 {other!r}, ours {mine!r}")
        print(
            f"records of sandkasten {theirs['version']} and {ours['version']}: "
            f"{len(steps) - len(differ)} of {len(steps)} results equal"
        )
        return 1 if differ else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
