"""A mobile top-up's phone field and amount: the customer's own number as a one-tap answer,
a number typed under the wrong operator told whose it is (with that operator one tap away),
and the last amount paid for the number beside the quick amounts. The rules are
bot/payments/operators.py's; this renders them into the payment flow's steps."""

from __future__ import annotations

from html import escape

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.paylov.models import ServiceField, ServiceFields
from bot.payments.amounts import AmountLimits
from bot.payments.form import LabelledValue
from bot.payments.operators import Operator, national_number, shown_number
from bot.telegram import keyboards as kb
from bot.telegram.callbacks import PayAction, PayCb
from bot.telegram.context import ChatContext
from bot.telegram.draft import PayDraft
from bot.telegram.screens import Screen
from bot.telegram.screens import payment as screens


def own_number(ctx: ChatContext) -> str | None:
    """The 9 digits of the phone the customer shared (for a card), if Uzbek."""
    return national_number(ctx.user.phone)


def text_field_screen(
    ctx: ChatContext,
    service: ServiceFields,
    answered: list[LabelledValue],
    field: ServiceField,
    *,
    switch_to: Operator | None = None,
) -> Screen:
    """The text field's screen; for a top-up's phone, "My number" (when one was shared) and,
    after a number of another operator, the button that takes it there."""
    screen = screens.text_field(ctx.i18n, service, answered, field)
    if not ctx.services.operators.is_phone_field(service.service_id, field.name):
        return screen
    rows: list[list[InlineKeyboardButton]] = []
    if switch_to is not None:
        label = ctx.t("mobile-btn-switch", operator=escape(switch_to.name))
        rows.append([kb.button(label, PayCb(action=PayAction.OPERATOR, arg=switch_to.service_id))])
    mine = own_number(ctx)
    if mine is not None:
        label = ctx.t("mobile-btn-my-number", number=shown_number(mine))
        rows.append([kb.button(label, PayCb(action=PayAction.MY_NUMBER))])
    if not rows:
        return screen
    old = screen.markup.inline_keyboard if screen.markup else []
    return Screen(screen.text, InlineKeyboardMarkup(inline_keyboard=[*rows, *old]))


def misplaced_screen(
    ctx: ChatContext,
    draft: PayDraft,
    service: ServiceFields,
    answered: list[LabelledValue],
    field: ServiceField,
    number: str,
) -> Screen | None:
    """The field again, saying whose the number is, when it is another operator's; the number
    waits in the draft for the button. None when the number is this operator's (or unknown)."""
    owner = ctx.services.operators.misplaced(service.service_id, number)
    if owner is None:
        return None
    draft.carried_number = number
    problem = "⚠️ " + ctx.t(
        "mobile-number-of-other", number=shown_number(number), operator=escape(owner.name)
    )
    return text_field_screen(ctx, service, answered, field, switch_to=owner).under(problem)


async def last_amount(
    ctx: ChatContext, service: ServiceFields, answers: dict[str, str], limits: AmountLimits
) -> int | None:
    """What this customer last paid for this number, when the service still allows it."""
    operators = ctx.services.operators
    if operators.of_service(service.service_id) is None or operators.phone_field not in answers:
        return None
    payments = ctx.services.repos.payments
    amount = await payments.last_paid_amount(ctx.user_id, service.service_id, answers)
    return amount if amount is not None and limits.allows(amount) else None
