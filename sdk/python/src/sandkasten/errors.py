"""Typed errors: one class per Connect code the daemon uses, and sandkasten 0.3's three.

Every failed call raises a SandkastenError subclass that names the code; the
original connectrpc.errors.ConnectError stays attached as __cause__. What is
raised is also what sandkasten 0.3 (the httpx client on the REST routes) raised
in the same place, so that `except` clauses written for it still catch (see
sandkasten._raised): an error the daemon answered is a SandkastenAPIError and so
an httpx.HTTPStatusError, one that ends an exec_stream after its start is a
SandkastenStreamError, and one that never reached the daemon is the httpx
transport error of that kind (httpx.ConnectError, httpx.ReadTimeout, ...).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import httpx
from connectrpc.code import Code

if TYPE_CHECKING:
    from sandkasten.exec_results import ExecResult

#: The HTTP status the REST gateway answers for each code (src/rest/status-codes.ts).
HTTP_STATUS: dict[Code, int] = {
    Code.CANCELED: 499,
    Code.UNKNOWN: 500,
    Code.INVALID_ARGUMENT: 400,
    Code.DEADLINE_EXCEEDED: 504,
    Code.NOT_FOUND: 404,
    Code.ALREADY_EXISTS: 409,
    Code.PERMISSION_DENIED: 403,
    Code.RESOURCE_EXHAUSTED: 413,
    Code.FAILED_PRECONDITION: 409,
    Code.ABORTED: 409,
    Code.OUT_OF_RANGE: 400,
    Code.UNIMPLEMENTED: 501,
    Code.INTERNAL: 500,
    Code.UNAVAILABLE: 503,
    Code.DATA_LOSS: 500,
    Code.UNAUTHENTICATED: 401,
}


class SandkastenError(Exception):
    """A call to the daemon failed. `code` is the Connect code, `message` the daemon's text."""

    code: Code = Code.UNKNOWN

    def __init__(self, message: str = "") -> None:
        # Not super().__init__: in the classes that are also httpx errors, the next
        # __init__ in line wants keyword arguments of its own.
        Exception.__init__(self, f"{self.code.value}: {message}")
        self.message = message


class SandkastenAPIError(SandkastenError, httpx.HTTPStatusError):
    """The daemon answered the call with an error (0.3: the REST route's error status).

    `status_code` is the HTTP status the REST API answers for the code, and
    `response` an httpx.Response with it and the body `{"error": message}`, as
    an httpx.HTTPStatusError of sandkasten 0.3 had them; `request` names the call.
    """

    def __init__(
        self,
        message: str,
        status_code: int | None = None,
        response_body: str | None = None,
        *,
        request: httpx.Request | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        SandkastenError.__init__(self, message)
        self.status_code = status_code
        self.response_body = response_body
        self.request = request if request is not None else httpx.Request("POST", "http://daemon/")
        self.response = (
            response
            if response is not None
            else httpx.Response(
                status_code if status_code is not None else HTTP_STATUS[self.code],
                headers={"content-type": "application/json"},
                content=response_body
                if response_body is not None
                else json.dumps({"error": message}),
                request=self.request,
            )
        )


class SandkastenStreamError(SandkastenError):
    """exec_stream failed after the command started (0.3: an `error` event in the stream)."""


class CanceledError(SandkastenError):
    code = Code.CANCELED


class UnknownError(SandkastenError):
    code = Code.UNKNOWN


class InvalidArgumentError(SandkastenError):
    code = Code.INVALID_ARGUMENT


class DeadlineExceededError(SandkastenError):
    code = Code.DEADLINE_EXCEEDED


class NotFoundError(SandkastenError):
    code = Code.NOT_FOUND


class AlreadyExistsError(SandkastenError):
    code = Code.ALREADY_EXISTS


class PermissionDeniedError(SandkastenError):
    code = Code.PERMISSION_DENIED


class ResourceExhaustedError(SandkastenError):
    code = Code.RESOURCE_EXHAUSTED


class FailedPreconditionError(SandkastenError):
    code = Code.FAILED_PRECONDITION


class AbortedError(SandkastenError):
    code = Code.ABORTED


class OutOfRangeError(SandkastenError):
    code = Code.OUT_OF_RANGE


class UnimplementedError(SandkastenError):
    code = Code.UNIMPLEMENTED


class InternalError(SandkastenError):
    code = Code.INTERNAL


class UnavailableError(SandkastenError):
    code = Code.UNAVAILABLE


class DataLossError(SandkastenError):
    code = Code.DATA_LOSS


class UnauthenticatedError(SandkastenError):
    code = Code.UNAUTHENTICATED


class CommandTimeoutError(DeadlineExceededError, SandkastenAPIError):
    """exec's command ran past timeout_ms and was stopped (0.3, against the original
    daemon: the REST route's 504 COMMAND_TIMEOUT). `result` is the ExecResult with what
    the command wrote until then (`timed_out` set). exec(..., raise_on_timeout=False)
    returns that result instead."""

    def __init__(
        self, result: ExecResult, timeout_ms: int, *, request: httpx.Request | None = None
    ):
        message = f"the command did not finish within timeout_ms {timeout_ms}; it was stopped"
        body = json.dumps({"error": message, "error_code": "COMMAND_TIMEOUT", "message": message})
        SandkastenAPIError.__init__(self, message, 504, body, request=request)
        self.result = result


BY_CODE: dict[Code, type[SandkastenError]] = {
    cls.code: cls
    for cls in (
        CanceledError,
        UnknownError,
        InvalidArgumentError,
        DeadlineExceededError,
        NotFoundError,
        AlreadyExistsError,
        PermissionDeniedError,
        ResourceExhaustedError,
        FailedPreconditionError,
        AbortedError,
        OutOfRangeError,
        UnimplementedError,
        InternalError,
        UnavailableError,
        DataLossError,
        UnauthenticatedError,
    )
}
