"""Where the embedded Paylov sandbox keeps its state for a bot database: beside a SQLite file
(`paybot.sqlite3` → `paybot.sandbox.json`), so the sandbox's cards and transactions outlive the
process as the bot's records of them do. Used by `python -m bot shell` and by `open_app`'s own
sandbox (`python -m bot run` with PAYLOV_SANDBOX=true). The two files are one state: a database
that is gone takes the sandbox's file with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.storage.db import is_sqlite_memory

STATE_SUFFIX = ".sandbox.json"


class Continuity(StrEnum):
    """How this run's sandbox relates to the database's earlier runs."""

    CONTINUING = "continuing"  # both files were there: carry on
    FRESH = "fresh"  # no database yet: both start now (a stale sandbox file is dropped)
    STATE_MISSING = "state-missing"  # a database from before the sandbox kept its state
    FORGETS = "forgets"  # a server database: the sandbox has no folder to keep its state in
    IN_MEMORY = "in-memory"  # nothing outlives the run on either side


@dataclass(frozen=True)
class SandboxFiles:
    continuity: Continuity
    database: Path | None = None
    state: Path | None = None


def sandbox_files(database_url: str) -> SandboxFiles:
    """Where the embedded sandbox keeps its state, decided before the database is opened (the
    bot creates the file on opening)."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return SandboxFiles(Continuity.FORGETS)
    if is_sqlite_memory(url) or not url.database:
        return SandboxFiles(Continuity.IN_MEMORY)
    database = Path(url.database)
    state = database.with_name(database.stem + STATE_SUFFIX)
    if not database.exists():
        # Its database is gone: that sandbox state belongs to nothing now.
        state.unlink(missing_ok=True)
        return SandboxFiles(Continuity.FRESH, database, state)
    kind = Continuity.CONTINUING if state.exists() else Continuity.STATE_MISSING
    return SandboxFiles(kind, database, state)
