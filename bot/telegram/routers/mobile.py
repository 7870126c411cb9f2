"""A mobile top-up's phone field buttons: "My number" and "Top up <operator>" (the number
typed under the wrong operator, taken to its own). The rules are bot/payments/operators.py's."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter

from bot.payments.form import AccountForm
from bot.telegram.callbacks import PayAction, PayCb
from bot.telegram.context import ChatContext
from bot.telegram.draft import PayDraft
from bot.telegram.filters import LiveScreen
from bot.telegram.states import Pay
from bot.telegram.steps import mobile
from bot.telegram.steps.payment import PaymentSteps


async def on_my_number(_: object, ctx: ChatContext, draft: PayDraft) -> None:
    """The shared phone as the answer, checked as a typed one would be."""
    steps = PaymentSteps(ctx)
    service = await steps.fields(draft)
    number = mobile.own_number(ctx)
    if service is None:
        return
    form = AccountForm(service)
    field = form.next_field(draft.answers)
    operators = ctx.services.operators
    if (
        number is None
        or field is None
        or not operators.is_phone_field(service.service_id, field.name)
    ):
        await steps.next_step(draft, service)
        return
    misplaced = mobile.misplaced_screen(
        ctx, draft, service, form.labelled(draft.answers), field, number
    )
    if misplaced is not None:
        await steps.show(draft, misplaced)
        return
    if form.check_text(field, number) is None:
        draft.answers[field.name] = number
    await steps.next_step(draft, service)


async def on_operator(_: object, callback_data: PayCb, ctx: ChatContext, draft: PayDraft) -> None:
    """The carried number's own operator: its top-up with the number answered. What is paid
    comes from the draft's number and the data, never from the button alone."""
    steps = PaymentSteps(ctx)
    operators = ctx.services.operators
    number = draft.carried_number
    owner = operators.of_number(number) if number else None
    service = await ctx.services.catalogue.service(owner.service_id) if owner else None
    if number is None or owner is None or owner.service_id != callback_data.arg or service is None:
        await steps.next_step(draft)
        return
    draft.service_id, draft.service_name = service.service_id, service.name
    draft.category_id = service.category.id
    draft.answers, draft.options_page, draft.amount = {}, 0, None
    draft.carried_number = None
    fields = await steps.fields(draft)
    if fields is None:
        return
    form = AccountForm(fields)
    field = form.next_field(draft.answers)
    if (
        field is not None
        and operators.is_phone_field(fields.service_id, field.name)
        and form.check_text(field, number) is None
    ):
        draft.answers[field.name] = number
    await steps.next_step(draft, fields)


def build_router() -> Router:
    """A fresh router per dispatcher (a router can belong to one parent only)."""
    router = Router(name=__name__)
    for handler, action in ((on_my_number, PayAction.MY_NUMBER), (on_operator, PayAction.OPERATOR)):
        router.callback_query.register(
            handler, PayCb.filter(F.action == action), StateFilter(Pay.text_field), LiveScreen()
        )
    return router
