from buf.validate import validate_pb2 as _validate_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class WatchEventKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    WATCH_EVENT_KIND_UNSPECIFIED: _ClassVar[WatchEventKind]
    WATCH_EVENT_KIND_READY: _ClassVar[WatchEventKind]
    WATCH_EVENT_KIND_CREATED: _ClassVar[WatchEventKind]
    WATCH_EVENT_KIND_MODIFIED: _ClassVar[WatchEventKind]
    WATCH_EVENT_KIND_DELETED: _ClassVar[WatchEventKind]
    WATCH_EVENT_KIND_RENAMED: _ClassVar[WatchEventKind]
    WATCH_EVENT_KIND_OVERFLOW: _ClassVar[WatchEventKind]
WATCH_EVENT_KIND_UNSPECIFIED: WatchEventKind
WATCH_EVENT_KIND_READY: WatchEventKind
WATCH_EVENT_KIND_CREATED: WatchEventKind
WATCH_EVENT_KIND_MODIFIED: WatchEventKind
WATCH_EVENT_KIND_DELETED: WatchEventKind
WATCH_EVENT_KIND_RENAMED: WatchEventKind
WATCH_EVENT_KIND_OVERFLOW: WatchEventKind

class WatchFilesRequest(_message.Message):
    __slots__ = ("session_id", "path", "recursive")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    RECURSIVE_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    path: str
    recursive: bool
    def __init__(self, session_id: _Optional[str] = ..., path: _Optional[str] = ..., recursive: _Optional[bool] = ...) -> None: ...

class WatchFilesResponse(_message.Message):
    __slots__ = ("kind", "path", "old_path", "is_dir")
    KIND_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    OLD_PATH_FIELD_NUMBER: _ClassVar[int]
    IS_DIR_FIELD_NUMBER: _ClassVar[int]
    kind: WatchEventKind
    path: str
    old_path: str
    is_dir: bool
    def __init__(self, kind: _Optional[_Union[WatchEventKind, str]] = ..., path: _Optional[str] = ..., old_path: _Optional[str] = ..., is_dir: _Optional[bool] = ...) -> None: ...
