"""SandboxClient: the entry point. Creates and finds sessions, manages workspaces."""

from __future__ import annotations

from collections.abc import Mapping

import sandkasten.v1.session_pb2 as session_pb2
import sandkasten.v1.workspace_pb2 as workspace_pb2
from sandkasten._transport import Transport, rpc_errors
from sandkasten.results import PoolStatus, SessionInfo, WorkspaceInfo
from sandkasten.session import Session
from sandkasten.workspaces import Workspace

#: The daemon's address, and create_session's image, when none is given (as in sandkasten 0.3).
DEFAULT_BASE_URL = "http://localhost:8080"
DEFAULT_IMAGE = "python"


class SandboxClient:
    """A client for one Sandkasten daemon.

    base_url is the daemon's address (e.g. "http://localhost:8080"); api_key is
    sent as `authorization: Bearer <key>`. timeout (seconds, None for none) bounds
    connecting and each wait for the daemon's next bytes (an exec also waits for its
    command, up to its timeout_ms). Use it with `async with`, or call close() when
    done; it holds a connection pool.
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        api_key: str | None = None,
        *,
        timeout: float | None = 120.0,
    ) -> None:
        self.base_url = base_url
        self._rpc = Transport(base_url, api_key, timeout)

    async def __aenter__(self) -> SandboxClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        """Closes the connections. Sessions keep running until destroyed or expired."""
        await self._rpc.close()

    # -- sessions -------------------------------------------------------------

    async def create_session(
        self,
        *,
        image: str | None = DEFAULT_IMAGE,
        ttl_seconds: int | None = None,
        workspace_id: str | None = None,
        env: Mapping[str, str] | None = None,
        cpu_limit: float | None = None,
        mem_limit_mb: int | None = None,
        pids_limit: int | None = None,
    ) -> Session:
        """Starts a session and returns once its shell is ready.

        image: "base", "python", "node" or an allowed full reference (default "python",
        as in sandkasten 0.3; None for the daemon's default). workspace_id mounts that
        persistent workspace at /workspace, creating it on first use. ttl_seconds, env
        and the limits default to the daemon's configuration.
        """
        request = session_pb2.CreateSessionRequest(
            image=image or "",
            workspace_id=workspace_id or "",
            ttl_seconds=ttl_seconds or 0,
            env=dict(env or {}),
            limits=session_pb2.ResourceLimits(
                cpu_limit=cpu_limit or 0, mem_limit_mb=mem_limit_mb or 0, pids_limit=pids_limit or 0
            ),
        )
        with rpc_errors():
            response = await self._rpc.sessions.create_session(request)
        return Session(self, response.session.id, SessionInfo.of(response.session))

    async def get_session(self, session_id: str) -> Session:
        """The existing session session_id (NotFoundError when there is none)."""
        with rpc_errors():
            response = await self._rpc.sessions.get_session(
                session_pb2.GetSessionRequest(id=session_id)
            )
        return Session(self, response.session.id, SessionInfo.of(response.session))

    async def list_sessions(self) -> list[SessionInfo]:
        """The sessions that are not destroyed."""
        with rpc_errors():
            response = await self._rpc.sessions.list_sessions(session_pb2.ListSessionsRequest())
        return [SessionInfo.of(session) for session in response.sessions]

    async def destroy_session(self, session_id: str) -> None:
        with rpc_errors():
            await self._rpc.sessions.destroy_session(
                session_pb2.DestroySessionRequest(id=session_id)
            )

    async def pool_status(self) -> PoolStatus:
        """The pre-warmed container pool, image by image."""
        with rpc_errors():
            response = await self._rpc.sessions.get_pool_status(session_pb2.GetPoolStatusRequest())
        return PoolStatus.of(response)

    # -- workspaces -----------------------------------------------------------

    async def list_workspaces(self) -> list[WorkspaceInfo]:
        with rpc_errors():
            response = await self._rpc.workspaces.list_workspaces(
                workspace_pb2.ListWorkspacesRequest()
            )
        return [WorkspaceInfo.of(workspace) for workspace in response.workspaces]

    async def get_workspace(self, workspace_id: str) -> WorkspaceInfo:
        return await self.workspace(workspace_id).info()

    async def delete_workspace(self, workspace_id: str, *, force: bool = True) -> None:
        """Deletes the workspace and its data for good, first destroying the sessions that
        have it attached (as the workspace documents' examples expect). With force=False
        the daemon refuses instead (FailedPreconditionError naming those sessions)."""
        await self.workspace(workspace_id).delete(force=force)

    def workspace(self, workspace_id: str) -> Workspace:
        """The workspace's files, without a session (no call is made here)."""
        return Workspace(self._rpc, workspace_id)
