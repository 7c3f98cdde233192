import datetime

from buf.validate import validate_pb2 as _validate_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SessionStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SESSION_STATUS_UNSPECIFIED: _ClassVar[SessionStatus]
    SESSION_STATUS_CREATING: _ClassVar[SessionStatus]
    SESSION_STATUS_RUNNING: _ClassVar[SessionStatus]
    SESSION_STATUS_EXPIRED: _ClassVar[SessionStatus]
    SESSION_STATUS_DESTROYED: _ClassVar[SessionStatus]
    SESSION_STATUS_FAILED: _ClassVar[SessionStatus]
    SESSION_STATUS_POOL_IDLE: _ClassVar[SessionStatus]
SESSION_STATUS_UNSPECIFIED: SessionStatus
SESSION_STATUS_CREATING: SessionStatus
SESSION_STATUS_RUNNING: SessionStatus
SESSION_STATUS_EXPIRED: SessionStatus
SESSION_STATUS_DESTROYED: SessionStatus
SESSION_STATUS_FAILED: SessionStatus
SESSION_STATUS_POOL_IDLE: SessionStatus

class Session(_message.Message):
    __slots__ = ("id", "image", "status", "cwd", "workspace_id", "created_at", "expires_at", "last_activity", "container_id", "status_reason", "pooled", "pool_miss_reason", "tenant", "network", "allow")
    ID_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CWD_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_ACTIVITY_FIELD_NUMBER: _ClassVar[int]
    CONTAINER_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_REASON_FIELD_NUMBER: _ClassVar[int]
    POOLED_FIELD_NUMBER: _ClassVar[int]
    POOL_MISS_REASON_FIELD_NUMBER: _ClassVar[int]
    TENANT_FIELD_NUMBER: _ClassVar[int]
    NETWORK_FIELD_NUMBER: _ClassVar[int]
    ALLOW_FIELD_NUMBER: _ClassVar[int]
    id: str
    image: str
    status: SessionStatus
    cwd: str
    workspace_id: str
    created_at: _timestamp_pb2.Timestamp
    expires_at: _timestamp_pb2.Timestamp
    last_activity: _timestamp_pb2.Timestamp
    container_id: str
    status_reason: str
    pooled: bool
    pool_miss_reason: str
    tenant: str
    network: str
    allow: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., image: _Optional[str] = ..., status: _Optional[_Union[SessionStatus, str]] = ..., cwd: _Optional[str] = ..., workspace_id: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_activity: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., container_id: _Optional[str] = ..., status_reason: _Optional[str] = ..., pooled: _Optional[bool] = ..., pool_miss_reason: _Optional[str] = ..., tenant: _Optional[str] = ..., network: _Optional[str] = ..., allow: _Optional[_Iterable[str]] = ...) -> None: ...

class ResourceLimits(_message.Message):
    __slots__ = ("cpu_limit", "mem_limit_mb", "pids_limit")
    CPU_LIMIT_FIELD_NUMBER: _ClassVar[int]
    MEM_LIMIT_MB_FIELD_NUMBER: _ClassVar[int]
    PIDS_LIMIT_FIELD_NUMBER: _ClassVar[int]
    cpu_limit: float
    mem_limit_mb: int
    pids_limit: int
    def __init__(self, cpu_limit: _Optional[float] = ..., mem_limit_mb: _Optional[int] = ..., pids_limit: _Optional[int] = ...) -> None: ...

class CreateSessionRequest(_message.Message):
    __slots__ = ("image", "ttl_seconds", "workspace_id", "env", "limits", "network", "allow")
    class EnvEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    TTL_SECONDS_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    ENV_FIELD_NUMBER: _ClassVar[int]
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    NETWORK_FIELD_NUMBER: _ClassVar[int]
    ALLOW_FIELD_NUMBER: _ClassVar[int]
    image: str
    ttl_seconds: int
    workspace_id: str
    env: _containers.ScalarMap[str, str]
    limits: ResourceLimits
    network: str
    allow: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, image: _Optional[str] = ..., ttl_seconds: _Optional[int] = ..., workspace_id: _Optional[str] = ..., env: _Optional[_Mapping[str, str]] = ..., limits: _Optional[_Union[ResourceLimits, _Mapping]] = ..., network: _Optional[str] = ..., allow: _Optional[_Iterable[str]] = ...) -> None: ...

