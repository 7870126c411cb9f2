"""A photo the bot uploads comes back as Telegram describes it: its size, scaled down to what
Telegram keeps (1280 pixels on the longer side), and its bytes kept for the test to read."""

from __future__ import annotations

import io

import pytest
from aiogram import Bot
from aiogram.types import BufferedInputFile
from PIL import Image

from bot.devtools.standin import make_bot

from .conftest import ManualClock

CHAT = 5005


@pytest.fixture
def bot(clock: ManualClock) -> Bot:
    return make_bot(clock=clock)


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#2a9d8f").save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("size", "reported"),
    [((400, 300), (400, 300)), ((1000, 1291), (991, 1280)), ((2560, 100), (1280, 50))],
)
async def test_a_photo_reports_its_size(
    bot: Bot, size: tuple[int, int], reported: tuple[int, int]
) -> None:
    data = png(*size)
    sent = await bot.send_photo(CHAT, BufferedInputFile(data, "card.png"), caption="Receipt")
    assert sent.photo is not None
    [largest] = sent.photo
    assert (largest.width, largest.height) == reported
    assert largest.file_size == len(data)
    assert sent.caption == "Receipt"
