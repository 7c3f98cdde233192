"""A persistent workspace's files, reached without a session.

Paths are relative to the workspace root ("code.py", "/code.py" and
"sub/x.txt" all stay inside it).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import sandkasten.v1.snapshot_pb2 as snapshot_pb2
import sandkasten.v1.workspace_pb2 as pb
from sandkasten import _downloads
from sandkasten._chunks import UploadSource, chunks_of
from sandkasten._transport import Transport, rpc_errors, stream_with_errors
from sandkasten.read_result import ReadResult
from sandkasten.results import FileInfo, ImportSummary, WorkspaceInfo, WrittenFile
from sandkasten.snapshots import DiffEntry, Snapshots, WorkspaceDiff


class Workspace:
    """Files of the workspace `id`; writes create the workspace when it does not exist."""

    def __init__(self, transport: Transport, workspace_id: str) -> None:
        self._rpc = transport
        self.id = workspace_id
        #: Named, read-only copies of this workspace: take, list, delete, restore.
        self.snapshots = Snapshots(transport, workspace_id)

    def __repr__(self) -> str:
        return f"Workspace(id={self.id!r})"

    async def info(self) -> WorkspaceInfo:
        with rpc_errors():
            response = await self._rpc.workspaces.get_workspace(pb.GetWorkspaceRequest(id=self.id))
        return WorkspaceInfo.of(response.workspace)

    async def delete(self, *, force: bool = True) -> None:
        """Deletes the workspace and its data, first destroying the sessions that have it
        attached; with force=False the daemon refuses instead (FailedPreconditionError)."""
        with rpc_errors():
            await self._rpc.workspaces.delete_workspace(
                pb.DeleteWorkspaceRequest(id=self.id, force=force)
            )

    async def fork(
        self, new_workspace_id: str, *, snapshot: str | None = None, replace: bool = False
    ) -> WorkspaceInfo:
        """Makes new_workspace_id a copy of this workspace (or of its snapshot), creating
        it for the caller; an existing, non-empty one only with replace=True."""
        request = snapshot_pb2.ForkWorkspaceRequest(
            workspace_id=self.id,
            new_workspace_id=new_workspace_id,
            snapshot=snapshot or "",
            replace=replace,
        )
        with rpc_errors():
            response = await self._rpc.snapshots.fork_workspace(request)
        return WorkspaceInfo.of(response.workspace)

    async def diff(
        self,
        *,
        against: str | None = None,
        snapshot: str | None = None,
        max_entries: int | None = None,
    ) -> WorkspaceDiff:
        """What differs in this workspace as it is now from a base: one of its snapshots
        (snapshot=), another workspace (against=), or that one's snapshot (both).
        At most max_entries changes (default 10000); past them `truncated` is set."""
        request = snapshot_pb2.DiffWorkspaceRequest(
            workspace_id=self.id,
            base_workspace_id=against or "",
            base_snapshot=snapshot or "",
            max_entries=max_entries or 0,
        )
        with rpc_errors():
            response = await self._rpc.snapshots.diff_workspace(request)
        return WorkspaceDiff(
            changes=[DiffEntry.of(change) for change in response.changes],
            truncated=response.truncated,
        )

    async def write(
        self, path: str, content: str | bytes, *, mode: int | None = None
    ) -> WrittenFile:
        data = content.encode("utf-8") if isinstance(content, str) else content
        request = pb.WriteWorkspaceFileRequest(
            workspace_id=self.id, path=path, content=data, mode=mode or 0
        )
        with rpc_errors():
            response = await self._rpc.workspaces.write_workspace_file(request)
        return WrittenFile(path=response.path, size=response.size)

    async def read(self, path: str, *, max_bytes: int | None = None) -> ReadResult:
        """The file as on a session: a str of its text with `content`, `path`, `truncated`."""
        response = await self._read(path, max_bytes)
        return ReadResult(response.content, response.path or path, response.truncated)

    async def read_bytes(self, path: str, *, max_bytes: int | None = None) -> bytes:
        return (await self._read(path, max_bytes)).content

    async def _read(self, path: str, max_bytes: int | None) -> pb.ReadWorkspaceFileResponse:
        request = pb.ReadWorkspaceFileRequest(
            workspace_id=self.id, path=path, max_bytes=max_bytes or 0
        )
        with rpc_errors():
            return await self._rpc.workspaces.read_workspace_file(request)

    async def list_files(self, path: str = "") -> list[FileInfo]:
        request = pb.ListWorkspaceDirRequest(workspace_id=self.id, path=path)
        with rpc_errors():
            response = await self._rpc.workspaces.list_workspace_dir(request)
        return [FileInfo.of(entry) for entry in response.entries]

    async def stat(self, path: str = "") -> FileInfo:
        request = pb.StatWorkspacePathRequest(workspace_id=self.id, path=path)
        with rpc_errors():
            response = await self._rpc.workspaces.stat_workspace_path(request)
        return FileInfo.of(response.info)

    async def make_dir(self, path: str, *, parents: bool = True) -> str:
        request = pb.MakeWorkspaceDirRequest(workspace_id=self.id, path=path, parents=parents)
        with rpc_errors():
            return (await self._rpc.workspaces.make_workspace_dir(request)).path

    async def remove(self, path: str, *, recursive: bool = False) -> None:
        request = pb.RemoveWorkspacePathRequest(
            workspace_id=self.id, path=path, recursive=recursive
        )
        with rpc_errors():
            await self._rpc.workspaces.remove_workspace_path(request)

    async def upload(self, path: str, source: UploadSource) -> WrittenFile:
        """Streams source (bytes, a local path, a binary file, or byte chunks) into path."""

        chunks = chunks_of(source)

        async def requests() -> AsyncIterator[pb.UploadWorkspaceFileRequest]:
            yield pb.UploadWorkspaceFileRequest(workspace_id=self.id, path=path)
            async for chunk in chunks:
                yield pb.UploadWorkspaceFileRequest(data=chunk)

        with rpc_errors():
            response = await self._rpc.workspace_uploads.upload_workspace_file(requests())
        return WrittenFile(path=response.path, size=response.size)

    async def download(self, path: str) -> bytes:
        request = pb.DownloadWorkspaceFileRequest(workspace_id=self.id, path=path)
        return await _downloads.gather(
            stream_with_errors(self._rpc.workspaces.download_workspace_file(request))
        )

    async def download_to(self, path: str, destination: str | os.PathLike[str]) -> int:
        request = pb.DownloadWorkspaceFileRequest(workspace_id=self.id, path=path)
        stream = self._rpc.workspaces.download_workspace_file(request)
        return await _downloads.save(stream_with_errors(stream), destination)

    async def export_tar(self) -> bytes:
        """The whole workspace as a tar archive."""
        request = pb.ExportWorkspaceRequest(workspace_id=self.id)
        return await _downloads.gather(
            stream_with_errors(self._rpc.workspaces.export_workspace(request))
        )

    async def import_tar(self, source: UploadSource) -> ImportSummary:
        """Restores a tar archive (bytes, a local path, a binary file, or chunks) into the
        workspace, creating it if needed. An entry that would land outside fails it all."""

        chunks = chunks_of(source)

        async def requests() -> AsyncIterator[pb.ImportWorkspaceRequest]:
            yield pb.ImportWorkspaceRequest(workspace_id=self.id)
            async for chunk in chunks:
                yield pb.ImportWorkspaceRequest(data=chunk)

        with rpc_errors():
            response = await self._rpc.workspace_uploads.import_workspace(requests())
        return ImportSummary(
            files=response.files,
            dirs=response.dirs,
            symlinks=response.symlinks,
            bytes=response.bytes,
        )
