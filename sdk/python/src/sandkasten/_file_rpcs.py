"""The RPCs a FileApi calls, each with its tree's address in the request: a session's
files through FsService, a workspace's through WorkspaceService. The two services'
file requests carry the same fields but the one that names the tree (session_id,
workspace_id), so one table maps each call to its request and RPC."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

import sandkasten.v1.fs_pb2 as fs_pb2
import sandkasten.v1.workspace_pb2 as ws_pb2
from sandkasten._downloads import Chunk
from sandkasten._transport import Transport

Request = TypeVar("Request")
Response = TypeVar("Response")


# What the two services' responses have in common (the generated messages' fields).


class Written(Protocol):
    path: str
    size: int


class Read(Protocol):
    path: str
    content: bytes
    truncated: bool


class Listed(Protocol):
    @property
    def entries(self) -> Sequence[fs_pb2.FileInfo]: ...


class Stated(Protocol):
    @property
    def info(self) -> fs_pb2.FileInfo: ...


class MadeDir(Protocol):
    path: str


@dataclass(frozen=True)
class FileRpcs:
    """One tree's file RPCs. The unary ones take their request's fields by keyword
    (the address is added); upload takes the path and the content's chunks."""

    write_file: Callable[..., Awaitable[Written]]
    read_file: Callable[..., Awaitable[Read]]
    list_dir: Callable[..., Awaitable[Listed]]
    stat: Callable[..., Awaitable[Stated]]
    make_dir: Callable[..., Awaitable[MadeDir]]
    remove: Callable[..., Awaitable[object]]
    upload: Callable[[str, AsyncIterator[bytes]], Awaitable[Written]]
    download: Callable[[str], AsyncIterator[Chunk]]


def session_file_rpcs(transport: Transport, session_id: str) -> FileRpcs:
    tree, fs = _Tree({"session_id": session_id}), transport.fs
    return FileRpcs(
        write_file=tree.unary(fs_pb2.WriteFileRequest, fs.write_file),
        read_file=tree.unary(fs_pb2.ReadFileRequest, fs.read_file),
        list_dir=tree.unary(fs_pb2.ListDirRequest, fs.list_dir),
        stat=tree.unary(fs_pb2.StatRequest, fs.stat),
        make_dir=tree.unary(fs_pb2.MakeDirRequest, fs.make_dir),
        remove=tree.unary(fs_pb2.RemoveRequest, fs.remove),
        upload=tree.upload(fs_pb2.UploadRequest, transport.fs_uploads.upload),
        download=tree.download(fs_pb2.DownloadRequest, fs.download),
    )


def workspace_file_rpcs(transport: Transport, workspace_id: str) -> FileRpcs:
    tree, ws = _Tree({"workspace_id": workspace_id}), transport.workspaces
    return FileRpcs(
        write_file=tree.unary(ws_pb2.WriteWorkspaceFileRequest, ws.write_workspace_file),
        read_file=tree.unary(ws_pb2.ReadWorkspaceFileRequest, ws.read_workspace_file),
        list_dir=tree.unary(ws_pb2.ListWorkspaceDirRequest, ws.list_workspace_dir),
        stat=tree.unary(ws_pb2.StatWorkspacePathRequest, ws.stat_workspace_path),
        make_dir=tree.unary(ws_pb2.MakeWorkspaceDirRequest, ws.make_workspace_dir),
        remove=tree.unary(ws_pb2.RemoveWorkspacePathRequest, ws.remove_workspace_path),
        upload=tree.upload(
            ws_pb2.UploadWorkspaceFileRequest, transport.workspace_uploads.upload_workspace_file
        ),
        download=tree.download(ws_pb2.DownloadWorkspaceFileRequest, ws.download_workspace_file),
    )


class _Tree:
    """Binds RPCs to one tree: each request gets the address's field."""

    def __init__(self, address: dict[str, str]) -> None:
        self._address = address

    def unary(
        self, request: Callable[..., Request], rpc: Callable[[Request], Awaitable[Response]]
    ) -> Callable[..., Awaitable[Response]]:
        address = self._address

        async def call(**fields: object) -> Response:
            return await rpc(request(**address, **fields))

        return call

    def upload(
        self,
        request: Callable[..., Request],
        rpc: Callable[[AsyncIterator[Request]], Awaitable[Response]],
    ) -> Callable[[str, AsyncIterator[bytes]], Awaitable[Response]]:
        address = self._address

        async def call(path: str, chunks: AsyncIterator[bytes]) -> Response:
            async def requests() -> AsyncIterator[Request]:
                yield request(**address, path=path)
                async for chunk in chunks:
                    yield request(data=chunk)

            return await rpc(requests())

        return call

    def download(
        self, request: Callable[..., Request], rpc: Callable[[Request], AsyncIterator[Response]]
    ) -> Callable[[str], AsyncIterator[Response]]:
        address = self._address
        return lambda path: rpc(request(**address, path=path))
