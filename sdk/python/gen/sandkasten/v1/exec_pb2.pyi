from buf.validate import validate_pb2 as _validate_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class OutputStream(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OUTPUT_STREAM_UNSPECIFIED: _ClassVar[OutputStream]
    OUTPUT_STREAM_STDOUT: _ClassVar[OutputStream]
    OUTPUT_STREAM_STDERR: _ClassVar[OutputStream]
OUTPUT_STREAM_UNSPECIFIED: OutputStream
OUTPUT_STREAM_STDOUT: OutputStream
OUTPUT_STREAM_STDERR: OutputStream

class ExecRequest(_message.Message):
    __slots__ = ("session_id", "cmd", "timeout_ms", "raw_output", "background", "on_timeout")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    CMD_FIELD_NUMBER: _ClassVar[int]
    TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    RAW_OUTPUT_FIELD_NUMBER: _ClassVar[int]
    BACKGROUND_FIELD_NUMBER: _ClassVar[int]
    ON_TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    cmd: str
    timeout_ms: int
    raw_output: bool
    background: bool
    on_timeout: str
    def __init__(self, session_id: _Optional[str] = ..., cmd: _Optional[str] = ..., timeout_ms: _Optional[int] = ..., raw_output: _Optional[bool] = ..., background: _Optional[bool] = ..., on_timeout: _Optional[str] = ...) -> None: ...

class ExecStreamRequest(_message.Message):
    __slots__ = ("session_id", "cmd", "timeout_ms", "combine_output", "clean_output")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    CMD_FIELD_NUMBER: _ClassVar[int]
    TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    COMBINE_OUTPUT_FIELD_NUMBER: _ClassVar[int]
    CLEAN_OUTPUT_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    cmd: str
    timeout_ms: int
    combine_output: bool
    clean_output: bool
    def __init__(self, session_id: _Optional[str] = ..., cmd: _Optional[str] = ..., timeout_ms: _Optional[int] = ..., combine_output: _Optional[bool] = ..., clean_output: _Optional[bool] = ...) -> None: ...

class ExecResponse(_message.Message):
    __slots__ = ("exit_code", "cwd", "output", "truncated", "duration_ms", "timed_out", "shell_restarted", "output_bytes", "omitted_bytes", "head_bytes", "tail_bytes", "job_id")
    EXIT_CODE_FIELD_NUMBER: _ClassVar[int]
    CWD_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_FIELD_NUMBER: _ClassVar[int]
    TRUNCATED_FIELD_NUMBER: _ClassVar[int]
    DURATION_MS_FIELD_NUMBER: _ClassVar[int]
    TIMED_OUT_FIELD_NUMBER: _ClassVar[int]
    SHELL_RESTARTED_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_BYTES_FIELD_NUMBER: _ClassVar[int]
    OMITTED_BYTES_FIELD_NUMBER: _ClassVar[int]
    HEAD_BYTES_FIELD_NUMBER: _ClassVar[int]
    TAIL_BYTES_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    exit_code: int
    cwd: str
    output: str
    truncated: bool
    duration_ms: int
    timed_out: bool
    shell_restarted: bool
    output_bytes: int
    omitted_bytes: int
    head_bytes: int
    tail_bytes: int
    job_id: str
    def __init__(self, exit_code: _Optional[int] = ..., cwd: _Optional[str] = ..., output: _Optional[str] = ..., truncated: _Optional[bool] = ..., duration_ms: _Optional[int] = ..., timed_out: _Optional[bool] = ..., shell_restarted: _Optional[bool] = ..., output_bytes: _Optional[int] = ..., omitted_bytes: _Optional[int] = ..., head_bytes: _Optional[int] = ..., tail_bytes: _Optional[int] = ..., job_id: _Optional[str] = ...) -> None: ...

class ExecStreamResponse(_message.Message):
    __slots__ = ("started", "output", "ended", "keepalive")
    STARTED_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_FIELD_NUMBER: _ClassVar[int]
    ENDED_FIELD_NUMBER: _ClassVar[int]
    KEEPALIVE_FIELD_NUMBER: _ClassVar[int]
    started: ExecStarted
    output: ExecOutput
    ended: ExecEnded
    keepalive: ExecKeepalive
    def __init__(self, started: _Optional[_Union[ExecStarted, _Mapping]] = ..., output: _Optional[_Union[ExecOutput, _Mapping]] = ..., ended: _Optional[_Union[ExecEnded, _Mapping]] = ..., keepalive: _Optional[_Union[ExecKeepalive, _Mapping]] = ...) -> None: ...

class ExecStarted(_message.Message):
    __slots__ = ("started_at_ms",)
    STARTED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    started_at_ms: int
    def __init__(self, started_at_ms: _Optional[int] = ...) -> None: ...

class ExecOutput(_message.Message):
    __slots__ = ("stream", "data")
    STREAM_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    stream: OutputStream
    data: bytes
    def __init__(self, stream: _Optional[_Union[OutputStream, str]] = ..., data: _Optional[bytes] = ...) -> None: ...

class ExecEnded(_message.Message):
    __slots__ = ("exit_code", "cwd", "duration_ms", "timed_out", "shell_restarted", "stdout_bytes", "stderr_bytes")
    EXIT_CODE_FIELD_NUMBER: _ClassVar[int]
    CWD_FIELD_NUMBER: _ClassVar[int]
    DURATION_MS_FIELD_NUMBER: _ClassVar[int]
    TIMED_OUT_FIELD_NUMBER: _ClassVar[int]
    SHELL_RESTARTED_FIELD_NUMBER: _ClassVar[int]
    STDOUT_BYTES_FIELD_NUMBER: _ClassVar[int]
    STDERR_BYTES_FIELD_NUMBER: _ClassVar[int]
    exit_code: int
    cwd: str
    duration_ms: int
    timed_out: bool
    shell_restarted: bool
    stdout_bytes: int
    stderr_bytes: int
    def __init__(self, exit_code: _Optional[int] = ..., cwd: _Optional[str] = ..., duration_ms: _Optional[int] = ..., timed_out: _Optional[bool] = ..., shell_restarted: _Optional[bool] = ..., stdout_bytes: _Optional[int] = ..., stderr_bytes: _Optional[int] = ...) -> None: ...

class ExecKeepalive(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
