"""The card steps' screens: expiry, number and code, each with a problem above it if any."""

from __future__ import annotations

from bot.telegram import keyboards as kb
from bot.telegram.screens import Screen, Texts


def card_step(texts: Texts, question: str, problem: str = "") -> Screen:
    markup = kb.choice_list([], extra_rows=[kb.back_cancel_row(texts)])
    return Screen(question, markup).under(f"⚠️ {problem}" if problem else "")
