"""One router per feature, built fresh for each dispatcher; the fallback router goes last.

Routers are leaves: none imports another (tests/telegram/test_layout.py says so). What
features share lies beneath them: bot/telegram/steps (moving through the flows),
bot/telegram/screens (what each message shows), the per-update ChatContext and the filters.

Every feature sits under one router that lets private chats through and nothing else (a card
number typed in a group must never be read); what comes from other chats gets the answer of
`fallback.build_outside_private_router`.
"""

from aiogram import Router

from bot.telegram.filters import IN_PRIVATE_CHAT, PRESSED_IN_PRIVATE_CHAT
from bot.telegram.middlewares import AnswerPresses, LeaveOnFlag
from bot.telegram.routers import (
    accounts,
    addcard,
    admin,
    card_guard,
    cards,
    choose,
    errors,
    fallback,
    history,
    mobile,
    pay,
    receipt_card,
    receipts,
    reconcile,
    reminders,
    repay,
    search,
    start,
    support,
)


def build_private_router() -> Router:
    private = Router(name="private-chats")
    private.message.filter(IN_PRIVATE_CHAT)
    private.callback_query.filter(PRESSED_IN_PRIVATE_CHAT)
    private.include_routers(
        # First: a card number typed where none is asked is deleted before anything reads it.
        card_guard.build_router(),
        start.build_router(),
        # Command routers before the flow's text handlers, so /cards is never read as an answer.
        cards.build_router(),
        accounts.build_router(),
        receipts.build_router(),
        receipt_card.build_router(),
        history.build_router(),
        repay.build_router(),
        reminders.build_router(),
        # Before the flow's text handlers: an admin's reply to a question answers it in any step.
        support.build_router(),
        admin.build_router(),
        reconcile.build_router(),
        # Typed words where no answer is awaited find services: before choose, whose lists
        # would answer them "use the buttons", and before fallback's "not understood".
        search.build_router(),
        choose.build_router(),
        mobile.build_router(),
        pay.build_router(),
        addcard.build_router(),
        fallback.build_router(),
    )
    return private


def build_root_router() -> Router:
    root = Router(name="paybot")
    # Inner middlewares: they run for the handler the filters chose, in every router below.
    root.callback_query.middleware(AnswerPresses())
    root.callback_query.middleware(LeaveOnFlag())
    root.message.middleware(LeaveOnFlag())
    root.include_routers(
        errors.build_router(),
        build_private_router(),
        fallback.build_outside_private_router(),
    )
    return root
