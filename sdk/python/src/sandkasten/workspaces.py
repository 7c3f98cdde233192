"""A persistent workspace's files, reached without a session.

Paths are relative to the workspace root ("code.py", "/code.py" and
"sub/x.txt" all stay inside it).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import sandkasten.v1.snapshot_pb2 as snapshot_pb2
import sandkasten.v1.workspace_pb2 as pb
from sandkasten import _downloads
from sandkasten._chunks import UploadSource, chunks_of
from sandkasten._file_api import FileApi
from sandkasten._file_rpcs import workspace_file_rpcs
from sandkasten._transport import Transport, rpc_errors, stream_with_errors
from sandkasten.results import FileInfo, ImportSummary, WorkspaceInfo
from sandkasten.snapshots import DiffEntry, Snapshots, WorkspaceDiff


class Workspace(FileApi):
    """Files of the workspace `id`; writes create the workspace when it does not exist."""

    def __init__(self, transport: Transport, workspace_id: str) -> None:
        super().__init__(workspace_file_rpcs(transport, workspace_id))
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

    async def stat(self, path: str = "") -> FileInfo:
        """The path's entry; default the workspace root."""
        return await super().stat(path)

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
