"""Quick repay: "Pay" on a saved account and "Pay again" in /history, and their "re-enter"
(the service's form from the first field) when the saved answers no longer fit."""

from __future__ import annotations

from aiogram import F, Router

from bot.storage.repositories import PaymentRecord, SavedAccountRecord
from bot.telegram.callbacks import AccountAction, AccountCb, HistoryAction, HistoryCb
from bot.telegram.context import ChatContext
from bot.telegram.filters import OwnPayment, OwnSavedAccount
from bot.telegram.middlewares import ANSWERS_ITSELF, LEAVES_FLOW
from bot.telegram.steps.repay import RepayTarget, start_quick_repay, start_reentry


async def on_pay_saved(_: object, ctx: ChatContext, saved: SavedAccountRecord) -> None:
    target = RepayTarget(
        service_id=saved.service_id,
        service_name=saved.service_name,
        account=dict(saved.account),
        saved_account_id=saved.id,
        retry=AccountCb(action=AccountAction.PAY, arg=saved.id),
        reenter=AccountCb(action=AccountAction.REENTER, arg=saved.id),
        back=AccountCb(action=AccountAction.OPEN, arg=saved.id),
    )
    await start_quick_repay(ctx, target)


async def on_reenter_saved(_: object, ctx: ChatContext, saved: SavedAccountRecord) -> None:
    await start_reentry(ctx, saved.service_id, AccountCb(action=AccountAction.OPEN, arg=saved.id))


async def on_pay_again(
    _: object, callback_data: HistoryCb, ctx: ChatContext, payment: PaymentRecord
) -> None:
    saved = await ctx.services.saved_accounts.of_payment(payment)
    target = RepayTarget(
        service_id=payment.service_id,
        service_name=payment.service_name,
        account=dict(payment.account),
        saved_account_id=saved.id if saved else None,
        retry=HistoryCb(action=HistoryAction.PAY_AGAIN, arg=payment.id),
        reenter=HistoryCb(action=HistoryAction.REENTER, arg=payment.id),
        back=HistoryCb(action=HistoryAction.OPEN, arg=payment.id),
        # From the receipt, the receipt stays: the preview is a new message under it.
        keep_pressed=callback_data.action == HistoryAction.PAY_AGAIN_FROM_RECEIPT,
    )
    await start_quick_repay(ctx, target)


async def on_pay_again_while_settling(_: object, ctx: ChatContext) -> None:
    """An old "Pay again" of a payment that may still go through: paying now could charge
    twice. Nothing is left or started."""
    await ctx.alert(ctx.t("history-still-settling"))


async def on_reenter_paid(_: object, ctx: ChatContext, payment: PaymentRecord) -> None:
    back = HistoryCb(action=HistoryAction.OPEN, arg=payment.id)
    await start_reentry(ctx, payment.service_id, back)


async def on_not_found(_: object, ctx: ChatContext) -> None:
    """Someone else's account or payment: it reveals nothing."""
    await ctx.alert(ctx.t("not-found"))


async def _settling(_: object, payment: PaymentRecord) -> bool:
    """A filter after OwnPayment, which hands on `payment`."""
    return payment.status.may_still_go_through


def build_router() -> Router:
    """A fresh router per dispatcher (a router can belong to one parent only)."""
    router = Router(name=__name__)
    press = router.callback_query.register
    pay_saved = AccountCb.filter(F.action == AccountAction.PAY)
    reenter_saved = AccountCb.filter(F.action == AccountAction.REENTER)
    press(on_pay_saved, pay_saved, OwnSavedAccount(), flags=LEAVES_FLOW)
    press(on_reenter_saved, reenter_saved, OwnSavedAccount(), flags=LEAVES_FLOW)
    press(on_not_found, pay_saved, flags=ANSWERS_ITSELF)
    press(on_not_found, reenter_saved, flags=ANSWERS_ITSELF)
    again = {HistoryAction.PAY_AGAIN, HistoryAction.PAY_AGAIN_FROM_RECEIPT}
    pay_again = HistoryCb.filter(F.action.in_(again))
    reenter_paid = HistoryCb.filter(F.action == HistoryAction.REENTER)
    press(on_pay_again_while_settling, pay_again, OwnPayment(), _settling, flags=ANSWERS_ITSELF)
    press(on_pay_again, pay_again, OwnPayment(), flags=LEAVES_FLOW)
    press(on_reenter_paid, reenter_paid, OwnPayment(), flags=LEAVES_FLOW)
    press(on_not_found, pay_again, flags=ANSWERS_ITSELF)
    press(on_not_found, reenter_paid, flags=ANSWERS_ITSELF)
    return router
