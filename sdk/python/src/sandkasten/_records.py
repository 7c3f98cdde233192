"""The base of the SDK's result records (dataclasses that also read like dicts), and
their timestamps."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


class Record:
    """Dict-style reads of a dataclass's fields (`workspace["id"]`), as the workspace
    documents do."""

    def __getitem__(self, name: str) -> Any:
        if name not in {field.name for field in dataclasses.fields(self)}:  # type: ignore[arg-type]
            raise KeyError(name)
        return getattr(self, name)


def utc_time(message: Any, field: str) -> datetime | None:
    """The message's Timestamp field as an aware UTC datetime; None when unset."""
    if not message.HasField(field):
        return None
    stamp: Timestamp = getattr(message, field)
    return stamp.ToDatetime(tzinfo=timezone.utc)


def rfc3339(message: Any, field: str) -> str | None:
    """The message's Timestamp field as the REST API writes it (JavaScript's toISOString:
    UTC, milliseconds rounded as Math.round does, e.g. "2026-11-25T10:00:00.123Z");
    None when unset."""
    if not message.HasField(field):
        return None
    stamp: Timestamp = getattr(message, field)
    ms = stamp.seconds * 1000 + (stamp.nanos + 500_000) // 1_000_000
    moment = _EPOCH + timedelta(milliseconds=ms)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{ms % 1000:03d}Z"


def parse_rfc3339(text: str | None) -> datetime | None:
    """An RFC 3339 string of the daemon's as an aware datetime; None for None or ""."""
    if not text:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
