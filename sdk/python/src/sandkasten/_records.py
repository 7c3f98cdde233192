"""The base of the SDK's result records: frozen dataclasses that also read like dicts."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp


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
