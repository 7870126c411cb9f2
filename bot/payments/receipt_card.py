"""The receipt card: a paid payment drawn as a PNG a customer can forward or keep.

Plain Python, no Telegram: `ReceiptCard` (texts already in the customer's language) in, PNG
bytes out. Drawn with Pillow, which lays text out exactly where it is told and renders in a few
milliseconds (matplotlib, the /stats chart's, is made for plots and takes ~100x longer). The
font is DejaVu Sans from matplotlib's own package data, so it is on every machine that installs
the bot: it has Cyrillic (with Uzbek Ў Қ Ғ Ҳ), the Uzbek Latin apostrophes (o' g' oʻ gʻ o‘ g‘)
and the symbols a receipt uses. CPU work: callers render it in a thread (asyncio.to_thread).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bot.payments.tashkent import TASHKENT

# Paylov's payedAt: Tashkent wall time (bot/paylov/sandbox/README.md), "2026-12-01 20:23:52".
PAYLOV_TIMESTAMP = "%Y-%m-%d %H:%M:%S"
SHOWN_TIMESTAMP = "%d.%m.%Y %H:%M"  # as history shows times

WIDTH = 1000
MARGIN = 64
LABEL_WIDTH = 330  # the left column; values wrap in the rest
LINE_GAP = 12
ROW_GAP = 22
MAX_VALUE_LINES = 4  # a longer value (a 200-character name) ends with "…"

INK = "#1d2b36"
MUTED = "#6b7a86"
PAPER = "#ffffff"
BAND = "#2a9d8f"
BAND_INK = "#ffffff"
PAID = "#2a9d8f"
RULE = "#d5dde3"
WARNING = "#c0392b"


@dataclass(frozen=True)
class CardLine:
    label: str
    value: str


@dataclass(frozen=True)
class ReceiptCard:
    """What the card shows, every text in the customer's language."""

    brand: str  # the bot's name, on the band at the top
    title: str  # "Payment receipt"
    status: str  # "Paid"
    amount: str  # "50 000 so'm"
    lines: Sequence[CardLine]
    footer: str  # "Paid through @paybot"
    # Drawn across the card in red when set: a sandbox payment must not pass for a real one.
    test_mode: str | None = None


def paid_at_shown(payed_at: str | None, recorded_at: datetime) -> str:
    """When the payment was paid, Tashkent time as history shows it: Paylov's payedAt (already
    Tashkent wall time) when it reads as one, else when we recorded it paid."""
    if payed_at:
        try:
            return datetime.strptime(payed_at.strip(), PAYLOV_TIMESTAMP).strftime(SHOWN_TIMESTAMP)
        except ValueError:
            return payed_at.strip()  # a shape we do not know: as Paylov gave it
    return recorded_at.astimezone(TASHKENT).strftime(SHOWN_TIMESTAMP)


def font_path(*, bold: bool = False) -> Path:
    import matplotlib

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name


@cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    # Cached per size: loading a face costs more than drawing a card's text.
    return ImageFont.truetype(str(font_path(bold=bold)), size)


