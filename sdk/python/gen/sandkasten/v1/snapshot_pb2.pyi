import datetime

from buf.validate import validate_pb2 as _validate_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from sandkasten.v1 import workspace_pb2 as _workspace_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DiffChange(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DIFF_CHANGE_UNSPECIFIED: _ClassVar[DiffChange]
    DIFF_CHANGE_ADDED: _ClassVar[DiffChange]
    DIFF_CHANGE_REMOVED: _ClassVar[DiffChange]
    DIFF_CHANGE_CHANGED: _ClassVar[DiffChange]
DIFF_CHANGE_UNSPECIFIED: DiffChange
DIFF_CHANGE_ADDED: DiffChange
DIFF_CHANGE_REMOVED: DiffChange
DIFF_CHANGE_CHANGED: DiffChange

class Snapshot(_message.Message):
    __slots__ = ("workspace_id", "name", "created_at", "size_bytes", "files", "dirs", "symlinks", "skipped", "skipped_count")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    FILES_FIELD_NUMBER: _ClassVar[int]
    DIRS_FIELD_NUMBER: _ClassVar[int]
    SYMLINKS_FIELD_NUMBER: _ClassVar[int]
    SKIPPED_FIELD_NUMBER: _ClassVar[int]
    SKIPPED_COUNT_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    name: str
    created_at: _timestamp_pb2.Timestamp
    size_bytes: int
    files: int
    dirs: int
    symlinks: int
    skipped: _containers.RepeatedScalarFieldContainer[str]
    skipped_count: int
    def __init__(self, workspace_id: _Optional[str] = ..., name: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., size_bytes: _Optional[int] = ..., files: _Optional[int] = ..., dirs: _Optional[int] = ..., symlinks: _Optional[int] = ..., skipped: _Optional[_Iterable[str]] = ..., skipped_count: _Optional[int] = ...) -> None: ...

class SnapshotWorkspaceRequest(_message.Message):
    __slots__ = ("workspace_id", "name")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    name: str
    def __init__(self, workspace_id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class SnapshotWorkspaceResponse(_message.Message):
    __slots__ = ("snapshot",)
    SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    snapshot: Snapshot
    def __init__(self, snapshot: _Optional[_Union[Snapshot, _Mapping]] = ...) -> None: ...

class ListSnapshotsRequest(_message.Message):
    __slots__ = ("workspace_id",)
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    def __init__(self, workspace_id: _Optional[str] = ...) -> None: ...

class ListSnapshotsResponse(_message.Message):
    __slots__ = ("snapshots",)
    SNAPSHOTS_FIELD_NUMBER: _ClassVar[int]
    snapshots: _containers.RepeatedCompositeFieldContainer[Snapshot]
    def __init__(self, snapshots: _Optional[_Iterable[_Union[Snapshot, _Mapping]]] = ...) -> None: ...

class DeleteSnapshotRequest(_message.Message):
    __slots__ = ("workspace_id", "name")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    name: str
    def __init__(self, workspace_id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class DeleteSnapshotResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RestoreWorkspaceRequest(_message.Message):
    __slots__ = ("workspace_id", "snapshot")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    snapshot: str
    def __init__(self, workspace_id: _Optional[str] = ..., snapshot: _Optional[str] = ...) -> None: ...

class RestoreWorkspaceResponse(_message.Message):
    __slots__ = ("snapshot",)
    SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    snapshot: Snapshot
    def __init__(self, snapshot: _Optional[_Union[Snapshot, _Mapping]] = ...) -> None: ...

class ForkWorkspaceRequest(_message.Message):
    __slots__ = ("workspace_id", "snapshot", "new_workspace_id", "replace")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    NEW_WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    REPLACE_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    snapshot: str
    new_workspace_id: str
    replace: bool
    def __init__(self, workspace_id: _Optional[str] = ..., snapshot: _Optional[str] = ..., new_workspace_id: _Optional[str] = ..., replace: _Optional[bool] = ...) -> None: ...

class ForkWorkspaceResponse(_message.Message):
    __slots__ = ("workspace",)
    WORKSPACE_FIELD_NUMBER: _ClassVar[int]
    workspace: _workspace_pb2.Workspace
    def __init__(self, workspace: _Optional[_Union[_workspace_pb2.Workspace, _Mapping]] = ...) -> None: ...

class DiffWorkspaceRequest(_message.Message):
    __slots__ = ("workspace_id", "snapshot", "base_workspace_id", "base_snapshot", "max_entries")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    BASE_WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    BASE_SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    MAX_ENTRIES_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    snapshot: str
    base_workspace_id: str
    base_snapshot: str
    max_entries: int
    def __init__(self, workspace_id: _Optional[str] = ..., snapshot: _Optional[str] = ..., base_workspace_id: _Optional[str] = ..., base_snapshot: _Optional[str] = ..., max_entries: _Optional[int] = ...) -> None: ...

class DiffEntryState(_message.Message):
    __slots__ = ("kind", "size", "mode")
    KIND_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    kind: str
    size: int
    mode: int
    def __init__(self, kind: _Optional[str] = ..., size: _Optional[int] = ..., mode: _Optional[int] = ...) -> None: ...

class DiffEntry(_message.Message):
    __slots__ = ("change", "path", "path_bytes", "before", "after")
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    PATH_BYTES_FIELD_NUMBER: _ClassVar[int]
    BEFORE_FIELD_NUMBER: _ClassVar[int]
    AFTER_FIELD_NUMBER: _ClassVar[int]
    change: DiffChange
    path: str
    path_bytes: bytes
    before: DiffEntryState
    after: DiffEntryState
    def __init__(self, change: _Optional[_Union[DiffChange, str]] = ..., path: _Optional[str] = ..., path_bytes: _Optional[bytes] = ..., before: _Optional[_Union[DiffEntryState, _Mapping]] = ..., after: _Optional[_Union[DiffEntryState, _Mapping]] = ...) -> None: ...

class DiffWorkspaceResponse(_message.Message):
    __slots__ = ("changes", "truncated")
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    TRUNCATED_FIELD_NUMBER: _ClassVar[int]
    changes: _containers.RepeatedCompositeFieldContainer[DiffEntry]
    truncated: bool
    def __init__(self, changes: _Optional[_Iterable[_Union[DiffEntry, _Mapping]]] = ..., truncated: _Optional[bool] = ...) -> None: ...
