"""One router per feature, included in one place; the fallback router goes last."""

from aiogram import Router

from bot.telegram.routers import addcard, cards, errors, fallback, pay, start


def build_root_router() -> Router:
    root = Router(name="paybot")
    root.include_routers(
        errors.router,
        start.router,
        # Command routers before the flow's text handlers, so /cards is never read as an answer.
        cards.router,
        pay.router,
        addcard.router,
        fallback.router,
    )
    return root
