import datetime

from buf.validate import validate_pb2 as _validate_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from sandkasten.v1 import fs_pb2 as _fs_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Workspace(_message.Message):
    __slots__ = ("id", "driver", "created_at", "last_used_at", "size_bytes", "session_ids", "quota_bytes", "over_quota", "status", "tenant")
    ID_FIELD_NUMBER: _ClassVar[int]
    DRIVER_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_USED_AT_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    SESSION_IDS_FIELD_NUMBER: _ClassVar[int]
    QUOTA_BYTES_FIELD_NUMBER: _ClassVar[int]
    OVER_QUOTA_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TENANT_FIELD_NUMBER: _ClassVar[int]
    id: str
    driver: str
    created_at: _timestamp_pb2.Timestamp
    last_used_at: _timestamp_pb2.Timestamp
    size_bytes: int
    session_ids: _containers.RepeatedScalarFieldContainer[str]
    quota_bytes: int
    over_quota: bool
    status: str
    tenant: str
    def __init__(self, id: _Optional[str] = ..., driver: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_used_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., size_bytes: _Optional[int] = ..., session_ids: _Optional[_Iterable[str]] = ..., quota_bytes: _Optional[int] = ..., over_quota: _Optional[bool] = ..., status: _Optional[str] = ..., tenant: _Optional[str] = ...) -> None: ...

class ListWorkspacesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListWorkspacesResponse(_message.Message):
    __slots__ = ("workspaces",)
    WORKSPACES_FIELD_NUMBER: _ClassVar[int]
    workspaces: _containers.RepeatedCompositeFieldContainer[Workspace]
    def __init__(self, workspaces: _Optional[_Iterable[_Union[Workspace, _Mapping]]] = ...) -> None: ...

class GetWorkspaceRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetWorkspaceResponse(_message.Message):
    __slots__ = ("workspace",)
    WORKSPACE_FIELD_NUMBER: _ClassVar[int]
    workspace: Workspace
    def __init__(self, workspace: _Optional[_Union[Workspace, _Mapping]] = ...) -> None: ...

class DeleteWorkspaceRequest(_message.Message):
    __slots__ = ("id", "force")
    ID_FIELD_NUMBER: _ClassVar[int]
    FORCE_FIELD_NUMBER: _ClassVar[int]
    id: str
    force: bool
    def __init__(self, id: _Optional[str] = ..., force: _Optional[bool] = ...) -> None: ...

class DeleteWorkspaceResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListWorkspaceDirRequest(_message.Message):
    __slots__ = ("workspace_id", "path", "path_bytes")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    PATH_BYTES_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    path: str
    path_bytes: bytes
    def __init__(self, workspace_id: _Optional[str] = ..., path: _Optional[str] = ..., path_bytes: _Optional[bytes] = ...) -> None: ...

class ListWorkspaceDirResponse(_message.Message):
    __slots__ = ("path", "entries", "truncated")
    PATH_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    TRUNCATED_FIELD_NUMBER: _ClassVar[int]
    path: str
    entries: _containers.RepeatedCompositeFieldContainer[_fs_pb2.FileInfo]
    truncated: bool
    def __init__(self, path: _Optional[str] = ..., entries: _Optional[_Iterable[_Union[_fs_pb2.FileInfo, _Mapping]]] = ..., truncated: _Optional[bool] = ...) -> None: ...

class StatWorkspacePathRequest(_message.Message):
    __slots__ = ("workspace_id", "path", "path_bytes")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    PATH_BYTES_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    path: str
    path_bytes: bytes
    def __init__(self, workspace_id: _Optional[str] = ..., path: _Optional[str] = ..., path_bytes: _Optional[bytes] = ...) -> None: ...

class StatWorkspacePathResponse(_message.Message):
    __slots__ = ("info",)
    INFO_FIELD_NUMBER: _ClassVar[int]
    info: _fs_pb2.FileInfo
    def __init__(self, info: _Optional[_Union[_fs_pb2.FileInfo, _Mapping]] = ...) -> None: ...

class ReadWorkspaceFileRequest(_message.Message):
    __slots__ = ("workspace_id", "path", "max_bytes", "path_bytes")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    MAX_BYTES_FIELD_NUMBER: _ClassVar[int]
    PATH_BYTES_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    path: str
    max_bytes: int
    path_bytes: bytes
    def __init__(self, workspace_id: _Optional[str] = ..., path: _Optional[str] = ..., max_bytes: _Optional[int] = ..., path_bytes: _Optional[bytes] = ...) -> None: ...

