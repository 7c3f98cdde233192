"""What the file, session and workspace calls return: dataclasses built from the
daemon's messages, that also read like dicts (`workspace["id"]`).

SessionInfo, SessionStats and WorkspaceInfo are sandkasten 0.3's, with more fields
after 0.3's (which keep their order, types and defaults). Those are plain dataclasses
as in 0.3; the others are frozen."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sandkasten.v1.fs_pb2 as fs_pb2
import sandkasten.v1.session_pb2 as session_pb2
import sandkasten.v1.workspace_pb2 as workspace_pb2
from sandkasten._records import Record, parse_rfc3339, rfc3339, utc_time


@dataclass(frozen=True)
class FileInfo(Record):
    name: str
    #: Absolute path (inside the container, or inside the workspace).
    path: str
    is_dir: bool
    is_symlink: bool
    size: int
    mode: int
    modified_at: datetime | None
    #: The exact bytes of name and path, only when they are not valid UTF-8 (name
    #: and path then show U+FFFD for what does not decode).
    name_bytes: bytes | None = None
    path_bytes: bytes | None = None

    @staticmethod
    def of(message: fs_pb2.FileInfo) -> FileInfo:
        return FileInfo(
            name=message.name,
            path=message.path,
            is_dir=message.is_dir,
            is_symlink=message.is_symlink,
            size=message.size,
            mode=message.mode,
            modified_at=utc_time(message, "modified_at"),
            name_bytes=message.name_bytes or None,
            path_bytes=message.path_bytes or None,
        )


@dataclass(frozen=True)
class WrittenFile(Record):
    """Where a write or upload went, and how many bytes the file now has."""

    path: str
    size: int


_STATUS: dict[int, str] = {
    session_pb2.SESSION_STATUS_CREATING: "creating",
    session_pb2.SESSION_STATUS_RUNNING: "running",
    session_pb2.SESSION_STATUS_EXPIRED: "expired",
    session_pb2.SESSION_STATUS_DESTROYED: "destroyed",
    session_pb2.SESSION_STATUS_FAILED: "failed",
    session_pb2.SESSION_STATUS_POOL_IDLE: "pool_idle",
}


@dataclass
class SessionInfo(Record):
    id: str
    image: str
    #: "creating", "running", "expired", "destroyed" or "failed".
    status: str
    cwd: str
    #: When the session was created and when it expires: RFC 3339 in UTC, as the REST API
    #: writes them ("2026-11-25T10:00:00.123Z"); created_datetime and expires_datetime
    #: are the same as datetimes.
    created_at: str
    expires_at: str
    #: The persistent workspace at /workspace; None when the session's is ephemeral.
    workspace_id: str | None = None
    container_id: str | None = None
    #: The session's last exec or file call, as created_at; None before the first.
    last_activity: str | None = None
    status_reason: str = ""
    pooled: bool = False

    @property
    def created_datetime(self) -> datetime | None:
        return parse_rfc3339(self.created_at)

    @property
    def expires_datetime(self) -> datetime | None:
        return parse_rfc3339(self.expires_at)

    @property
    def last_activity_datetime(self) -> datetime | None:
        return parse_rfc3339(self.last_activity)

    @staticmethod
    def of(message: session_pb2.Session) -> SessionInfo:
        return SessionInfo(
            id=message.id,
            image=message.image,
            status=_STATUS.get(message.status, "unspecified"),
            cwd=message.cwd,
            created_at=rfc3339(message, "created_at") or "",
            expires_at=rfc3339(message, "expires_at") or "",
            workspace_id=message.workspace_id or None,
            container_id=message.container_id,
            last_activity=rfc3339(message, "last_activity"),
            status_reason=message.status_reason,
            pooled=message.pooled,
        )


@dataclass
class SessionStats(Record):
    memory_bytes: int
    #: 0 when the container has no memory limit.
    memory_limit: int
    cpu_usage_usec: int
    pids: int = 0

    @staticmethod
    def of(message: session_pb2.GetSessionStatsResponse) -> SessionStats:
        return SessionStats(
            memory_bytes=message.memory_bytes,
            memory_limit=message.memory_limit,
            cpu_usage_usec=message.cpu_usage_usec,
            pids=message.pids,
        )


@dataclass(frozen=True)
class PoolImageStatus(Record):
    image: str
    target: int
    ready: int
    creating: int
    hits: int
    misses: int


@dataclass(frozen=True)
class PoolStatus(Record):
    enabled: bool
    images: list[PoolImageStatus]

    @staticmethod
    def of(message: session_pb2.GetPoolStatusResponse) -> PoolStatus:
        return PoolStatus(
            enabled=message.enabled,
            images=[
                PoolImageStatus(
                    image=image.image,
                    target=image.target,
                    ready=image.ready,
                    creating=image.creating,
                    hits=image.hits,
                    misses=image.misses,
                )
                for image in message.images
            ],
        )


@dataclass
class WorkspaceInfo(Record):
    id: str
    #: "volume" or "directory".
    driver: str = ""
    created_at: datetime | None = None
    last_used_at: datetime | None = None
    size_bytes: int = 0
    #: Sessions that have it mounted now.
    session_ids: list[str] = field(default_factory=list)
    #: The per-workspace quota; 0 when there is none.
    quota_bytes: int = 0
    over_quota: bool = False

    @staticmethod
    def of(message: workspace_pb2.Workspace) -> WorkspaceInfo:
        return WorkspaceInfo(
            id=message.id,
            driver=message.driver,
            created_at=utc_time(message, "created_at"),
            last_used_at=utc_time(message, "last_used_at"),
            size_bytes=message.size_bytes,
            session_ids=list(message.session_ids),
            quota_bytes=message.quota_bytes,
            over_quota=message.over_quota,
        )


@dataclass(frozen=True)
class ImportSummary(Record):
    """What import_tar restored."""

    files: int
    dirs: int
    symlinks: int
    bytes: int
