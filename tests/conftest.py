"""Fixtures shared by the whole suite: real SQLite files and a real PostgreSQL server."""

from __future__ import annotations

import asyncio
import shutil
import socket
from pathlib import Path

import pytest
from sqlalchemy import text

from data import database
from data.migrate import upgrade_to_head
from data.models import Base
from devservers.postgres import PostgresServer, find_bin_dirs
from devservers.redis import find_redis_servers

BACKENDS = ["sqlite", "postgres"]
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Where the throwaway servers' binaries come from (the first of each found; see
    devservers.sources): the run shows whether they are Debian's or the pip wheels'."""
    lines = []
    for name, find in (("PostgreSQL", find_bin_dirs), ("redis-server", find_redis_servers)):
        try:
            origin, path = find()[0]
            lines.append(f"{name}: {origin}, {path}")
        except (RuntimeError, ValueError) as exc:  # the tests that need it will error
            lines.append(f"{name}: none found: {exc}")
    return lines


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may reach beyond this machine: connections to other hosts are refused."""
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def check(address: object) -> None:
        if isinstance(address, tuple) and address[0] not in LOOPBACK:
            raise ConnectionRefusedError(f"test tried to reach {address!r} (loopback only)")

    def connect(self: socket.socket, address: object) -> None:
        check(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: object) -> int:
        check(address)
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)


async def _migrate(url: str) -> None:
    engine = database.build_engine(url, pool_size=1)
    try:
        await upgrade_to_head(engine)
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def pg_server():
    """One PostgreSQL server for the whole run, started on first use (Debian's or the pip
    wheel's, see devservers.sources); without one, the tests using it error, never skip."""
    server = PostgresServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_migrated_url(pg_server) -> str:
    """A PostgreSQL database at the newest schema, shared by tests that truncate it after use."""
    url = pg_server.create_database("tokdrop_test")
    asyncio.run(_migrate(url))
    return url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """An SQLite file at the newest schema; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    asyncio.run(_migrate(f"sqlite:///{path}"))
    return path


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    """Name of the database a parametrized test runs on."""
    return request.param


@pytest.fixture
def db_url(backend, request, tmp_path) -> str:
    """URL of an empty, migrated database of the test's backend."""
    if backend == "sqlite":
        path = tmp_path / "tokdrop.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    return request.getfixturevalue("pg_migrated_url")


async def clear_tables() -> None:
    """Empty every tokdrop table (the schema version stays)."""
    names = [table.name for table in reversed(Base.metadata.sorted_tables)]
    async with database.session_scope() as session:
        if database.dialect_name() == "postgresql":
            await session.execute(text(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE"))
        else:
            for name in names:
                await session.execute(text(f"DELETE FROM {name}"))


@pytest.fixture
async def store(db_url, backend):
    """The repository, initialised on an empty database of each backend; yields the backend name."""
    await database.init_database(db_url)
    try:
        if backend == "postgres":
            await clear_tables()
        yield backend
    finally:
        await database.dispose_database()
