"""File watch: what happens to files inside a session's container (`session.watch`),
from inotify in the runner."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import aclosing
from dataclasses import dataclass
from typing import Literal

import sandkasten.v1.watch_pb2 as watch_pb2
from sandkasten._records import Record
from sandkasten._transport import Transport, stream_with_errors

WatchKind = Literal["ready", "created", "modified", "deleted", "renamed", "overflow"]

_KINDS: dict[int, WatchKind] = {
    watch_pb2.WATCH_EVENT_KIND_READY: "ready",
    watch_pb2.WATCH_EVENT_KIND_CREATED: "created",
    watch_pb2.WATCH_EVENT_KIND_MODIFIED: "modified",
    watch_pb2.WATCH_EVENT_KIND_DELETED: "deleted",
    watch_pb2.WATCH_EVENT_KIND_RENAMED: "renamed",
    watch_pb2.WATCH_EVENT_KIND_OVERFLOW: "overflow",
}


@dataclass(frozen=True)
class WatchEvent(Record):
    """One thing that happened. "ready" comes first, once every watch is in place;
    "overflow" says events were dropped (look at the tree again)."""

    kind: WatchKind
    #: Absolute inside the container; "" for ready and overflow.
    path: str
    #: For renamed: where it was before; None otherwise.
    old_path: str | None
    is_dir: bool


async def watch_files(
    transport: Transport, session_id: str, path: str, recursive: bool
) -> AsyncGenerator[WatchEvent, None]:
    """The session's file events under path until the caller stops (aclose()), the path
    itself goes, or the session ends."""
    request = watch_pb2.WatchFilesRequest(session_id=session_id, path=path, recursive=recursive)
    stream = stream_with_errors(transport.watch_streams.watch_files(request))
    async with aclosing(stream) as messages:
        async for message in messages:
            kind = _KINDS.get(message.kind)
            if kind is None:
                continue  # a kind newer than this SDK
            yield WatchEvent(
                kind=kind,
                path=message.path,
                old_path=message.old_path if kind == "renamed" else None,
                is_dir=message.is_dir,
            )
