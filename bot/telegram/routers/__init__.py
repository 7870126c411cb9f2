"""One router per feature, built fresh for each dispatcher; the fallback router goes last."""

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


def build_root_router() -> Router:
    root = Router(name="paybot")
    root.include_routers(
        errors.build_router(),
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
    return root
