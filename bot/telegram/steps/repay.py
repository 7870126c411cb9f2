"""Quick repay, from a saved account or from /history: straight to a fresh preview (balance and
debt now) with the account's answers, when they still fit the service's current form; or the
service's form from its first field ("re-enter"). The pressed message becomes the flow's live
screen. The conversation open before was left by the handler's flag."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.filters.callback_data import CallbackData

from bot.paylov.errors import PaylovFailure
from bot.payments.repay import (
    CatalogueUnavailable,
    FormChanged,
    NotPayableNow,
    Repayable,
    ServiceGone,
    check_repay,
)
from bot.telegram import views
from bot.telegram.context import ChatContext
from bot.telegram.draft import PayDraft
from bot.telegram.screens.accounts import dead_end
from bot.telegram.steps.payment import PaymentSteps


@dataclass(frozen=True)
class RepayTarget:
    """An account to pay again, and where each of the bot's buttons leads if it cannot."""

    service_id: str
    service_name: str
    account: dict[str, str]
    saved_account_id: int | None
    retry: CallbackData  # the same repay again (Paylov did not answer)
    reenter: CallbackData  # the service's form from its first field
    back: CallbackData  # the screen the repay was started from
    # The pressed message stays as it is (a receipt): the repay's screens come as new messages.
    keep_pressed: bool = False


async def start_quick_repay(ctx: ChatContext, target: RepayTarget) -> None:
    checked = await check_repay(ctx.services.catalogue, target.service_id, target.account)
    screen_id = None if target.keep_pressed else ctx.pressed_id
    match checked:
        case CatalogueUnavailable():
            retry = (ctx.t("btn-retry"), target.retry)
            text = ctx.t("paylov-unavailable")
            await ctx.show(dead_end(ctx.i18n, text, target.back, retry), replacing=screen_id)
        case ServiceGone():
            service = views.service(ctx.i18n, target.service_name)
            text = ctx.t("account-service-gone", service=service)
            await ctx.show(dead_end(ctx.i18n, text, target.back), replacing=screen_id)
        case NotPayableNow(fields=fields):
            text = ctx.t("pay-service-unavailable", service=views.service(ctx.i18n, fields.name))
            await ctx.show(dead_end(ctx.i18n, text, target.back), replacing=screen_id)
        case FormChanged(fields=fields):
            text = ctx.t("account-fields-changed", service=views.service(ctx.i18n, fields.name))
            reenter = (ctx.t("btn-reenter"), target.reenter)
            await ctx.show(dead_end(ctx.i18n, text, target.back, reenter), replacing=screen_id)
        case Repayable(service=service, fields=fields):
            draft = PayDraft(
                # The flow's "Back" from the first field returns to this category's services.
                category_id=service.category.id,
                service_id=service.service_id,
                service_name=fields.name,
                answers=dict(target.account),
                saved_account_id=target.saved_account_id,
                screen_id=screen_id,
            )
            await PaymentSteps(ctx).next_step(draft, fields)


async def start_reentry(ctx: ChatContext, service_id: str, back: CallbackData) -> None:
    """The normal flow for this service with empty answers."""
    problem = "pay-service-gone"
    try:
        service = await ctx.services.catalogue.service(service_id)
    except PaylovFailure:
        service, problem = None, "paylov-unavailable"
    if service is None:
        await ctx.show(dead_end(ctx.i18n, ctx.t(problem), back))
        return
    draft = PayDraft(
        category_id=service.category.id,
        service_id=service.service_id,
        service_name=service.name,
        screen_id=ctx.pressed_id,
    )
    await PaymentSteps(ctx).next_step(draft)
