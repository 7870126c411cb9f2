"""The main menu, the language choice and help."""

from __future__ import annotations

from bot.telegram import keyboards as kb
from bot.telegram.screens import Screen, Texts


def main_menu(texts: Texts, intro: str = "") -> Screen:
    return Screen(texts.get("menu-title"), kb.main_menu(texts)).under(intro)


def language_choice(texts: Texts) -> Screen:
    return Screen(texts.get("language-choose"), kb.languages())


def help_screen(texts: Texts, *, admin: bool) -> Screen:
    text = texts.get("help")
    if admin:  # nobody else learns the admin commands exist
        text = f"{text}\n\n{texts.get('help-admin')}"
    return Screen(text, kb.main_menu(texts))


def ended(texts: Texts, text: str) -> Screen:
    """A conversation's last word, with the menu under it."""
    return Screen(text, kb.main_menu(texts))
