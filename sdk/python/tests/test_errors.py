"""Failed calls raise typed errors that name the problem."""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest
from connectrpc.code import Code
from connectrpc.errors import ConnectError

from sandkasten import (
    ExecStarted,
    FailedPreconditionError,
    InvalidArgumentError,
    NotFoundError,
    SandboxClient,
    SandkastenAPIError,
    SandkastenError,
    SandkastenStreamError,
    Session,
    UnauthenticatedError,
    UnavailableError,
)


async def test_a_wrong_key_is_unauthenticated(base_url: str) -> None:
    async with SandboxClient(base_url=base_url, api_key="sk-wrong") as client:
        with pytest.raises(UnauthenticatedError) as caught:
            await client.list_sessions()
    assert isinstance(caught.value, SandkastenError)
    assert caught.value.code is Code.UNAUTHENTICATED
    assert isinstance(caught.value.__cause__, ConnectError)


async def test_no_key_is_unauthenticated(base_url: str) -> None:
    async with SandboxClient(base_url=base_url) as client:
        with pytest.raises(UnauthenticatedError):
            await client.create_session()


async def test_an_invalid_field_is_named(client: SandboxClient) -> None:
    with pytest.raises(InvalidArgumentError, match="workspace_id"):
        await client.create_session(workspace_id="Not A Valid Id!")


async def test_a_destroyed_session_is_a_failed_precondition_for_unary_and_streamed_calls(
    client: SandboxClient, session: Session
) -> None:
    await client.destroy_session(session.id)
    with pytest.raises(FailedPreconditionError, match=f"session {session.id} is destroyed"):
        await session.exec("true")
    with pytest.raises(FailedPreconditionError, match=f"session {session.id} is destroyed"):
        async for _ in session.exec_stream("true"):
            pass


async def test_an_unknown_workspace_is_not_found(client: SandboxClient) -> None:
    with pytest.raises(NotFoundError, match="workspace no-such-workspace not found"):
        await client.workspace("no-such-workspace").read("x.txt")


async def test_an_unreachable_daemon_is_unavailable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with SandboxClient(base_url=f"http://127.0.0.1:{port}", api_key="sk-x") as client:
        with pytest.raises(UnavailableError) as caught:
            await client.list_sessions()
    # As sandkasten 0.3 (httpx) raised it: not an answer of the daemon's.
    assert isinstance(caught.value, httpx.ConnectError)
    assert not isinstance(caught.value, httpx.HTTPStatusError)
    assert caught.value.request.url.host == "127.0.0.1"


async def test_an_answered_error_is_an_httpx_status_error_as_in_0_3(
    client: SandboxClient,
) -> None:
    with pytest.raises(httpx.HTTPStatusError) as caught:
        await client.get_session("nosuchsession0")
    err = caught.value
    assert isinstance(err, NotFoundError) and isinstance(err, SandkastenAPIError)
    assert type(err).__name__ == "NotFoundError"
    # The status and body the REST route answers for it.
    assert err.response.status_code == err.status_code == 404
    assert err.response.json() == {
        "error": err.message,
        "error_code": "SESSION_NOT_FOUND",
        "message": err.message,
    }
    assert err.request.url.path == "/sandkasten.v1.SessionService/GetSession"


async def test_a_stream_that_fails_after_its_start_raises_a_stream_error(
    client: SandboxClient, session: Session
) -> None:
    events = session.exec_stream("sleep 30")
    with pytest.raises(SandkastenStreamError) as caught:
        async for event in events:
            if isinstance(event, ExecStarted):
                await asyncio.sleep(0.2)
                await client.destroy_session(session.id)
    assert isinstance(caught.value, SandkastenError)
    assert not isinstance(caught.value, httpx.HTTPStatusError)
