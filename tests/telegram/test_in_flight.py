"""At most `at_once` updates run; the others wait their turn, and a shutdown waits for them."""

from __future__ import annotations

import asyncio
from typing import Any

from aiogram.types import TelegramObject

from bot.telegram.middlewares import InFlightUpdates


async def test_updates_beyond_the_bound_wait_their_turn_and_all_finish() -> None:
    in_flight = InFlightUpdates(at_once=2)
    inside, release = 0, asyncio.Event()
    most_inside = 0

    async def handler(_: TelegramObject, data: dict[str, Any]) -> str:
        nonlocal inside, most_inside
        inside += 1
        most_inside = max(most_inside, inside)
        await release.wait()
        inside -= 1
        return "handled"

    updates = [asyncio.create_task(in_flight(handler, TelegramObject(), {})) for _ in range(5)]
    await asyncio.sleep(0.05)
    assert (inside, in_flight.running) == (2, 5)  # three wait, and count as running
    assert not await in_flight.drain(0.05)  # a shutdown would wait for the waiting ones too
    release.set()
    assert await asyncio.gather(*updates) == ["handled"] * 5
    assert most_inside == 2
    assert await in_flight.drain(0.05) and in_flight.running == 0
