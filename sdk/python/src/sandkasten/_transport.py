"""The generated Connect clients for the daemon's services, on one HTTP transport."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from connectrpc.errors import ConnectError
from connectrpc.request import RequestContext
from pyqwest import Client as HTTPClient
from pyqwest import HTTPTransport

from sandkasten.errors import error_from
from sandkasten.v1.exec_connect import ExecServiceClient
from sandkasten.v1.fs_connect import FsServiceClient
from sandkasten.v1.pty_connect import PtyServiceClient
from sandkasten.v1.session_connect import SessionServiceClient
from sandkasten.v1.workspace_connect import WorkspaceServiceClient

T = TypeVar("T")


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


class Transport:
    """Connect clients (binary protobuf) for the Session, Exec, Fs, Pty and Workspace services."""

    def __init__(self, base_url: str, api_key: str | None) -> None:
        address = base_url.rstrip("/")
        self._http = HTTPTransport(tls_include_system_certs=True, follow_redirects=False)
        self._closed = False
        http_client = HTTPClient(self._http)
        interceptors = [_BearerAuth(api_key)] if api_key else []
        self.sessions = SessionServiceClient(
            address, interceptors=interceptors, http_client=http_client
        )
        self.exec = ExecServiceClient(address, interceptors=interceptors, http_client=http_client)
        self.fs = FsServiceClient(address, interceptors=interceptors, http_client=http_client)
        self.pty = PtyServiceClient(address, interceptors=interceptors, http_client=http_client)
        self.workspaces = WorkspaceServiceClient(
            address, interceptors=interceptors, http_client=http_client
        )

    async def close(self) -> None:
        if not self._closed:
            self._closed = True
            await self._http.aclose()


@contextmanager
def rpc_errors() -> Iterator[None]:
    """Turns a ConnectError raised inside into the matching SandkastenError."""
    try:
        yield
    except ConnectError as err:
        raise error_from(err) from err


async def stream_with_errors(stream: AsyncIterator[T]) -> AsyncGenerator[T, None]:
    """Yields the stream's messages, turning ConnectErrors into SandkastenErrors.
    Closing this generator closes the call at once (not whenever it is collected)."""
    try:
        with rpc_errors():
            async for message in stream:
                yield message
    finally:
        aclose = getattr(stream, "aclose", None)
        if aclose is not None:
            await aclose()
