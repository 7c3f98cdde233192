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

class ConfigSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONFIG_SOURCE_UNSPECIFIED: _ClassVar[ConfigSource]
    CONFIG_SOURCE_DEFAULT: _ClassVar[ConfigSource]
    CONFIG_SOURCE_FILE: _ClassVar[ConfigSource]
    CONFIG_SOURCE_ENV: _ClassVar[ConfigSource]
    CONFIG_SOURCE_OVERRIDE: _ClassVar[ConfigSource]

class ConfigValueKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONFIG_VALUE_KIND_UNSPECIFIED: _ClassVar[ConfigValueKind]
    CONFIG_VALUE_KIND_STRING: _ClassVar[ConfigValueKind]
    CONFIG_VALUE_KIND_NUMBER: _ClassVar[ConfigValueKind]
    CONFIG_VALUE_KIND_BOOLEAN: _ClassVar[ConfigValueKind]
    CONFIG_VALUE_KIND_CHOICE: _ClassVar[ConfigValueKind]
    CONFIG_VALUE_KIND_LIST: _ClassVar[ConfigValueKind]
    CONFIG_VALUE_KIND_MAP: _ClassVar[ConfigValueKind]
CONFIG_SOURCE_UNSPECIFIED: ConfigSource
CONFIG_SOURCE_DEFAULT: ConfigSource
CONFIG_SOURCE_FILE: ConfigSource
CONFIG_SOURCE_ENV: ConfigSource
CONFIG_SOURCE_OVERRIDE: ConfigSource
CONFIG_VALUE_KIND_UNSPECIFIED: ConfigValueKind
CONFIG_VALUE_KIND_STRING: ConfigValueKind
CONFIG_VALUE_KIND_NUMBER: ConfigValueKind
CONFIG_VALUE_KIND_BOOLEAN: ConfigValueKind
CONFIG_VALUE_KIND_CHOICE: ConfigValueKind
CONFIG_VALUE_KIND_LIST: ConfigValueKind
CONFIG_VALUE_KIND_MAP: ConfigValueKind

class ConfigEntry(_message.Message):
    __slots__ = ("key", "value_json", "default_json", "doc", "kind", "choices", "secret", "restart_required", "source", "env", "restart_pending")
    KEY_FIELD_NUMBER: _ClassVar[int]
    VALUE_JSON_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_JSON_FIELD_NUMBER: _ClassVar[int]
    DOC_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CHOICES_FIELD_NUMBER: _ClassVar[int]
    SECRET_FIELD_NUMBER: _ClassVar[int]
    RESTART_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    ENV_FIELD_NUMBER: _ClassVar[int]
    RESTART_PENDING_FIELD_NUMBER: _ClassVar[int]
    key: str
    value_json: str
    default_json: str
    doc: str
    kind: ConfigValueKind
    choices: _containers.RepeatedScalarFieldContainer[str]
    secret: bool
    restart_required: bool
    source: ConfigSource
    env: str
    restart_pending: bool
    def __init__(self, key: _Optional[str] = ..., value_json: _Optional[str] = ..., default_json: _Optional[str] = ..., doc: _Optional[str] = ..., kind: _Optional[_Union[ConfigValueKind, str]] = ..., choices: _Optional[_Iterable[str]] = ..., secret: _Optional[bool] = ..., restart_required: _Optional[bool] = ..., source: _Optional[_Union[ConfigSource, str]] = ..., env: _Optional[str] = ..., restart_pending: _Optional[bool] = ...) -> None: ...

class GetConfigRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetConfigResponse(_message.Message):
    __slots__ = ("entries", "config_file")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    CONFIG_FILE_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[ConfigEntry]
    config_file: str
    def __init__(self, entries: _Optional[_Iterable[_Union[ConfigEntry, _Mapping]]] = ..., config_file: _Optional[str] = ...) -> None: ...

class ConfigCandidate(_message.Message):
    __slots__ = ("values_json",)
    class ValuesJsonEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    VALUES_JSON_FIELD_NUMBER: _ClassVar[int]
    values_json: _containers.ScalarMap[str, str]
    def __init__(self, values_json: _Optional[_Mapping[str, str]] = ...) -> None: ...

class ValidateConfigRequest(_message.Message):
    __slots__ = ("candidate",)
    CANDIDATE_FIELD_NUMBER: _ClassVar[int]
    candidate: ConfigCandidate
    def __init__(self, candidate: _Optional[_Union[ConfigCandidate, _Mapping]] = ...) -> None: ...

class ConfigKeyError(_message.Message):
    __slots__ = ("key", "message")
    KEY_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    key: str
    message: str
    def __init__(self, key: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class ValidateConfigResponse(_message.Message):
    __slots__ = ("valid", "errors", "restart_required")
    VALID_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    RESTART_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    valid: bool
    errors: _containers.RepeatedCompositeFieldContainer[ConfigKeyError]
    restart_required: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, valid: _Optional[bool] = ..., errors: _Optional[_Iterable[_Union[ConfigKeyError, _Mapping]]] = ..., restart_required: _Optional[_Iterable[str]] = ...) -> None: ...

class UpdateConfigRequest(_message.Message):
    __slots__ = ("candidate",)
    CANDIDATE_FIELD_NUMBER: _ClassVar[int]
    candidate: ConfigCandidate
    def __init__(self, candidate: _Optional[_Union[ConfigCandidate, _Mapping]] = ...) -> None: ...

class UpdateConfigResponse(_message.Message):
    __slots__ = ("applied", "restart_required", "config_file")
    APPLIED_FIELD_NUMBER: _ClassVar[int]
    RESTART_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    CONFIG_FILE_FIELD_NUMBER: _ClassVar[int]
    applied: _containers.RepeatedScalarFieldContainer[str]
    restart_required: _containers.RepeatedScalarFieldContainer[str]
    config_file: str
    def __init__(self, applied: _Optional[_Iterable[str]] = ..., restart_required: _Optional[_Iterable[str]] = ..., config_file: _Optional[str] = ...) -> None: ...

class GetDaemonStatusRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetDaemonStatusResponse(_message.Message):
    __slots__ = ("version", "engine")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ENGINE_FIELD_NUMBER: _ClassVar[int]
    version: str
    engine: EngineStatus
    def __init__(self, version: _Optional[str] = ..., engine: _Optional[_Union[EngineStatus, _Mapping]] = ...) -> None: ...

class EngineStatus(_message.Message):
    __slots__ = ("reachable", "version", "api_version", "ping_ms", "socket", "last_error", "last_error_at", "failed_calls")
    REACHABLE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    API_VERSION_FIELD_NUMBER: _ClassVar[int]
    PING_MS_FIELD_NUMBER: _ClassVar[int]
    SOCKET_FIELD_NUMBER: _ClassVar[int]
    LAST_ERROR_FIELD_NUMBER: _ClassVar[int]
    LAST_ERROR_AT_FIELD_NUMBER: _ClassVar[int]
    FAILED_CALLS_FIELD_NUMBER: _ClassVar[int]
    reachable: bool
    version: str
    api_version: str
    ping_ms: float
    socket: str
    last_error: str
    last_error_at: _timestamp_pb2.Timestamp
    failed_calls: int
    def __init__(self, reachable: _Optional[bool] = ..., version: _Optional[str] = ..., api_version: _Optional[str] = ..., ping_ms: _Optional[float] = ..., socket: _Optional[str] = ..., last_error: _Optional[str] = ..., last_error_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., failed_calls: _Optional[int] = ...) -> None: ...
