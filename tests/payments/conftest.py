"""Domain tests over the real pieces: the Paylov sandbox over HTTP (tests/paylov's fixtures) and
a migrated SQLite file (tests/storage's), so a rule is proven against what it really talks to.

`sandbox_options` makes the sandbox behave as another Paylov would (`reconfirm_error`, a
catalogue of its own); a test overrides it with `@pytest.mark.parametrize`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.paylov.sandbox import PaylovSandbox
from tests.paylov.conftest import (  # noqa: F401 - fixtures
    HANG_SECONDS,
    STATIC_TOKEN,
    base_url,
    card,
    make_client,
    sandbox,
    static_client,
)
from tests.storage.conftest import clock, db, repos  # noqa: F401 - fixtures


@pytest.fixture
def sandbox_options() -> dict[str, object]:
    return {}


@pytest.fixture
async def running_sandbox(
    sandbox_options: dict[str, object],
) -> AsyncIterator[tuple[PaylovSandbox, str]]:
    """tests/paylov's sandbox, with the options a test asks for."""
    paylov = PaylovSandbox(
        static_token=STATIC_TOKEN,
        hang_seconds=HANG_SECONDS,
        **sandbox_options,  # type: ignore[arg-type]
    )
    url = await paylov.start("127.0.0.1", 0)
    yield paylov, url
    await paylov.stop()
