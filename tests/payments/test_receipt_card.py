"""The receipt card drawing: a real PNG, its text really drawn, in glyphs the font has."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops

from bot.payments.receipt_card import (
    WIDTH,
    CardLine,
    ReceiptCard,
    _font,
    _wrap,
    font_path,
    paid_at_shown,
    render_receipt_card,
)
from bot.telegram.i18n import LANGUAGES, LOCALES_PATH
from tests.i18n import ftl_checks

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# What Paylov's catalogue and the customers' languages put on a card: Russian service names,
# Uzbek Cyrillic letters, the three spellings of the Uzbek Latin apostrophe.
SAMPLES = [
    "Плата за электроэнергию",
    "г. Ташкент, 26290 - Яшнабадский ЭСП",
    "Ўзбекистон Қарши Ғузор Ҳамза ўғил",
    "O'zbekiston, oʻgʻil, o‘g‘il, gʼ",
    "Лицевой счёт № 1000000 — ПИНФЛ",
]


def card(amount: str = "50 000 so‘m", *, lines: list[CardLine] | None = None) -> ReceiptCard:
    return ReceiptCard(
        brand="PayBot",
        title="To‘lov kvitansiyasi",
        status="To‘lov amalga oshirildi",
        amount=amount,
        lines=lines
        if lines is not None
        else [
            CardLine("Xizmat", "Плата за электроэнергию"),
            CardLine("Лицевой счёт", "1000000"),
            CardLine("Karta", "860000******7878"),
            CardLine("To‘lov vaqti (Toshkent)", "01.12.2026 20:23"),
            CardLine("Referens", "306836712552"),
            CardLine("Terminal ID", "92902804"),
        ],
        footer="PayBot · @paybot_test_bot orqali to‘langan",
    )


def image(png: bytes) -> Image.Image:
    with Image.open(io.BytesIO(png)) as opened:
        assert opened.format == "PNG"
        return opened.convert("RGB")


def test_a_real_png_of_the_card_width() -> None:
    png = render_receipt_card(card())
    assert png.startswith(PNG_SIGNATURE)
    drawn = image(png)
    assert drawn.width == WIDTH
    assert 600 < drawn.height < 2000
    # Not a blank page: many colours (text is anti-aliased), the band's among them.
    colours = drawn.getcolors(maxcolors=WIDTH * drawn.height)
    assert colours is not None and len(colours) > 50


def test_the_text_is_drawn_two_amounts_two_images() -> None:
    first = image(render_receipt_card(card("50 000 so‘m")))
    second = image(render_receipt_card(card("90 000 so‘m")))
    assert first.size == second.size
    difference = ImageChops.difference(first, second).getbbox()
    assert difference is not None
    # Only the amount's line differs: the rest of the card is the same.
    _, top, _, bottom = difference
    assert bottom - top < 100


def test_more_lines_make_a_taller_card_and_long_values_wrap() -> None:
    short = image(render_receipt_card(card(lines=[CardLine("Xizmat", "Beeline")])))
    long_value = "Детские сады (родительская плата) " * 3
    tall = image(render_receipt_card(card(lines=[CardLine("Xizmat", long_value)])))
    assert tall.height > short.height


def test_wrapping_keeps_every_line_inside_and_cuts_what_is_too_long() -> None:
    font = _font(28, bold=True)
    lines = _wrap("5f7e3c1a-0b8e-4f5e-9d3c-2a1b0c9d8e7f " + "word " * 80, font, 300, 4)
    assert len(lines) == 4
    assert all(font.getlength(line) <= 300 for line in lines)
    assert lines[-1].endswith("…")
    assert _wrap("", font, 300, 4) == [""]


@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
def test_the_font_has_every_glyph_the_card_can_show(bold: bool) -> None:
    """No tofu: every character of the card's texts in every language, and of what Paylov's
    catalogue writes, is in the font's own character map."""
    cmap = TTFont(font_path(bold=bold)).getBestCmap()
    texts = list(SAMPLES)
    for language in LANGUAGES:
        catalogue = ftl_checks.load_catalogue(LOCALES_PATH / language)
        bundle = ftl_checks.make_bundle(language, catalogue)
        for key in catalogue.messages:
            if key.startswith("receipt-card-") and key != "receipt-card-caption":
                pattern = bundle.get_message(key).value
                assert pattern is not None
                text, errors = bundle.format_pattern(pattern, {"amount": "1 000", "bot": "X"})
                assert not errors
                texts.append(text)
    missing = {char for text in texts for char in text if ord(char) not in cmap}
    assert missing == set()


def test_cyrillic_is_drawn_as_letters_not_as_missing_glyph_boxes() -> None:
    """A character the font lacks is drawn as its "missing" box, the same for all of them;
    Cyrillic letters are drawn each as itself."""
    font = _font(28)

    def drawn(text: str) -> bytes:
        return bytes(font.getmask(text))

    tofu = drawn("\ue000")  # private use: in no font
    assert drawn("\ue001") == tofu
    for letter in "ЖЎҚҒҲўқғҳʻ‘":
        assert drawn(letter) != tofu, letter


def test_the_test_mode_mark_is_drawn() -> None:
    plain = image(render_receipt_card(card()))
    marked_card = ReceiptCard(**{**card().__dict__, "test_mode": "TEST REJIMI"})
    marked = image(render_receipt_card(marked_card))
    assert marked.height > plain.height


def test_paid_at_in_tashkent_time() -> None:
    recorded = datetime(2026, 12, 1, 15, 23, tzinfo=UTC)
    # Paylov's payedAt is Tashkent wall time already.
    assert paid_at_shown("2026-12-01 20:23:52", recorded) == "01.12.2026 20:23"
    # None: when we recorded it paid, 15:23 UTC is 20:23 in Tashkent.
    assert paid_at_shown(None, recorded) == "01.12.2026 20:23"
    assert paid_at_shown("01/12/2026", recorded) == "01/12/2026"  # a shape we do not know
