"""What the file, session and workspace calls return: frozen dataclasses built from
the daemon's messages, that also read like dicts (`workspace["id"]`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sandkasten.v1.fs_pb2 as fs_pb2
import sandkasten.v1.session_pb2 as session_pb2
import sandkasten.v1.workspace_pb2 as workspace_pb2
from sandkasten._records import Record, utc_time


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
}


@dataclass(frozen=True)
class SessionInfo(Record):
    id: str
    image: str
    #: "creating", "running", "expired", "destroyed" or "failed".
    status: str
    cwd: str
    #: The persistent workspace at /workspace; None when the session's is ephemeral.
    workspace_id: str | None
    created_at: datetime | None
    expires_at: datetime | None
    last_activity: datetime | None
    container_id: str
    status_reason: str
    pooled: bool

    @staticmethod
    def of(message: session_pb2.Session) -> SessionInfo:
        return SessionInfo(
            id=message.id,
            image=message.image,
            status=_STATUS.get(message.status, "unspecified"),
            cwd=message.cwd,
            workspace_id=message.workspace_id or None,
            created_at=utc_time(message, "created_at"),
            expires_at=utc_time(message, "expires_at"),
            last_activity=utc_time(message, "last_activity"),
            container_id=message.container_id,
            status_reason=message.status_reason,
            pooled=message.pooled,
        )


@dataclass(frozen=True)
class SessionStats(Record):
    memory_bytes: int
    memory_limit: int
    cpu_usage_usec: int
    pids: int

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


@dataclass(frozen=True)
class WorkspaceInfo(Record):
    id: str
    #: "volume" or "directory".
    driver: str
    created_at: datetime | None
    last_used_at: datetime | None
    size_bytes: int
    #: Sessions that have it mounted now.
    session_ids: list[str]
    #: The per-workspace quota; 0 when there is none.
    quota_bytes: int
    over_quota: bool

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
