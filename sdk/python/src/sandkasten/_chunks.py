"""Upload sources as chunks for the client-streaming Upload calls."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterable, AsyncIterator, Iterable
from typing import BinaryIO, Union

#: Far below the daemon's 4 MiB per message.
CHUNK_SIZE = 1024 * 1024

UploadSource = Union[
    bytes,
    bytearray,
    memoryview,
    str,
    "os.PathLike[str]",
    BinaryIO,
    AsyncIterable[bytes],
    Iterable[bytes],
]
"""What upload() takes: the content itself (bytes), a local file's path (str or
os.PathLike), a binary file object, or (async) iterables of byte chunks."""


def chunks_of(source: UploadSource) -> AsyncIterator[bytes]:
    """The source's bytes in chunks of at most CHUNK_SIZE. A source of another kind
    fails here, with a TypeError, before any call starts."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _split(_once(bytes(source)))
    if isinstance(source, (str, os.PathLike)):
        # Opened now, so that a missing file fails before the call.
        return _chunks_then_close(open(source, "rb"))
    if hasattr(source, "read"):
        return _file_chunks(source)  # type: ignore[arg-type]
    if isinstance(source, AsyncIterable):
        return _split(source)
    if isinstance(source, Iterable):
        return _split(_async(source))
    raise TypeError(
        f"cannot upload a {type(source).__name__}: "
        "pass bytes, a local path, a binary file object or byte chunks"
    )


async def _once(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def _async(chunks: Iterable[bytes]) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


async def _split(chunks: AsyncIterable[bytes]) -> AsyncIterator[bytes]:
    async for chunk in chunks:
        for start in range(0, len(chunk), CHUNK_SIZE):
            yield bytes(chunk[start : start + CHUNK_SIZE])


async def _chunks_then_close(file: BinaryIO) -> AsyncIterator[bytes]:
    with file:
        async for chunk in _file_chunks(file):
            yield chunk


async def _file_chunks(file: BinaryIO) -> AsyncIterator[bytes]:
    while chunk := await asyncio.to_thread(file.read, CHUNK_SIZE):
        yield chunk
