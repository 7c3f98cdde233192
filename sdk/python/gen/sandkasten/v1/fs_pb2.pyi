import datetime

from buf.validate import validate_pb2 as _validate_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class FileInfo(_message.Message):
    __slots__ = ("name", "path", "is_dir", "is_symlink", "size", "mode", "modified_at", "name_bytes", "path_bytes")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    IS_DIR_FIELD_NUMBER: _ClassVar[int]
    IS_SYMLINK_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    MODIFIED_AT_FIELD_NUMBER: _ClassVar[int]
    NAME_BYTES_FIELD_NUMBER: _ClassVar[int]
    PATH_BYTES_FIELD_NUMBER: _ClassVar[int]
    name: str
    path: str
    is_dir: bool
    is_symlink: bool
    size: int
    mode: int
    modified_at: _timestamp_pb2.Timestamp
    name_bytes: bytes
    path_bytes: bytes
    def __init__(self, name: _Optional[str] = ..., path: _Optional[str] = ..., is_dir: _Optional[bool] = ..., is_symlink: _Optional[bool] = ..., size: _Optional[int] = ..., mode: _Optional[int] = ..., modified_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., name_bytes: _Optional[bytes] = ..., path_bytes: _Optional[bytes] = ...) -> None: ...

class WorkspaceQuota(_message.Message):
    __slots__ = ("quota_bytes", "used_bytes")
    QUOTA_BYTES_FIELD_NUMBER: _ClassVar[int]
    USED_BYTES_FIELD_NUMBER: _ClassVar[int]
    quota_bytes: int
    used_bytes: int
    def __init__(self, quota_bytes: _Optional[int] = ..., used_bytes: _Optional[int] = ...) -> None: ...

class ReadFileRequest(_message.Message):
    __slots__ = ("session_id", "path", "max_bytes", "path_bytes")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    MAX_BYTES_FIELD_NUMBER: _ClassVar[int]
    PATH_BYTES_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    path: str
    max_bytes: int
    path_bytes: bytes
    def __init__(self, session_id: _Optional[str] = ..., path: _Optional[str] = ..., max_bytes: _Optional[int] = ..., path_bytes: _Optional[bytes] = ...) -> None: ...

class ReadFileResponse(_message.Message):
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

class WriteFileRequest(_message.Message):
    __slots__ = ("session_id", "path", "content", "mode", "path_bytes", "workspace_quota")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    PATH_BYTES_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_QUOTA_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    path: str
    content: bytes
    mode: int
    path_bytes: bytes
    workspace_quota: WorkspaceQuota
    def __init__(self, session_id: _Optional[str] = ..., path: _Optional[str] = ..., content: _Optional[bytes] = ..., mode: _Optional[int] = ..., path_bytes: _Optional[bytes] = ..., workspace_quota: _Optional[_Union[WorkspaceQuota, _Mapping]] = ...) -> None: ...

class WriteFileResponse(_message.Message):
    __slots__ = ("path", "size")
    PATH_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    path: str
    size: int
    def __init__(self, path: _Optional[str] = ..., size: _Optional[int] = ...) -> None: ...

class ListDirRequest(_message.Message):
    __slots__ = ("session_id", "path", "path_bytes")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    PATH_BYTES_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    path: str
    path_bytes: bytes
    def __init__(self, session_id: _Optional[str] = ..., path: _Optional[str] = ..., path_bytes: _Optional[bytes] = ...) -> None: ...

class ListDirResponse(_message.Message):
    __slots__ = ("path", "entries", "truncated")
    PATH_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    TRUNCATED_FIELD_NUMBER: _ClassVar[int]
    path: str
    entries: _containers.RepeatedCompositeFieldContainer[FileInfo]
    truncated: bool
    def __init__(self, path: _Optional[str] = ..., entries: _Optional[_Iterable[_Union[FileInfo, _Mapping]]] = ..., truncated: _Optional[bool] = ...) -> None: ...

class StatRequest(_message.Message):
    __slots__ = ("session_id", "path", "path_bytes")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    PATH_BYTES_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    path: str
    path_bytes: bytes
    def __init__(self, session_id: _Optional[str] = ..., path: _Optional[str] = ..., path_bytes: _Optional[bytes] = ...) -> None: ...

class StatResponse(_message.Message):
    __slots__ = ("info",)
    INFO_FIELD_NUMBER: _ClassVar[int]
    info: FileInfo
    def __init__(self, info: _Optional[_Union[FileInfo, _Mapping]] = ...) -> None: ...

class RemoveRequest(_message.Message):
    __slots__ = ("session_id", "path", "recursive", "path_bytes")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    RECURSIVE_FIELD_NUMBER: _ClassVar[int]
    PATH_BYTES_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    path: str
    recursive: bool
    path_bytes: bytes
    def __init__(self, session_id: _Optional[str] = ..., path: _Optional[str] = ..., recursive: _Optional[bool] = ..., path_bytes: _Optional[bytes] = ...) -> None: ...

class RemoveResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class MakeDirRequest(_message.Message):
    __slots__ = ("session_id", "path", "parents", "path_bytes")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    PARENTS_FIELD_NUMBER: _ClassVar[int]
    PATH_BYTES_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    path: str
    parents: bool
    path_bytes: bytes
    def __init__(self, session_id: _Optional[str] = ..., path: _Optional[str] = ..., parents: _Optional[bool] = ..., path_bytes: _Optional[bytes] = ...) -> None: ...

class MakeDirResponse(_message.Message):
    __slots__ = ("path",)
    PATH_FIELD_NUMBER: _ClassVar[int]
    path: str
    def __init__(self, path: _Optional[str] = ...) -> None: ...

class UploadRequest(_message.Message):
    __slots__ = ("session_id", "path", "data", "path_bytes", "workspace_quota")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    PATH_BYTES_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_QUOTA_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    path: str
    data: bytes
    path_bytes: bytes
    workspace_quota: WorkspaceQuota
    def __init__(self, session_id: _Optional[str] = ..., path: _Optional[str] = ..., data: _Optional[bytes] = ..., path_bytes: _Optional[bytes] = ..., workspace_quota: _Optional[_Union[WorkspaceQuota, _Mapping]] = ...) -> None: ...

class UploadResponse(_message.Message):
    __slots__ = ("path", "size")
    PATH_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    path: str
    size: int
    def __init__(self, path: _Optional[str] = ..., size: _Optional[int] = ...) -> None: ...

class DownloadRequest(_message.Message):
    __slots__ = ("session_id", "path", "path_bytes")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    PATH_BYTES_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    path: str
    path_bytes: bytes
    def __init__(self, session_id: _Optional[str] = ..., path: _Optional[str] = ..., path_bytes: _Optional[bytes] = ...) -> None: ...

class DownloadResponse(_message.Message):
    __slots__ = ("data",)
    DATA_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    def __init__(self, data: _Optional[bytes] = ...) -> None: ...