def render_receipt_card(card: ReceiptCard) -> bytes:
    """The card as PNG bytes, WIDTH pixels wide and as tall as its lines need."""
    label_font, value_font = _font(28), _font(28, bold=True)
    value_width = WIDTH - 2 * MARGIN - LABEL_WIDTH
    rows = [
        (
            _wrap(line.label, label_font, LABEL_WIDTH - 24, MAX_VALUE_LINES),
            _wrap(line.value, value_font, value_width, MAX_VALUE_LINES),
        )
        for line in card.lines
    ]
    brand_font, title_font = _font(34, bold=True), _font(30)
    status_font, amount_font, footer_font = _font(34, bold=True), _font(64, bold=True), _font(24)
    line_height = _height(value_font) + LINE_GAP

    band = 110
    warning = 64 if card.test_mode else 0
    head = 80 + _height(status_font) + 24 + _height(amount_font) + 56
    body = sum(max(len(labels), len(values)) * line_height + ROW_GAP for labels, values in rows)
    footer = 48 + _height(footer_font) + 48
    height = band + warning + head + body + footer

    image = Image.new("RGB", (WIDTH, height), PAPER)
    draw = ImageDraw.Draw(image)

    # The band: the bot's name and what this is.
    draw.rectangle((0, 0, WIDTH, band), fill=BAND)
    brand = _fit(card.brand, brand_font, WIDTH // 2)
    draw.text((MARGIN, band // 2), brand, font=brand_font, fill=BAND_INK, anchor="lm")
    title = _fit(card.title, title_font, WIDTH // 2 - MARGIN)
    draw.text((WIDTH - MARGIN, band // 2), title, font=title_font, fill=BAND_INK, anchor="rm")

    if card.test_mode:
        draw.rectangle((0, band, WIDTH, band + warning), fill=WARNING)
        mark = _fit(card.test_mode, footer_font, WIDTH - 2 * MARGIN)
        middle = band + warning / 2
        draw.text((WIDTH / 2, middle), mark, font=footer_font, fill=PAPER, anchor="mm")

    # The outcome and the amount, centred.
    y = band + warning + 56
    tick = 26
    status_width = draw.textlength(card.status, font=status_font) + 2 * tick + 16
    left = (WIDTH - status_width) / 2
    middle = y + _height(status_font) / 2
    draw.ellipse((left, middle - tick, left + 2 * tick, middle + tick), fill=PAID)
    draw.line(
        [(left + 13, middle + 1), (left + 23, middle + 11), (left + 40, middle - 9)],
        fill=PAPER,
        width=6,
    )
    draw.text((left + 2 * tick + 16, middle), card.status, font=status_font, fill=PAID, anchor="lm")
    y += _height(status_font) + 24
    amount = _fit(card.amount, amount_font, WIDTH - 2 * MARGIN)
    draw.text((WIDTH / 2, y), amount, font=amount_font, fill=INK, anchor="ma")
    y += _height(amount_font) + 40
    _dashed(draw, y)
    y += 16

    # The facts, label on the left, value (wrapped) on the right.
    for labels, values in rows:
        for number, text in enumerate(labels):
            draw.text((MARGIN, y + number * line_height), text, font=label_font, fill=MUTED)
        for number, text in enumerate(values):
            position = (MARGIN + LABEL_WIDTH, y + number * line_height)
            draw.text(position, text, font=value_font, fill=INK)
        y += max(len(labels), len(values)) * line_height + ROW_GAP

    y += 8
    _dashed(draw, y)
    footer_text = _fit(card.footer, footer_font, WIDTH - 2 * MARGIN)
    draw.text((WIDTH / 2, y + 40), footer_text, font=footer_font, fill=MUTED, anchor="ma")

    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _height(font: ImageFont.FreeTypeFont) -> int:
    ascent, descent = font.getmetrics()
    return ascent + descent


def _dashed(draw: ImageDraw.ImageDraw, y: float) -> None:
    for x in range(MARGIN, WIDTH - MARGIN, 24):
        draw.line([(x, y), (min(x + 12, WIDTH - MARGIN), y)], fill=RULE, width=3)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """`text` in lines no wider than `width`: broken at spaces, a word too long for a line
    (an id, a long account) broken where it must; past `max_lines`, the last ends with "…"."""
    lines: list[str] = []
    current = ""
    for word in " ".join(text.split()).split(" "):
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while font.getlength(word) > width:
            cut = _longest_prefix(word, font, width)
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current or not lines:
        lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], _fit(" ".join(lines[max_lines - 1 :]), font, width)]
    return lines


def _longest_prefix(word: str, font: ImageFont.FreeTypeFont, width: int) -> int:
    cut = 1
    while cut < len(word) and font.getlength(word[: cut + 1]) <= width:
        cut += 1
    return cut


def _fit(text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """`text` on one line, cut with "…" when it is wider than `width`."""
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"
