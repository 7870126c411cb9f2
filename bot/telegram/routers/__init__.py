"""One router per feature, built fresh for each dispatcher; the fallback router goes last.

Every feature sits under one router that lets private chats through and nothing else (a card
number typed in a group must never be read); what comes from other chats gets the answer of
`fallback.build_outside_private_router`.
"""

from aiogram import Router

from bot.telegram.routers import (
    accounts,
    addcard,
    admin,
    cards,
    errors,
    fallback,
    history,
    pay,
    start,
)


def build_private_router() -> Router:
    private = Router(name="private-chats")
    private.message.filter(fallback.IN_PRIVATE_CHAT)
    private.callback_query.filter(fallback.PRESSED_IN_PRIVATE_CHAT)
    private.include_routers(
        # First: a card number typed where none is asked is deleted before anything reads it.
        addcard.build_guard_router(),
        start.build_router(),
        # Command routers before the flow's text handlers, so /cards is never read as an answer.
        cards.build_router(),
        accounts.build_router(),
        history.build_router(),
        admin.build_router(),
        pay.build_router(),
        addcard.build_router(),
        fallback.build_router(),
    )
    return private


def build_root_router() -> Router:
    root = Router(name="paybot")
    root.include_routers(
        errors.build_router(),
        build_private_router(),
        fallback.build_outside_private_router(),
    )
    return root
