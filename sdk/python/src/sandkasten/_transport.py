"""The generated Connect clients for the daemon's services, on one HTTP transport."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import httpx
from connectrpc.errors import ConnectError
from connectrpc.request import RequestContext
from pyqwest import Client as HTTPClient
from pyqwest import HTTPTransport

from sandkasten._raised import error_from
from sandkasten.v1.exec_connect import ExecServiceClient
from sandkasten.v1.fs_connect import FsServiceClient
from sandkasten.v1.job_connect import JobServiceClient
from sandkasten.v1.pty_connect import PtyServiceClient
from sandkasten.v1.session_connect import SessionServiceClient
from sandkasten.v1.snapshot_connect import SnapshotServiceClient
from sandkasten.v1.watch_connect import WatchServiceClient
from sandkasten.v1.workspace_connect import WorkspaceServiceClient

T = TypeVar("T")

#: Where a failed call's ConnectError keeps the URL of the call (see _NameFailedCalls).
_CALL_URL = "sandkasten_call_url"


class _BearerAuth:
    """Adds `authorization: Bearer <key>` to every call (a connectrpc MetadataInterceptor)."""

    def __init__(self, api_key: str) -> None:
        self._header = f"Bearer {api_key}"

    async def on_start(self, ctx: RequestContext[Any, Any]) -> None:
        ctx.request_headers()["authorization"] = self._header

    async def on_end(
        self, token: None, ctx: RequestContext[Any, Any], error: Exception | None
    ) -> None:
        return None


class _NameFailedCalls:
    """Notes on a failed call's ConnectError which call it was, for the error's `request`."""

    def __init__(self, address: str) -> None:
        self._address = address

    async def on_start(self, ctx: RequestContext[Any, Any]) -> None:
        return None

    async def on_end(
        self, token: None, ctx: RequestContext[Any, Any], error: Exception | None
    ) -> None:
        if isinstance(error, ConnectError):
            method = ctx.method()
            setattr(error, _CALL_URL, f"{self._address}/{method.service_name}/{method.name}")


class Transport:
    """Connect clients (binary protobuf) for the Session, Exec, Fs, Job, Pty, Workspace,
        Snapshot and Watch services.

        timeout (seconds; None for none) bounds connecting, and each wait for the daemon's
        next bytes, as httpx's timeout did in sandkasten 0.3, in the calls that answer
        at once. Calls that wait for something else have no such bound: an exec (for its
        command: exec_deadline_ms), a terminal (for a person) and an upload (for the
        client's own data; fs_uploads and workspace_uploads), attaching to a job (for
    its output; job_streams) and watching files (for changes; watch_streams).
    """

    def __init__(self, base_url: str, api_key: str | None, timeout: float | None = None) -> None:
        address = base_url.rstrip("/")
        self.timeout = timeout
        self._prompt = _http_transport(read_timeout=timeout, connect_timeout=timeout)
        self._waiting = _http_transport(read_timeout=None, connect_timeout=timeout)
        self._closed = False
        interceptors: list[Any] = [_NameFailedCalls(address)]
        if api_key:
            interceptors.append(_BearerAuth(api_key))
        prompt, waiting = HTTPClient(self._prompt), HTTPClient(self._waiting)
        self.sessions = SessionServiceClient(address, interceptors=interceptors, http_client=prompt)
        self.fs = FsServiceClient(address, interceptors=interceptors, http_client=prompt)
        self.jobs = JobServiceClient(address, interceptors=interceptors, http_client=prompt)
        self.workspaces = WorkspaceServiceClient(
            address, interceptors=interceptors, http_client=prompt
        )
        self.exec = ExecServiceClient(address, interceptors=interceptors, http_client=waiting)
        self.pty = PtyServiceClient(address, interceptors=interceptors, http_client=waiting)
        self.fs_uploads = FsServiceClient(address, interceptors=interceptors, http_client=waiting)
        self.workspace_uploads = WorkspaceServiceClient(
            address, interceptors=interceptors, http_client=waiting
        )
        self.job_streams = JobServiceClient(address, interceptors=interceptors, http_client=waiting)
        self.snapshots = SnapshotServiceClient(
            address, interceptors=interceptors, http_client=prompt
        )
        self.watch_streams = WatchServiceClient(
            address, interceptors=interceptors, http_client=waiting
        )

    def exec_deadline_ms(self, exec_timeout_ms: int | None) -> int | None:
        """The deadline of a unary exec: its timeout plus the client's; none when either is
        unset (the daemon stops a command at its maximum)."""
        if not exec_timeout_ms or self.timeout is None:
            return None
        return exec_timeout_ms + int(self.timeout * 1000)

    async def close(self) -> None:
        if not self._closed:
            self._closed = True
            await self._prompt.aclose()
            await self._waiting.aclose()


def _http_transport(*, read_timeout: float | None, connect_timeout: float | None) -> HTTPTransport:
    return HTTPTransport(
        tls_include_system_certs=True,
        follow_redirects=False,
        read_timeout=read_timeout,
        connect_timeout=connect_timeout,
    )


def _raise_typed(err: ConnectError, *, after_start: bool = False) -> None:
    url = getattr(err, _CALL_URL, None) or "http://daemon/"
    raise error_from(err, httpx.Request("POST", url), after_start=after_start) from err


@contextmanager
def rpc_errors() -> Iterator[None]:
    """Turns a ConnectError raised inside into the matching SandkastenError."""
    try:
        yield
    except ConnectError as err:
        _raise_typed(err)


async def stream_with_errors(stream: AsyncIterator[T]) -> AsyncGenerator[T, None]:
    """Yields the stream's messages, turning ConnectErrors into SandkastenErrors (once a
    message came, SandkastenStreamErrors too). Closing this generator closes the call at
    once (not whenever it is collected)."""
    started = False
    try:
        async for message in stream:
            started = True
            yield message
    except ConnectError as err:
        _raise_typed(err, after_start=started)
    finally:
        aclose = getattr(stream, "aclose", None)
        if aclose is not None:
            await aclose()
