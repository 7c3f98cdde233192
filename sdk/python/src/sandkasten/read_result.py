"""What read returns: the file's text, that is also sandkasten 0.3's ReadResult."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(eq=False, repr=False)
class ReadResult(str):
    """The file as text (a str: `print(await session.read("a.txt"))`, as the product's
    documents do), with 0.3's fields: content (the bytes read), path (absolute) and
    truncated (max_bytes or the daemon's 16 MiB cut it).

    The text is the content decoded as UTF-8, with U+FFFD for what is not UTF-8: use
    `content` (or read_bytes) for binary files. As a str it compares, hashes and
    prints as its text.
    """

    content: bytes
    path: str
    truncated: bool

    def __new__(cls, content: bytes, path: str, truncated: bool) -> ReadResult:
        return super().__new__(cls, content.decode("utf-8", errors="replace"))

    def __getnewargs__(self) -> tuple[bytes, str, bool]:  # type: ignore[override]
        # copy and pickle make it again from its fields, not from its text.
        return (self.content, self.path, self.truncated)

    def __repr__(self) -> str:
        return (
            f"ReadResult(content={self.content!r}, path={self.path!r}, "
            f"truncated={self.truncated!r})"
        )
