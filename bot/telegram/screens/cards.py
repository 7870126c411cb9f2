"""/cards: the bound cards with their holder and balance; naming one, making one the default,
removing one. Also how a card is named on the confirmation (its title, facts and pick mark)."""

from __future__ import annotations

from html import escape

from bot.payments.card_binding import CARD_NAME_MAX, WalletCard
from bot.storage.repositories import CardRecord
from bot.telegram import keyboards as kb
from bot.telegram import views
from bot.telegram.callbacks import CardAction, CardCb
from bot.telegram.screens import Screen, Texts

# The card a confirmation will charge. Not ✅: that is "Confirm and pay"'s own mark.
PICKED_MARK = "🔘"


def card_title(card: CardRecord) -> str:
    """The customer's name with the last digits, or the mask (not escaped: labels are not)."""
    return f"{card.name} •••• {card.masked_number[-4:]}" if card.name else card.masked_number


def card_facts(texts: Texts, wallet: WalletCard) -> str:
    """Holder and balance, as far as Paylov told them; "" when it told neither."""
    facts = []
    if wallet.owner:
        facts.append(texts.get("card-holder", owner=escape(wallet.owner)))
    if wallet.balance is not None:
        facts.append(texts.get("card-balance", amount=views.money(wallet.balance)))
    return " · ".join(facts)


def pick_label(texts: Texts, wallet: WalletCard, *, picked: bool) -> str:
    """A card's button on the confirmation: the mark when it is the one to be charged."""
    label = card_title(wallet.card)
    if wallet.balance is not None:
        label += " · " + texts.get("card-balance-short", amount=views.money(wallet.balance))
    return f"{PICKED_MARK} {label}" if picked else label


def card_list(texts: Texts, cards: list[WalletCard]) -> Screen:
    blocks = []
    for wallet in cards:
        card = wallet.card
        line = f"💳 <b>{escape(card_title(card))}</b> {escape(card.vendor or '')}".rstrip()
        if card.name:
            line += f" {escape(card.masked_number)}"
        if card.is_default:
            line += " " + texts.get("cards-default-mark")
        facts = card_facts(texts, wallet)
        blocks.append(f"{line}\n{facts}" if facts else line)
    body = "\n\n".join(blocks) or texts.get("cards-empty")
    rows = []
    for wallet in cards:
        card, tail = wallet.card, wallet.card.masked_number[-4:]
        options = [kb.button(texts.get("btn-name-card", card=tail), _cb(CardAction.NAME, card))]
        if not card.is_default:
            make_default = _cb(CardAction.MAKE_DEFAULT, card)
            options.append(kb.button(texts.get("btn-default-card", card=tail), make_default))
        rows.append(options)
        remove = _cb(CardAction.REMOVE, card)
        rows.append([kb.button(texts.get("btn-remove-card", card=tail), remove)])
    rows.append([kb.button(texts.get("btn-add-card"), CardCb(action=CardAction.ADD))])
    rows.append([kb.menu_button(texts)])
    return Screen(texts.get("cards-title") + "\n\n" + body, kb.markup(rows))


def ask_name(texts: Texts, card: CardRecord, problem: str = "") -> Screen:
    """The name question for one card; back to the list on its button."""
    text = texts.get("cards-ask-name", card=escape(card.masked_number), max=CARD_NAME_MAX)
    back = [kb.button(texts.get("btn-back"), CardCb(action=CardAction.LIST))]
    return Screen(text, kb.markup([back])).under(f"⚠️ {problem}" if problem else "")


def remove_confirm(texts: Texts, card: CardRecord) -> Screen:
    yes = CardCb(action=CardAction.CONFIRM_REMOVE, card=card.id)
    buttons = [
        kb.button(texts.get("btn-yes-remove"), yes),
        kb.button(texts.get("btn-no"), CardCb(action=CardAction.LIST)),
    ]
    text = texts.get("cards-remove-confirm", card=escape(card.masked_number))
    return Screen(text, kb.markup([buttons]))


def _cb(action: CardAction, card: CardRecord) -> CardCb:
    return CardCb(action=action, card=card.id)
