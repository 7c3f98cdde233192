"""Which error a failed call raises: the typed class of its code, combined with the
exception sandkasten 0.3 raised in the same place.

0.3 was httpx on the REST routes: an error the daemon answered came out of
raise_for_status() as an httpx.HTTPStatusError, an exec stream that failed after
its start sent an `error` event (SandkastenStreamError), and a daemon it could not
reach gave httpx's transport errors. The raised class is a subclass of both, made
once per pair, so that `except NotFoundError` and 0.3's `except
httpx.HTTPStatusError` (or `except httpx.ConnectError`) catch the same error.
"""

from __future__ import annotations

import json
from typing import cast

import httpx
from connectrpc.errors import ConnectError
from pyqwest import ReadError, RemoteProtocolError, WriteError

import sandkasten.v1.errors_pb2 as errors_pb2
from sandkasten.errors import (
    BY_CODE,
    HTTP_STATUS,
    SandkastenAPIError,
    SandkastenError,
    SandkastenStreamError,
    UnknownError,
)


def error_from(
    err: ConnectError, request: httpx.Request, *, after_start: bool = False
) -> SandkastenError:
    """The error to raise for err. request names the call; after_start: err ended a
    stream that had already yielded."""
    typed = BY_CODE.get(err.code, UnknownError)
    transport = _transport_error_class(err.__cause__)
    if transport is not None:
        error = _combined(typed, transport)(err.message)
        cast(httpx.HTTPError, error).request = request
        return error
    if after_start:
        return _combined(typed, SandkastenStreamError)(err.message)
    api_error = cast(type[SandkastenAPIError], _combined(typed, SandkastenAPIError))
    reason = reason_of(err)
    # As the REST gateway answers: an expired session is 410 Gone.
    status = 410 if reason == "SESSION_EXPIRED" else HTTP_STATUS[typed.code]
    body = json.dumps(
        {"error": err.message, "error_code": reason or typed.code.name, "message": err.message}
    )
    return api_error(err.message, status, body, request=request)


def reason_of(err: ConnectError) -> str | None:
    """The daemon's ErrorReason detail (SESSION_EXPIRED, WORKSPACE_NOT_FOUND, ...), if any."""
    for detail in err.details:
        if detail.TypeName() == errors_pb2.ErrorReason.DESCRIPTOR.full_name:
            reason = errors_pb2.ErrorReason()
            detail.Unpack(reason)
            return reason.reason
    return None


def _transport_error_class(cause: BaseException | None) -> type[httpx.TransportError] | None:
    """The httpx error for a failure of the connection itself; None when the daemon answered
    (connect-python raises those without a cause)."""
    if cause is None or isinstance(cause, ConnectError) or not isinstance(cause, Exception):
        return None
    if isinstance(cause, TimeoutError):
        return httpx.ConnectTimeout if isinstance(cause, ConnectionError) else httpx.ReadTimeout
    if isinstance(cause, ConnectionError):
        return httpx.ConnectError
    if isinstance(cause, ReadError):
        return httpx.ReadError
    if isinstance(cause, WriteError):
        return httpx.WriteError
    if isinstance(cause, RemoteProtocolError):
        return httpx.RemoteProtocolError
    return httpx.TransportError


_COMBINED: dict[tuple[type[SandkastenError], type[Exception]], type[SandkastenError]] = {}


def _combined(typed: type[SandkastenError], other: type[Exception]) -> type[SandkastenError]:
    """The subclass of typed and other (one per pair), under typed's name."""
    combined = _COMBINED.get((typed, other))
    if combined is None:
        namespace = {"__module__": typed.__module__, "__qualname__": typed.__qualname__}
        combined = cast(type[SandkastenError], type(typed.__name__, (typed, other), namespace))
        _COMBINED[(typed, other)] = combined
    return combined
