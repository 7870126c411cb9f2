"""Choosing what to pay: category → service → the service's fields → account preview (which
asks for the amount itself).

Each button is a handler of its own, registered for the steps it belongs to and only for a
press on the flow's live screen (LiveScreen, which hands on the `draft`); anything else is a
stale button for the fallback router. Paying what was chosen is routers/pay.py's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from html import escape

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.state import State
from aiogram.types import Message

from bot.payments.form import AccountForm
from bot.telegram import catalogue_texts
from bot.telegram.callbacks import MenuAction, MenuCb, PayAction, PayCb
from bot.telegram.context import ChatContext
from bot.telegram.draft import PayDraft, load_draft
from bot.telegram.filters import NOT_TEXT, TEXT, LiveScreen
from bot.telegram.middlewares import LEAVES_FLOW
from bot.telegram.states import Pay
from bot.telegram.steps import mobile
from bot.telegram.steps.payment import PaymentSteps

FIELD_STEPS = (Pay.select_field, Pay.text_field, Pay.preview)
PressHandler = Callable[..., Awaitable[None]]


async def start_payment(_: object, ctx: ChatContext) -> None:
    await PaymentSteps(ctx).categories(PayDraft())


# --- buttons of the live screen -----------------------------------------------------------------


async def on_category(_: object, callback_data: PayCb, ctx: ChatContext, draft: PayDraft) -> None:
    draft.category_id, draft.services_page, draft.service_id = callback_data.number, 0, None
    await PaymentSteps(ctx).services(draft)


async def on_services_page(
    _: object, callback_data: PayCb, ctx: ChatContext, draft: PayDraft
) -> None:
    draft.services_page = callback_data.number
    await PaymentSteps(ctx).services(draft)


async def on_service(_: object, callback_data: PayCb, ctx: ChatContext, draft: PayDraft) -> None:
    steps = PaymentSteps(ctx)
    service = await ctx.services.catalogue.service(callback_data.arg)
    if service is None:
        await steps.services(draft)
        return
    draft.service_id, draft.service_name = service.service_id, service.name
    # From a typed search's results the draft names no category: Back from the service's
    # first field then lists the service's own category.
    draft.category_id = service.category.id
    draft.answers, draft.options_page, draft.amount = {}, 0, None
    await steps.next_step(draft)


async def on_option(_: object, callback_data: PayCb, ctx: ChatContext, draft: PayDraft) -> None:
    steps = PaymentSteps(ctx)
    service = await steps.fields(draft)
    if service is None:
        return
    form = AccountForm(service)
    field = form.next_field(draft.answers)
    if field is not None and field.is_select:
        options = form.options(field, draft.answers)
        chosen = next((o for o in options if o.id == callback_data.arg), None)
        if chosen is not None:
            draft.answers[field.name] = chosen.value
            draft.options_page = 0
    await steps.next_step(draft, service)


async def on_options_page(
    _: object, callback_data: PayCb, ctx: ChatContext, draft: PayDraft
) -> None:
    draft.options_page = callback_data.number
    await PaymentSteps(ctx).next_step(draft)


async def on_reenter(_: object, ctx: ChatContext, draft: PayDraft) -> None:
    """Start the account over: drop the typed fields (selects like region usually stay right)."""
    steps = PaymentSteps(ctx)
    service = await steps.fields(draft)
    if service is None:
        return
    draft.answers = AccountForm(service).answers_for_reentry(draft.answers)
    draft.amount = None  # given for the account being typed again
    await steps.next_step(draft, service)


async def on_continue(_: object, ctx: ChatContext, draft: PayDraft) -> None:
    steps = PaymentSteps(ctx)
    service = await steps.fields(draft)
    if service is not None:
        await steps.amount(draft, service)


async def on_retry_categories(_: object, ctx: ChatContext, draft: PayDraft) -> None:
    await PaymentSteps(ctx).categories(draft)


async def on_retry_services(_: object, ctx: ChatContext, draft: PayDraft) -> None:
    steps = PaymentSteps(ctx)
    if draft.service_id is None:
        await steps.services(draft)
    else:  # a service that could not be paid: ask again
        await steps.next_step(draft)


async def on_retry_field(_: object, ctx: ChatContext, draft: PayDraft) -> None:
    await PaymentSteps(ctx).next_step(draft)


async def on_back_from_services(_: object, ctx: ChatContext, draft: PayDraft) -> None:
    steps = PaymentSteps(ctx)
    if draft.service_id is not None and draft.category_id is not None:
        # From a service that cannot be paid (or is gone): back to its category's list.
        draft.service_id = None
        await steps.services(draft)
    else:
        await steps.categories(draft)


async def on_back_from_field(_: object, ctx: ChatContext, draft: PayDraft) -> None:
    from_options = await ctx.state.get_state() == Pay.select_field.state
    await PaymentSteps(ctx).back_to_previous_field(draft, from_options=from_options)


# --- typed answers ------------------------------------------------------------------------------


async def on_account_typed_again(message: Message, ctx: ChatContext) -> None:
    """Typed on the preview's problem ("account not found"): the account typed again, as
    "Re-enter account" would ask it (the selects kept), answered by this message."""
    steps = PaymentSteps(ctx)
    draft = await load_draft(ctx.state)
    service = await steps.fields(draft)
    if service is None:
        return
    draft.answers = AccountForm(service).answers_for_reentry(draft.answers)
    await on_field_text(message, ctx, draft)


async def on_field_text(message: Message, ctx: ChatContext, draft: PayDraft | None = None) -> None:
    steps = PaymentSteps(ctx)
    draft = draft or await load_draft(ctx.state)
    service = await steps.fields(draft)
    if service is None:
        return
    form = AccountForm(service)
    field = form.next_field(draft.answers)
    if field is None or field.is_select:
        await steps.next_step(draft, service)
        return
    value = form.normalize_text(field, message.text or "")
    # A number of another operator: said whose it is, with that operator one tap away.
    answered = form.labelled(draft.answers)
    misplaced = mobile.misplaced_screen(ctx, draft, service, answered, field, value)
    if misplaced is not None:
        await steps.show(draft, misplaced, in_place=True)
        return
    problem = form.check_text(field, value)
    if problem is not None:
        text = ctx.t(
            f"field-problem-{problem.value.replace('_', '-')}",
            field=escape(catalogue_texts.field_title(ctx.i18n, field)),
            length=form.max_length(field),
        )
        await steps.next_step(draft, service, problem=f"⚠️ {text}")
        return
    draft.answers[field.name] = value
    await steps.next_step(draft, service)


async def on_field_not_text(_: object, ctx: ChatContext) -> None:
    """A photo, sticker, file, voice, contact or location where a typed answer is expected:
    the same question again, the flow unchanged."""
    steps = PaymentSteps(ctx)
    draft = await load_draft(ctx.state)
    service = await steps.fields(draft)
    if service is None:
        return
    await ctx.say("⚠️ " + ctx.t("type-as-message"))
    await steps.next_step(draft, service)


async def on_text_where_buttons_expected(_: object, ctx: ChatContext) -> None:
    await ctx.say(ctx.t("use-buttons"))


def build_router() -> Router:
    """A fresh router per dispatcher (a router can belong to one parent only)."""
    router = Router(name=__name__)
    router.message.register(start_payment, Command("pay"), flags=LEAVES_FLOW)
    menu_entry = MenuCb.filter(F.action == MenuAction.PAY)
    router.callback_query.register(start_payment, menu_entry, flags=LEAVES_FLOW)

    def press(handler: PressHandler, action: PayAction, *steps: State) -> None:
        # Answered first: the next step may ask Paylov.
        router.callback_query.register(
            handler,
            PayCb.filter(F.action == action),
            StateFilter(*steps),
            LiveScreen(),
        )

    press(on_category, PayAction.CATEGORY, Pay.category)
    press(on_services_page, PayAction.SERVICES_PAGE, Pay.service)
    press(on_service, PayAction.SERVICE, Pay.service)
    press(on_option, PayAction.OPTION, Pay.select_field)
    press(on_options_page, PayAction.OPTIONS_PAGE, Pay.select_field)
    # The amount step is the preview now; Re-enter stays on it.
    press(on_reenter, PayAction.REENTER, Pay.preview, Pay.amount)
    # A "Continue" on a preview shown before the amount moved onto it (a kept conversation).
    press(on_continue, PayAction.CONTINUE, Pay.preview)
    press(on_retry_categories, PayAction.RETRY, Pay.category)
    press(on_retry_services, PayAction.RETRY, Pay.service)
    press(on_retry_field, PayAction.RETRY, *FIELD_STEPS)
    press(on_back_from_services, PayAction.BACK, Pay.service)
    press(on_back_from_field, PayAction.BACK, *FIELD_STEPS)

    router.message.register(on_field_text, StateFilter(Pay.text_field), TEXT)
    router.message.register(on_field_not_text, StateFilter(Pay.text_field), NOT_TEXT)
    router.message.register(on_account_typed_again, StateFilter(Pay.preview), TEXT)
    router.message.register(
        on_text_where_buttons_expected,
        StateFilter(Pay.category, Pay.service, Pay.select_field, Pay.preview),
    )
    return router
