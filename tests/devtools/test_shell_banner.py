"""The terminal chat's banner never shows a database password."""

from __future__ import annotations

from bot.config import Settings
from bot.devtools.shell_app import banner


def test_the_banner_hides_the_database_password() -> None:
    settings = Settings(_env_file=None)
    settings.database.url = "postgresql+asyncpg://paybot:s3cr3t-pw@db.internal/paybot"
    text = banner(settings, ["Sandbox test cards: ..."], admin=True)
    assert "s3cr3t-pw" not in text
    assert "postgresql+asyncpg://paybot:***@db.internal/paybot" in text
    assert "You are an admin" in text
