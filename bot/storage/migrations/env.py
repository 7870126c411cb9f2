"""Alembic environment.

Three ways in:
- `Database.migrate()` hands over a live connection in `config.attributes["connection"]`;
- the CLI (`python -m alembic -c bot/storage/alembic.ini upgrade head`) opens its own async
  engine from `sqlalchemy.url`, or from DB_URL when that is empty;
- offline (`... upgrade head --sql`) prints the SQL instead of running it.
"""

from __future__ import annotations

import asyncio
from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from bot.config import DatabaseSettings
from bot.storage.models import Base

config = context.config
target_metadata = Base.metadata

# Only the CLI configures logging; the bot has set up its own by the time it migrates.
if config.config_file_name is not None and config.attributes.get("connection") is None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def database_url() -> str:
    return config.get_main_option("sqlalchemy.url") or DatabaseSettings().url


def run_on_connection(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite alters tables by copying them; batch mode does that for us.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_with_own_engine(url: str) -> None:
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(run_on_connection)
    finally:
        await engine.dispose()


def run_offline() -> None:
    url = database_url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_on_connection(connection)
    else:
        asyncio.run(run_with_own_engine(database_url()))


if context.is_offline_mode():
    run_offline()
else:
    run_online()
