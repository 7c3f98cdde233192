"""Workspace snapshots (`workspace.snapshots`): named, read-only copies of a workspace
at one moment, kept on the daemon's host; and what fork and diff answer."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import sandkasten.v1.snapshot_pb2 as snapshot_pb2
from sandkasten._records import Record, utc_time
from sandkasten._transport import Transport, rpc_errors

DiffChange = Literal["added", "removed", "changed"]

_CHANGES: dict[int, DiffChange] = {
    snapshot_pb2.DIFF_CHANGE_ADDED: "added",
    snapshot_pb2.DIFF_CHANGE_REMOVED: "removed",
    snapshot_pb2.DIFF_CHANGE_CHANGED: "changed",
}


@dataclass(frozen=True)
class SnapshotInfo(Record):
    workspace_id: str
    name: str
    created_at: datetime | None
    #: Bytes of regular files in it.
    size_bytes: int
    files: int
    dirs: int
    symlinks: int
    #: Devices, FIFOs and sockets that were not copied (the first 100 of skipped_count).
    skipped: tuple[str, ...]
    skipped_count: int

    @staticmethod
    def of(message: snapshot_pb2.Snapshot) -> SnapshotInfo:
        return SnapshotInfo(
            workspace_id=message.workspace_id,
            name=message.name,
            created_at=utc_time(message, "created_at"),
            size_bytes=message.size_bytes,
            files=message.files,
            dirs=message.dirs,
            symlinks=message.symlinks,
            skipped=tuple(message.skipped),
            skipped_count=message.skipped_count,
        )


@dataclass(frozen=True)
class DiffEntryState(Record):
    """What one side holds at a path."""

    #: "file", "dir", "symlink" or "other".
    kind: str
    #: A file's length, a symlink's target length; 0 for the others.
    size: int
    mode: int


@dataclass(frozen=True)
class DiffEntry(Record):
    #: added: only in the workspace; removed: only in the base; changed: another type,
    #: mode, size, content or link target.
    change: DiffChange
    #: Relative to the workspace root, with a leading "/".
    path: str
    #: The path's exact bytes, only when it is not valid UTF-8.
    path_bytes: bytes | None
    #: None for an added path.
    before: DiffEntryState | None
    #: None for a removed path.
    after: DiffEntryState | None

    @staticmethod
    def of(message: snapshot_pb2.DiffEntry) -> DiffEntry:
        return DiffEntry(
            change=_CHANGES.get(message.change, "changed"),
            path=message.path,
            path_bytes=message.path_bytes or None,
            before=_state(message, "before"),
            after=_state(message, "after"),
        )


@dataclass(frozen=True)
class WorkspaceDiff(Record):
    #: In path order, a directory before its contents.
    changes: list[DiffEntry]
    #: More changed than max_entries.
    truncated: bool


def _state(
    message: snapshot_pb2.DiffEntry, side: Literal["before", "after"]
) -> DiffEntryState | None:
    if not message.HasField(side):
        return None
    state: snapshot_pb2.DiffEntryState = getattr(message, side)
    return DiffEntryState(kind=state.kind, size=state.size, mode=state.mode)


class Snapshots:
    """A workspace's snapshots (from `workspace.snapshots`)."""

    def __init__(self, transport: Transport, workspace_id: str) -> None:
        self._rpc = transport
        self._workspace_id = workspace_id

    async def take(self, name: str) -> SnapshotInfo:
        """Copies the workspace now, as name. A session may have it attached and write
        meanwhile; for a consistent copy run no command while it is taken."""
        request = snapshot_pb2.SnapshotWorkspaceRequest(workspace_id=self._workspace_id, name=name)
        with rpc_errors():
            response = await self._rpc.snapshots.snapshot_workspace(request)
        return SnapshotInfo.of(response.snapshot)

    async def list(self) -> builtins.list[SnapshotInfo]:
        """Oldest first."""
        request = snapshot_pb2.ListSnapshotsRequest(workspace_id=self._workspace_id)
        with rpc_errors():
            response = await self._rpc.snapshots.list_snapshots(request)
        return [SnapshotInfo.of(snapshot) for snapshot in response.snapshots]

    async def delete(self, name: str) -> None:
        request = snapshot_pb2.DeleteSnapshotRequest(workspace_id=self._workspace_id, name=name)
        with rpc_errors():
            await self._rpc.snapshots.delete_snapshot(request)

    async def restore(self, name: str) -> SnapshotInfo:
        """Replaces everything in the workspace with the snapshot's contents (refused,
        FailedPreconditionError, while a session has it attached)."""
        request = snapshot_pb2.RestoreWorkspaceRequest(
            workspace_id=self._workspace_id, snapshot=name
        )
        with rpc_errors():
            response = await self._rpc.snapshots.restore_workspace(request)
        return SnapshotInfo.of(response.snapshot)
