"""sandkasten 0.3's upload(file, *, dest_path, filename): a local file into a directory.

0.3 posted it as a multipart form to the REST route, which stores the file as
<dest_path>/<filename> (src/rest/multipart-upload.ts); this names the same target.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

DEFAULT_DIRECTORY = "/workspace"

LocalFile = str | os.PathLike[str] | BinaryIO


def local_upload(
    file: LocalFile, dest_path: str, filename: str | None
) -> tuple[str, str | os.PathLike[str] | BinaryIO]:
    """Where the file goes and what to read it from. A file object needs a name (its own
    or filename); a path must name a local file. Fails as 0.3 failed."""
    if hasattr(file, "read"):
        name = filename or getattr(file, "name", None)
        if not name:
            raise ValueError("filename required when uploading file-like object")
        source: str | os.PathLike[str] | BinaryIO = file
    else:
        local = Path(file)
        if not local.is_file():
            raise FileNotFoundError(f"File not found: {local}")
        name = local.name
        source = local
    directory = dest_path or DEFAULT_DIRECTORY
    return f"{directory.rstrip('/')}/{Path(str(name)).name}", source
