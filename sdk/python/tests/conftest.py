"""Fixtures for tests against a real daemon.

The daemon's address and key come from SANDKASTEN_URL and SANDKASTEN_API_KEY
(test/sdk/python-sdk.test.ts starts a daemon and sets them). Its default image
must have python3 (the wrapper uses sandbox-runtime:python), and workspaces
must be enabled.
"""

from __future__ import annotations

import sys

# No __pycache__ beside the generated modules in gen/: `npm run check:gen` wants
# that directory to hold exactly what buf generates.
sys.dont_write_bytecode = True

import os  # noqa: E402
import secrets  # noqa: E402
from collections.abc import AsyncIterator  # noqa: E402

import pytest  # noqa: E402

from sandkasten import NotFoundError, SandboxClient, Session  # noqa: E402


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(
            f"{name} is not set: these tests need a running daemon "
            "(run them through `npx vitest run test/sdk/python-sdk.test.ts`)"
        )
    return value


@pytest.fixture(scope="session")
def base_url() -> str:
    return _env("SANDKASTEN_URL")


@pytest.fixture(scope="session")
def api_key() -> str:
    return _env("SANDKASTEN_API_KEY")


@pytest.fixture
async def client(base_url: str, api_key: str) -> AsyncIterator[SandboxClient]:
    async with SandboxClient(base_url=base_url, api_key=api_key) as client:
        yield client


@pytest.fixture
async def session(client: SandboxClient) -> AsyncIterator[Session]:
    async with await client.create_session() as session:
        yield session


@pytest.fixture
async def workspace_id(client: SandboxClient) -> AsyncIterator[str]:
    """A workspace id no other test uses; the workspace is deleted afterwards."""
    workspace_id = f"py-{secrets.token_hex(5)}"
    yield workspace_id
    try:
        await client.delete_workspace(workspace_id, force=True)
    except NotFoundError:
        pass


@pytest.fixture(scope="session", autouse=True)
async def no_sessions_left(base_url: str, api_key: str) -> AsyncIterator[None]:
    """After the whole run: every session a test made is destroyed."""
    yield
    async with SandboxClient(base_url=base_url, api_key=api_key) as client:
        left = await client.list_sessions()
    assert left == [], f"tests left sessions behind: {[s.id for s in left]}"
