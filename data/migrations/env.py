"""Alembic environment: runs on a connection handed in by data.migrate, or opens its own."""

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from data.database import build_engine
from data.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        compare_server_default=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_with_own_engine(url: str) -> None:
    engine = build_engine(url, pool_size=1)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_configure)
            await connection.commit()
    finally:
        await engine.dispose()


def run_migrations_online() -> None:
    """Use the caller's connection when given (the app's startup path), else the configured URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
    else:
        asyncio.run(_run_with_own_engine(config.get_main_option("sqlalchemy.url")))


if context.is_offline_mode():
    raise SystemExit(
        "offline (SQL script) migrations are not supported; run `python main.py db upgrade`"
    )
run_migrations_online()
