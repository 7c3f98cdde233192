import datetime

from buf.validate import validate_pb2 as _validate_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from sandkasten.v1 import exec_pb2 as _exec_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class JobStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    JOB_STATUS_UNSPECIFIED: _ClassVar[JobStatus]
    JOB_STATUS_RUNNING: _ClassVar[JobStatus]
    JOB_STATUS_EXITED: _ClassVar[JobStatus]
JOB_STATUS_UNSPECIFIED: JobStatus
JOB_STATUS_RUNNING: JobStatus
JOB_STATUS_EXITED: JobStatus

class Job(_message.Message):
    __slots__ = ("id", "cmd", "status", "exit_code", "signal", "started_at", "ended_at", "output_bytes", "dropped_bytes", "cwd")
    ID_FIELD_NUMBER: _ClassVar[int]
    CMD_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    EXIT_CODE_FIELD_NUMBER: _ClassVar[int]
    SIGNAL_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    ENDED_AT_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_BYTES_FIELD_NUMBER: _ClassVar[int]
    DROPPED_BYTES_FIELD_NUMBER: _ClassVar[int]
    CWD_FIELD_NUMBER: _ClassVar[int]
    id: str
    cmd: str
    status: JobStatus
    exit_code: int
    signal: str
    started_at: _timestamp_pb2.Timestamp
    ended_at: _timestamp_pb2.Timestamp
    output_bytes: int
    dropped_bytes: int
    cwd: str
    def __init__(self, id: _Optional[str] = ..., cmd: _Optional[str] = ..., status: _Optional[_Union[JobStatus, str]] = ..., exit_code: _Optional[int] = ..., signal: _Optional[str] = ..., started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., ended_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., output_bytes: _Optional[int] = ..., dropped_bytes: _Optional[int] = ..., cwd: _Optional[str] = ...) -> None: ...

class StartJobRequest(_message.Message):
    __slots__ = ("session_id", "cmd")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    CMD_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    cmd: str
    def __init__(self, session_id: _Optional[str] = ..., cmd: _Optional[str] = ...) -> None: ...

class StartJobResponse(_message.Message):
    __slots__ = ("job",)
    JOB_FIELD_NUMBER: _ClassVar[int]
    job: Job
    def __init__(self, job: _Optional[_Union[Job, _Mapping]] = ...) -> None: ...

class ListJobsRequest(_message.Message):
    __slots__ = ("session_id",)
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    def __init__(self, session_id: _Optional[str] = ...) -> None: ...

class ListJobsResponse(_message.Message):
    __slots__ = ("jobs",)
    JOBS_FIELD_NUMBER: _ClassVar[int]
    jobs: _containers.RepeatedCompositeFieldContainer[Job]
    def __init__(self, jobs: _Optional[_Iterable[_Union[Job, _Mapping]]] = ...) -> None: ...

class GetJobRequest(_message.Message):
    __slots__ = ("session_id", "job_id")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    job_id: str
    def __init__(self, session_id: _Optional[str] = ..., job_id: _Optional[str] = ...) -> None: ...

class GetJobResponse(_message.Message):
    __slots__ = ("job",)
    JOB_FIELD_NUMBER: _ClassVar[int]
    job: Job
    def __init__(self, job: _Optional[_Union[Job, _Mapping]] = ...) -> None: ...

class AttachJobRequest(_message.Message):
    __slots__ = ("session_id", "job_id", "skip_kept")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    SKIP_KEPT_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    job_id: str
    skip_kept: bool
    def __init__(self, session_id: _Optional[str] = ..., job_id: _Optional[str] = ..., skip_kept: _Optional[bool] = ...) -> None: ...

class AttachJobResponse(_message.Message):
    __slots__ = ("output", "ended", "dropped_bytes")
    OUTPUT_FIELD_NUMBER: _ClassVar[int]
    ENDED_FIELD_NUMBER: _ClassVar[int]
    DROPPED_BYTES_FIELD_NUMBER: _ClassVar[int]
    output: _exec_pb2.ExecOutput
    ended: Job
    dropped_bytes: int
    def __init__(self, output: _Optional[_Union[_exec_pb2.ExecOutput, _Mapping]] = ..., ended: _Optional[_Union[Job, _Mapping]] = ..., dropped_bytes: _Optional[int] = ...) -> None: ...

class WriteJobStdinRequest(_message.Message):
    __slots__ = ("session_id", "job_id", "data", "close")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    CLOSE_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    job_id: str
    data: bytes
    close: bool
    def __init__(self, session_id: _Optional[str] = ..., job_id: _Optional[str] = ..., data: _Optional[bytes] = ..., close: _Optional[bool] = ...) -> None: ...

class WriteJobStdinResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SignalJobRequest(_message.Message):
    __slots__ = ("session_id", "job_id", "signal")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    SIGNAL_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    job_id: str
    signal: str
    def __init__(self, session_id: _Optional[str] = ..., job_id: _Optional[str] = ..., signal: _Optional[str] = ...) -> None: ...

class SignalJobResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
