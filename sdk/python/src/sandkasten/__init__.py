"""Python client for Sandkasten, the self-hosted sandbox runtime for AI agents.

from sandkasten import SandboxClient

async with SandboxClient(base_url="http://localhost:8080", api_key="sk-...") as client:
    async with await client.create_session() as session:
        result = await session.exec("echo hello")
"""

from importlib.metadata import PackageNotFoundError, version
from pkgutil import extend_path
from typing import Any

# The generated sandkasten.v1 lives in gen/sandkasten in a source checkout (an
# installed wheel has it in place): find it there too.
__path__ = extend_path(__path__, __name__)

# exceptions and types: attributes of the package, as sandkasten 0.3's imports made them.
from sandkasten import exceptions as exceptions
from sandkasten import types as types
from sandkasten._chunks import UploadSource
from sandkasten.client import SandboxClient
from sandkasten.errors import (
    AbortedError,
    AlreadyExistsError,
    CanceledError,
    CommandTimeoutError,
    DataLossError,
    DeadlineExceededError,
    FailedPreconditionError,
    InternalError,
    InvalidArgumentError,
    NotFoundError,
    OutOfRangeError,
    PermissionDeniedError,
    ResourceExhaustedError,
    SandkastenAPIError,
    SandkastenError,
    SandkastenStreamError,
    UnauthenticatedError,
    UnavailableError,
    UnimplementedError,
    UnknownError,
)
from sandkasten.exec_results import (
    ExecChunk,
    ExecEnded,
    ExecEvent,
    ExecOutput,
    ExecResult,
    ExecStarted,
)
from sandkasten.jobs import JobDropped, JobEnded, JobEvent, JobInfo, JobOutput, Jobs, JobSignal
from sandkasten.pty import Pty, PtyExit
from sandkasten.read_result import ReadResult
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
from sandkasten.snapshots import (
    DiffChange,
    DiffEntry,
    DiffEntryState,
    SnapshotInfo,
    Snapshots,
    WorkspaceDiff,
)
from sandkasten.watch import WatchEvent, WatchKind
from sandkasten.workspaces import Workspace

__all__ = [
    "AbortedError",
    "AlreadyExistsError",
    "CanceledError",
    "CommandTimeoutError",
    "DataLossError",
    "DeadlineExceededError",
    "DiffChange",
    "DiffEntry",
    "DiffEntryState",
    "ExecChunk",
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
    "JobDropped",
    "JobEnded",
    "JobEvent",
    "JobInfo",
    "JobOutput",
    "JobSignal",
    "Jobs",
    "NotFoundError",
    "OutOfRangeError",
    "PermissionDeniedError",
    "PoolImageStatus",
    "PoolStatus",
    "Pty",
    "PtyExit",
    "ReadResult",
    "ResourceExhaustedError",
    "SandboxClient",
    "SandkastenAPIError",
    "SandkastenError",
    "SandkastenStreamError",
    "Session",
    "SessionInfo",
    "SessionStats",
    "SnapshotInfo",
    "Snapshots",
    "UnauthenticatedError",
    "UnavailableError",
    "UnimplementedError",
    "UnknownError",
    "UploadSource",
    "WatchEvent",
    "WatchKind",
    "Workspace",
    "WorkspaceDiff",
    "WorkspaceInfo",
    "WrittenFile",
]

try:
    __version__ = version(__name__)
except PackageNotFoundError:  # imported from a source tree that pip never installed
    __version__ = "0+unknown"

#: sandkasten 0.3 made these of sandkasten.agents reachable from here, loaded on first
#: use (they need the `agents` extra).
_AGENTS_NAMES = frozenset(
    {
        "SandkastenContext",
        "sandkasten_tools",
        "create_sandkasten_tools",
        "sandbox_tools_for_workspace",
    }
)


def __getattr__(name: str) -> Any:
    if name in _AGENTS_NAMES:
        from sandkasten import agents

        return getattr(agents, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
