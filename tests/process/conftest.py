"""Fixtures: the fake Telegram served from this process."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.process.fake_bot_api import FakeBotApi


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    """The fake Bot API alone (url: its default door)."""
    api = FakeBotApi()
    await api.start()
    yield api
    await api.stop()
