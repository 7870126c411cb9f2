"""/cards: the bound cards, and removing one."""

from __future__ import annotations

from html import escape

from bot.storage.repositories import CardRecord
from bot.telegram import keyboards as kb
from bot.telegram.callbacks import CardAction, CardCb
from bot.telegram.screens import Screen, Texts


def card_list(texts: Texts, cards: list[CardRecord]) -> Screen:
    lines = [
        f"💳 <b>{escape(card.masked_number)}</b> {escape(card.vendor or '')}".rstrip()
        for card in cards
    ]
    text = texts.get("cards-title") + "\n\n" + ("\n".join(lines) or texts.get("cards-empty"))
    rows = [
        [
            kb.button(
                texts.get("btn-remove-card", card=card.masked_number[-4:]),
                CardCb(action=CardAction.REMOVE, card=card.id),
            )
        ]
        for card in cards
    ]
    rows.append([kb.button(texts.get("btn-add-card"), CardCb(action=CardAction.ADD))])
    rows.append([kb.menu_button(texts)])
    return Screen(text, kb.markup(rows))


def remove_confirm(texts: Texts, card: CardRecord) -> Screen:
    yes = CardCb(action=CardAction.CONFIRM_REMOVE, card=card.id)
    buttons = [
        kb.button(texts.get("btn-yes-remove"), yes),
        kb.button(texts.get("btn-no"), CardCb(action=CardAction.LIST)),
    ]
    text = texts.get("cards-remove-confirm", card=escape(card.masked_number))
    return Screen(text, kb.markup([buttons]))
