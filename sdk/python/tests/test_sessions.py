"""Sessions: create (with options), get, list, refresh, extend, stats, destroy, async with."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sandkasten import NotFoundError, SandboxClient, Session, SessionInfo


async def test_create_session_returns_a_running_session(client: SandboxClient) -> None:
    async with await client.create_session() as session:
        info = session.last_info
        assert isinstance(info, SessionInfo)
        assert info.status == "running"
        assert info.cwd == "/workspace"
        assert info.workspace_id is None
        assert session.id and info["id"] == session.id
        assert info.image == "sandbox-runtime:python"  # the default image, "python"


async def test_create_session_options_reach_the_container(client: SandboxClient) -> None:
    async with await client.create_session(
        image="node",
        ttl_seconds=120,
        env={"GREETING": "hi there"},
        cpu_limit=0.5,
        mem_limit_mb=256,
        pids_limit=64,
    ) as session:
        info = await session.info()
        assert info.image == "sandbox-runtime:node"
        created, expires = info.created_datetime, info.expires_datetime
        assert created is not None and expires is not None
        assert info.created_at == f"{created:%Y-%m-%dT%H:%M:%S}.{created.microsecond // 1000:03d}Z"
        lifetime = expires - created
        assert timedelta(seconds=100) < lifetime <= timedelta(seconds=125)
        result = await session.exec('echo "$GREETING"; node --version')
        assert result.exit_code == 0, result.output
        greeting, node_version = result.output.splitlines()
        assert greeting == "hi there"
        assert node_version.startswith("v")
        assert (await session.stats()).memory_limit == 256 * 1024 * 1024


async def test_get_session_finds_it_by_id(client: SandboxClient, session: Session) -> None:
    found = await client.get_session(session.id)
    assert found.id == session.id
    assert (await found.exec("echo same")).output == "same\n"


async def test_get_session_of_an_unknown_id_is_not_found(client: SandboxClient) -> None:
    with pytest.raises(NotFoundError):
        await client.get_session("nosuchsession0")


async def test_list_sessions_includes_the_session(client: SandboxClient, session: Session) -> None:
    listed = {info.id: info for info in await client.list_sessions()}
    assert listed[session.id].status == "running"


async def test_info_reports_the_shells_directory(session: Session) -> None:
    await session.exec("mkdir -p sub && cd sub")
    info = await session.info()
    assert info.cwd == "/workspace/sub"
    assert session.last_info is info
    assert (await session.refresh()).cwd == "/workspace/sub"


async def test_extend_moves_the_expiry(client: SandboxClient) -> None:
    async with await client.create_session(ttl_seconds=60) as session:
        before = (await session.info()).expires_datetime
        info = await session.extend(ttl_seconds=3600)
        after = info.expires_datetime
        assert before is not None and after is not None
        assert after - before > timedelta(minutes=50)
        assert session.last_info is info


async def test_stats_report_memory_use(session: Session) -> None:
    stats = await session.stats()
    assert stats.memory_bytes > 0
    assert stats.pids >= 1


async def test_destroy_removes_the_session_and_may_be_repeated(client: SandboxClient) -> None:
    session = await client.create_session()
    await session.destroy()
    assert (await (await client.get_session(session.id)).info()).status == "destroyed"
    assert session.id not in {info.id for info in await client.list_sessions()}
    await session.destroy()


async def test_async_with_destroys_the_session_even_when_the_block_fails(
    client: SandboxClient,
) -> None:
    with pytest.raises(RuntimeError, match="inside"):
        async with await client.create_session() as session:
            raise RuntimeError("inside")
    assert (await session.refresh()).status == "destroyed"


async def test_client_destroy_session_by_id(client: SandboxClient) -> None:
    session = await client.create_session()
    await client.destroy_session(session.id)
    assert session.id not in {info.id for info in await client.list_sessions()}


async def test_pool_status_reports_a_disabled_pool(client: SandboxClient) -> None:
    status = await client.pool_status()
    assert status.enabled is False
    assert status.images == []


async def test_client_closes_with_async_with(base_url: str, api_key: str) -> None:
    async with SandboxClient(base_url=base_url, api_key=api_key) as client:
        assert isinstance(await client.list_sessions(), list)
    await client.close()  # closing twice is harmless