class CreateSessionResponse(_message.Message):
    __slots__ = ("session",)
    SESSION_FIELD_NUMBER: _ClassVar[int]
    session: Session
    def __init__(self, session: _Optional[_Union[Session, _Mapping]] = ...) -> None: ...

class GetSessionRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetSessionResponse(_message.Message):
    __slots__ = ("session",)
    SESSION_FIELD_NUMBER: _ClassVar[int]
    session: Session
    def __init__(self, session: _Optional[_Union[Session, _Mapping]] = ...) -> None: ...

class ListSessionsRequest(_message.Message):
    __slots__ = ("status", "include_pool")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_POOL_FIELD_NUMBER: _ClassVar[int]
    status: _containers.RepeatedScalarFieldContainer[SessionStatus]
    include_pool: bool
    def __init__(self, status: _Optional[_Iterable[_Union[SessionStatus, str]]] = ..., include_pool: _Optional[bool] = ...) -> None: ...

class ListSessionsResponse(_message.Message):
    __slots__ = ("sessions",)
    SESSIONS_FIELD_NUMBER: _ClassVar[int]
    sessions: _containers.RepeatedCompositeFieldContainer[Session]
    def __init__(self, sessions: _Optional[_Iterable[_Union[Session, _Mapping]]] = ...) -> None: ...

class DestroySessionRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DestroySessionResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ExtendSessionRequest(_message.Message):
    __slots__ = ("id", "ttl_seconds")
    ID_FIELD_NUMBER: _ClassVar[int]
    TTL_SECONDS_FIELD_NUMBER: _ClassVar[int]
    id: str
    ttl_seconds: int
    def __init__(self, id: _Optional[str] = ..., ttl_seconds: _Optional[int] = ...) -> None: ...

class ExtendSessionResponse(_message.Message):
    __slots__ = ("session",)
    SESSION_FIELD_NUMBER: _ClassVar[int]
    session: Session
    def __init__(self, session: _Optional[_Union[Session, _Mapping]] = ...) -> None: ...

class GetSessionStatsRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetSessionStatsResponse(_message.Message):
    __slots__ = ("memory_bytes", "memory_limit", "cpu_usage_usec", "pids", "memory_peak_bytes")
    MEMORY_BYTES_FIELD_NUMBER: _ClassVar[int]
    MEMORY_LIMIT_FIELD_NUMBER: _ClassVar[int]
    CPU_USAGE_USEC_FIELD_NUMBER: _ClassVar[int]
    PIDS_FIELD_NUMBER: _ClassVar[int]
    MEMORY_PEAK_BYTES_FIELD_NUMBER: _ClassVar[int]
    memory_bytes: int
    memory_limit: int
    cpu_usage_usec: int
    pids: int
    memory_peak_bytes: int
    def __init__(self, memory_bytes: _Optional[int] = ..., memory_limit: _Optional[int] = ..., cpu_usage_usec: _Optional[int] = ..., pids: _Optional[int] = ..., memory_peak_bytes: _Optional[int] = ...) -> None: ...

class GetPoolStatusRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class PoolImageStatus(_message.Message):
    __slots__ = ("image", "target", "ready", "creating", "hits", "misses", "take_p50_ms", "take_p95_ms")
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    READY_FIELD_NUMBER: _ClassVar[int]
    CREATING_FIELD_NUMBER: _ClassVar[int]
    HITS_FIELD_NUMBER: _ClassVar[int]
    MISSES_FIELD_NUMBER: _ClassVar[int]
    TAKE_P50_MS_FIELD_NUMBER: _ClassVar[int]
    TAKE_P95_MS_FIELD_NUMBER: _ClassVar[int]
    image: str
    target: int
    ready: int
    creating: int
    hits: int
    misses: int
    take_p50_ms: float
    take_p95_ms: float
    def __init__(self, image: _Optional[str] = ..., target: _Optional[int] = ..., ready: _Optional[int] = ..., creating: _Optional[int] = ..., hits: _Optional[int] = ..., misses: _Optional[int] = ..., take_p50_ms: _Optional[float] = ..., take_p95_ms: _Optional[float] = ...) -> None: ...

class GetPoolStatusResponse(_message.Message):
    __slots__ = ("enabled", "images")
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    IMAGES_FIELD_NUMBER: _ClassVar[int]
    enabled: bool
    images: _containers.RepeatedCompositeFieldContainer[PoolImageStatus]
    def __init__(self, enabled: _Optional[bool] = ..., images: _Optional[_Iterable[_Union[PoolImageStatus, _Mapping]]] = ...) -> None: ...
