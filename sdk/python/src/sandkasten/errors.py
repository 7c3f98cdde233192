"""Typed errors: one class per Connect error code the daemon uses.

Every failed call raises a SandkastenError subclass that names the code; the
original connectrpc.errors.ConnectError stays attached as __cause__.
"""

from __future__ import annotations

from connectrpc.code import Code
from connectrpc.errors import ConnectError


class SandkastenError(Exception):
    """A call to the daemon failed. `code` is the Connect code, `message` the daemon's text."""

    code: Code = Code.UNKNOWN

    def __init__(self, message: str) -> None:
        super().__init__(f"{self.code.value}: {message}")
        self.message = message


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


_BY_CODE: dict[Code, type[SandkastenError]] = {
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


def error_from(err: ConnectError) -> SandkastenError:
    """The typed error for a ConnectError."""
    return _BY_CODE.get(err.code, UnknownError)(err.message)
