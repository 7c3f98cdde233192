"""Downloads: server streams of byte chunks, gathered or written to a local file."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from typing import Protocol


class Chunk(Protocol):
    @property
    def data(self) -> bytes: ...


async def gather(stream: AsyncIterator[Chunk]) -> bytes:
    parts = [message.data async for message in stream]
    return b"".join(parts)


async def save(stream: AsyncIterator[Chunk], destination: str | os.PathLike[str]) -> int:
    """Writes the stream to the local file destination; returns the bytes written."""
    written = 0
    with open(destination, "wb") as file:
        async for message in stream:
            await asyncio.to_thread(file.write, message.data)
            written += len(message.data)
    return written
