from buf.validate import validate_pb2 as _validate_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class OpenPtyRequest(_message.Message):
    __slots__ = ("session_id", "cols", "rows", "command", "env", "cwd")
    class EnvEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    COLS_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    COMMAND_FIELD_NUMBER: _ClassVar[int]
    ENV_FIELD_NUMBER: _ClassVar[int]
    CWD_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    cols: int
    rows: int
    command: _containers.RepeatedScalarFieldContainer[str]
    env: _containers.ScalarMap[str, str]
    cwd: str
    def __init__(self, session_id: _Optional[str] = ..., cols: _Optional[int] = ..., rows: _Optional[int] = ..., command: _Optional[_Iterable[str]] = ..., env: _Optional[_Mapping[str, str]] = ..., cwd: _Optional[str] = ...) -> None: ...

class OpenPtyResponse(_message.Message):
    __slots__ = ("opened", "output", "exited", "keepalive")
    OPENED_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_FIELD_NUMBER: _ClassVar[int]
    EXITED_FIELD_NUMBER: _ClassVar[int]
    KEEPALIVE_FIELD_NUMBER: _ClassVar[int]
    opened: PtyOpened
    output: PtyOutput
    exited: PtyExited
    keepalive: PtyKeepalive
    def __init__(self, opened: _Optional[_Union[PtyOpened, _Mapping]] = ..., output: _Optional[_Union[PtyOutput, _Mapping]] = ..., exited: _Optional[_Union[PtyExited, _Mapping]] = ..., keepalive: _Optional[_Union[PtyKeepalive, _Mapping]] = ...) -> None: ...

class PtyOpened(_message.Message):
    __slots__ = ("pty_id", "pid")
    PTY_ID_FIELD_NUMBER: _ClassVar[int]
    PID_FIELD_NUMBER: _ClassVar[int]
    pty_id: str
    pid: int
    def __init__(self, pty_id: _Optional[str] = ..., pid: _Optional[int] = ...) -> None: ...

class PtyOutput(_message.Message):
    __slots__ = ("data",)
    DATA_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    def __init__(self, data: _Optional[bytes] = ...) -> None: ...

class PtyExited(_message.Message):
    __slots__ = ("exit_code", "signal")
    EXIT_CODE_FIELD_NUMBER: _ClassVar[int]
    SIGNAL_FIELD_NUMBER: _ClassVar[int]
    exit_code: int
    signal: str
    def __init__(self, exit_code: _Optional[int] = ..., signal: _Optional[str] = ...) -> None: ...

class PtyKeepalive(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class WritePtyRequest(_message.Message):
    __slots__ = ("session_id", "pty_id", "data")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    PTY_ID_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    pty_id: str
    data: bytes
    def __init__(self, session_id: _Optional[str] = ..., pty_id: _Optional[str] = ..., data: _Optional[bytes] = ...) -> None: ...

class WritePtyResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ResizePtyRequest(_message.Message):
    __slots__ = ("session_id", "pty_id", "cols", "rows")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    PTY_ID_FIELD_NUMBER: _ClassVar[int]
    COLS_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    pty_id: str
    cols: int
    rows: int
    def __init__(self, session_id: _Optional[str] = ..., pty_id: _Optional[str] = ..., cols: _Optional[int] = ..., rows: _Optional[int] = ...) -> None: ...

class ResizePtyResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ClosePtyRequest(_message.Message):
    __slots__ = ("session_id", "pty_id")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    PTY_ID_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    pty_id: str
    def __init__(self, session_id: _Optional[str] = ..., pty_id: _Optional[str] = ...) -> None: ...

class ClosePtyResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
