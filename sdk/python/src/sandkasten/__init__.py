"""Python client for Sandkasten, the self-hosted sandbox runtime for AI agents.

from sandkasten import SandboxClient

async with SandboxClient(base_url="http://localhost:8080", api_key="sk-...") as client:
    async with await client.create_session() as session:
        result = await session.exec("echo hello")
"""

from pkgutil import extend_path

# The generated sandkasten.v1 lives in gen/sandkasten in a source checkout (an
# installed wheel has it in place): find it there too.
__path__ = extend_path(__path__, __name__)

from sandkasten._chunks import UploadSource
from sandkasten.client import SandboxClient
from sandkasten.errors import (
    AbortedError,
    AlreadyExistsError,
    CanceledError,
    DataLossError,
    DeadlineExceededError,
    FailedPreconditionError,
    InternalError,
    InvalidArgumentError,
    NotFoundError,
    OutOfRangeError,
    PermissionDeniedError,
    ResourceExhaustedError,
    SandkastenError,
    UnauthenticatedError,
    UnavailableError,
    UnimplementedError,
    UnknownError,
)
from sandkasten.exec_results import ExecEnded, ExecEvent, ExecOutput, ExecResult, ExecStarted
from sandkasten.pty import Pty, PtyExit
from sandkasten.results import (
    FileInfo,
    ImportSummary,
    PoolImageStatus,
    PoolStatus,
    SessionInfo,
    SessionStats,
    WorkspaceInfo,
    WrittenFile,
)
from sandkasten.session import Session
from sandkasten.workspaces import Workspace

__all__ = [
    "AbortedError",
    "AlreadyExistsError",
    "CanceledError",
    "DataLossError",
    "DeadlineExceededError",
    "ExecEnded",
    "ExecEvent",
    "ExecOutput",
    "ExecResult",
    "ExecStarted",
    "FailedPreconditionError",
    "FileInfo",
    "ImportSummary",
    "InternalError",
    "InvalidArgumentError",
    "NotFoundError",
    "OutOfRangeError",
    "PermissionDeniedError",
    "PoolImageStatus",
    "PoolStatus",
    "Pty",
    "PtyExit",
    "ResourceExhaustedError",
    "SandboxClient",
    "SandkastenError",
    "Session",
    "SessionInfo",
    "SessionStats",
    "UnauthenticatedError",
    "UnavailableError",
    "UnimplementedError",
    "UnknownError",
    "UploadSource",
    "Workspace",
    "WorkspaceInfo",
    "WrittenFile",
]