class ReadWorkspaceFileResponse(_message.Message):
    __slots__ = ("path", "content", "truncated", "size", "is_utf8")
    PATH_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    TRUNCATED_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    IS_UTF8_FIELD_NUMBER: _ClassVar[int]
    path: str
    content: bytes
    truncated: bool
    size: int
    is_utf8: bool
    def __init__(self, path: _Optional[str] = ..., content: _Optional[bytes] = ..., truncated: _Optional[bool] = ..., size: _Optional[int] = ..., is_utf8: _Optional[bool] = ...) -> None: ...

class WriteWorkspaceFileRequest(_message.Message):
    __slots__ = ("workspace_id", "path", "content", "mode", "path_bytes")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    PATH_BYTES_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    path: str
    content: bytes
    mode: int
    path_bytes: bytes
    def __init__(self, workspace_id: _Optional[str] = ..., path: _Optional[str] = ..., content: _Optional[bytes] = ..., mode: _Optional[int] = ..., path_bytes: _Optional[bytes] = ...) -> None: ...

class WriteWorkspaceFileResponse(_message.Message):
    __slots__ = ("path", "size")
    PATH_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    path: str
    size: int
    def __init__(self, path: _Optional[str] = ..., size: _Optional[int] = ...) -> None: ...

class MakeWorkspaceDirRequest(_message.Message):
    __slots__ = ("workspace_id", "path", "parents", "path_bytes")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    PARENTS_FIELD_NUMBER: _ClassVar[int]
    PATH_BYTES_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    path: str
    parents: bool
    path_bytes: bytes
    def __init__(self, workspace_id: _Optional[str] = ..., path: _Optional[str] = ..., parents: _Optional[bool] = ..., path_bytes: _Optional[bytes] = ...) -> None: ...

class MakeWorkspaceDirResponse(_message.Message):
    __slots__ = ("path",)
    PATH_FIELD_NUMBER: _ClassVar[int]
    path: str
    def __init__(self, path: _Optional[str] = ...) -> None: ...

class RemoveWorkspacePathRequest(_message.Message):
    __slots__ = ("workspace_id", "path", "recursive", "path_bytes")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    RECURSIVE_FIELD_NUMBER: _ClassVar[int]
    PATH_BYTES_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    path: str
    recursive: bool
    path_bytes: bytes
    def __init__(self, workspace_id: _Optional[str] = ..., path: _Optional[str] = ..., recursive: _Optional[bool] = ..., path_bytes: _Optional[bytes] = ...) -> None: ...

class RemoveWorkspacePathResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class UploadWorkspaceFileRequest(_message.Message):
    __slots__ = ("workspace_id", "path", "data", "path_bytes")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    PATH_BYTES_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    path: str
    data: bytes
    path_bytes: bytes
    def __init__(self, workspace_id: _Optional[str] = ..., path: _Optional[str] = ..., data: _Optional[bytes] = ..., path_bytes: _Optional[bytes] = ...) -> None: ...

class UploadWorkspaceFileResponse(_message.Message):
    __slots__ = ("path", "size")
    PATH_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    path: str
    size: int
    def __init__(self, path: _Optional[str] = ..., size: _Optional[int] = ...) -> None: ...

class DownloadWorkspaceFileRequest(_message.Message):
    __slots__ = ("workspace_id", "path", "path_bytes")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    PATH_BYTES_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    path: str
    path_bytes: bytes
    def __init__(self, workspace_id: _Optional[str] = ..., path: _Optional[str] = ..., path_bytes: _Optional[bytes] = ...) -> None: ...

class DownloadWorkspaceFileResponse(_message.Message):
    __slots__ = ("data",)
    DATA_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    def __init__(self, data: _Optional[bytes] = ...) -> None: ...

class ExportWorkspaceRequest(_message.Message):
    __slots__ = ("workspace_id",)
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    def __init__(self, workspace_id: _Optional[str] = ...) -> None: ...

class ExportWorkspaceResponse(_message.Message):
    __slots__ = ("data",)
    DATA_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    def __init__(self, data: _Optional[bytes] = ...) -> None: ...

class ImportWorkspaceRequest(_message.Message):
    __slots__ = ("workspace_id", "data")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    data: bytes
    def __init__(self, workspace_id: _Optional[str] = ..., data: _Optional[bytes] = ...) -> None: ...

class ImportWorkspaceResponse(_message.Message):
    __slots__ = ("files", "dirs", "symlinks", "bytes")
    FILES_FIELD_NUMBER: _ClassVar[int]
    DIRS_FIELD_NUMBER: _ClassVar[int]
    SYMLINKS_FIELD_NUMBER: _ClassVar[int]
    BYTES_FIELD_NUMBER: _ClassVar[int]
    files: int
    dirs: int
    symlinks: int
    bytes: int
    def __init__(self, files: _Optional[int] = ..., dirs: _Optional[int] = ..., symlinks: _Optional[int] = ..., bytes: _Optional[int] = ...) -> None: ...
