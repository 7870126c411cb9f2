"""Paying what was chosen: amount → confirmation (card) → create → the SMS code → pay.

Handlers only translate between Telegram and `bot.payments`; every rule about money lives in
`PaymentFlow`, whose typed outcomes are drawn here. Once `pay` went out, what the customer is
told is the payment's notice from the outbox (the receipt, "still checking", "not paid"),
delivered until it arrives: never "try again".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from html import escape

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.state import State
from aiogram.types import Message

from bot.payments.amounts import AmountProblem, parse_amount
from bot.payments.codes import code_problem
from bot.payments.form import AccountForm
from bot.payments.payment_flow import (
    CODE_NOT_ENTERED,
    CREATE_CUT_OFF,
    AlreadyHandled,
    AwaitingCode,
    Checkout,
    CreateRefused,
    CreateUnavailable,
    Declined,
    NotFound,
    Paid,
    Pending,
    RecentlyPaid,
    Started,
    StillSettling,
    WrongCode,
)
from bot.payments.refusals import payment_refusal_key
from bot.storage.fsm import flush_conversation
from bot.storage.models import NoticeKind, PaymentStatus
from bot.storage.repositories import PaymentRecord
from bot.telegram import views
from bot.telegram.callbacks import PayAction, PayCb
from bot.telegram.cleanup import delete_quietly
from bot.telegram.context import ChatContext
from bot.telegram.draft import PayDraft, load_draft, save_draft
from bot.telegram.filters import NOT_TEXT, TEXT, LiveScreen
from bot.telegram.middlewares import Leaves
from bot.telegram.screens import menu
from bot.telegram.screens import payment as screens
from bot.telegram.states import AddCard, Pay
from bot.telegram.steps import card as card_steps
from bot.telegram.steps import mobile
from bot.telegram.steps.payment import PaymentSteps, limits_of

FLOW_STATES: tuple[State, ...] = (*Pay.__all_states__, *AddCard.__all_states__)

# --- the amount ---------------------------------------------------------------------------------


async def on_amount(message: Message, ctx: ChatContext) -> None:
    steps = PaymentSteps(ctx)
    draft = await load_draft(ctx.state)
    service = await steps.fields(draft)
    if service is None:
        return
    amount = parse_amount(message.text or "")
    if isinstance(amount, AmountProblem):
        await steps.amount(draft, service, problem=views.amount_refused(ctx.i18n, amount))
        return
    limits = limits_of(service)
    if not limits.allows(amount):
        problem = views.amount_out_of_range(ctx.i18n, limits)
        await steps.amount(draft, service, problem=problem)
        return
    draft.amount = amount
    await steps.confirm(draft)


async def on_amount_not_text(_: object, ctx: ChatContext) -> None:
    steps = PaymentSteps(ctx)
    draft = await load_draft(ctx.state)
    service = await steps.fields(draft)
    if service is not None:
        await steps.amount(draft, service, problem="⚠️ " + ctx.t("type-as-message"))


async def on_pay_owed(_: object, ctx: ChatContext, draft: PayDraft) -> None:
    """ "Pay 84 500 sum": what the preview's info said is owed, straight to the confirmation."""
    await _confirm_with(ctx, draft, draft.owed)


async def on_quick_amount(
    _: object, callback_data: PayCb, ctx: ChatContext, draft: PayDraft
) -> None:
    """A mobile top-up's quick amount: only one this service offers now, within its limits."""
    steps = PaymentSteps(ctx)
    service = await steps.fields(draft)
    if service is None:
        return
    limits = limits_of(service)
    offered = ctx.services.facts.quick_amounts_for(service, limits)
    last = await mobile.last_amount(ctx, service, draft.answers, limits)
    if last is not None:
        offered.append(last)
    if callback_data.number not in offered:
        await steps.amount(draft, service)
        return
    draft.amount = callback_data.number
    await steps.confirm(draft)


async def on_keep_amount(_: object, ctx: ChatContext, draft: PayDraft) -> None:
    """ "Continue with 30 000 sum": the amount given before coming back to this step."""
    await _confirm_with(ctx, draft, draft.amount)


async def _confirm_with(ctx: ChatContext, draft: PayDraft, amount: int | None) -> None:
    """Straight to the confirmation with `amount`, a value the draft holds (never the
    button's), when the service's limits take it; else the amount step again."""
    steps = PaymentSteps(ctx)
    service = await steps.fields(draft)
    if service is None:
        return
    if amount is None or not limits_of(service).allows(amount):
        await steps.amount(draft, service)
        return
    draft.amount = amount
    await steps.confirm(draft)


async def on_retry_amount(_: object, ctx: ChatContext, draft: PayDraft) -> None:
    await PaymentSteps(ctx).next_step(draft)


async def on_back_from_amount(_: object, ctx: ChatContext, draft: PayDraft) -> None:
    """Back from the amount (which is the preview, for services that have one): the last
    field asked again."""
    await PaymentSteps(ctx).back_to_previous_field(draft, from_options=False)


# --- the confirmation ---------------------------------------------------------------------------


async def on_choose_card(
    _: object, callback_data: PayCb, ctx: ChatContext, draft: PayDraft
) -> None:
    draft.card_row_id = callback_data.number
    await PaymentSteps(ctx).confirm(draft)


async def on_add_card(_: object, ctx: ChatContext, draft: PayDraft) -> None:
    draft.card_return = "confirm"
    await card_steps.begin(ctx, draft)


async def on_back_from_confirmation(_: object, ctx: ChatContext, draft: PayDraft) -> None:
    steps = PaymentSteps(ctx)
    service = await steps.fields(draft)
    if service is not None:
        await steps.amount(draft, service)


async def on_pay_twice(_: object, callback_data: PayCb, ctx: ChatContext, draft: PayDraft) -> None:
    draft.repeat_of = callback_data.number
    await _confirm(ctx, draft)


async def on_confirm(_: object, ctx: ChatContext, draft: PayDraft) -> None:
    if await ctx.state.get_state() == Pay.code.state:
        alert = await _under_way(ctx, draft)
        if alert is not None:
            await ctx.alert(ctx.t(alert))
            return
    await _confirm(ctx, draft)


async def _under_way(ctx: ChatContext, draft: PayDraft) -> str | None:
    """Confirm pressed while the flow already holds a payment (a restart cut its `create`
    off, say): the alert telling that payment's truth, or None when this Confirm may start a
    new one."""
    if draft.payment_id is None:
        return None
    payment = await ctx.services.payments.still_open(ctx.user_id, draft.payment_id)
    if payment is None:
        draft.payment_id = None  # it ended unpaid: nothing was charged
        return None
    return {
        PaymentStatus.NEW: "pay-starting",
        PaymentStatus.CREATED: "stale-button",  # the code screen is showing: a double tap
        PaymentStatus.PAID: "error-payment-paid",
    }.get(payment.status, "error-payment-checking")


async def _confirm(ctx: ChatContext, draft: PayDraft) -> None:
    await ctx.answer()  # before Paylov is asked, or Telegram calls the query too old
    steps = PaymentSteps(ctx)
    payments = ctx.services.payments
    service = await steps.fields(draft)
    card = (
        await ctx.services.repos.cards.get_for_user(draft.card_row_id, ctx.user_id)
        if draft.card_row_id
        else None
    )
    if service is None or card is None or draft.amount is None:
        await steps.confirm(draft)
        return
    checkout = Checkout(
        user_id=ctx.user_id,
        service_id=service.service_id,
        service_name=service.name,
        account=dict(draft.answers),
        account_label=AccountForm(service).account_label(draft.answers),
        amount=draft.amount,
        card_id=card.card_id,
        card_mask=card.masked_number,
        saved_account_id=draft.saved_account_id,
        repeat_of=draft.repeat_of,
    )
    started = await payments.start(checkout)
    match started:
        case StillSettling(earlier=earlier):
            amount = views.money(earlier.amount)
            await steps.confirm(draft, problem="⏳ " + ctx.t("pay-still-settling", amount=amount))
            return
        case RecentlyPaid(earlier=earlier):
            await ctx.state.set_state(Pay.confirm)
            await steps.show(draft, screens.repeat_warning(ctx.i18n, earlier))
            return
    assert isinstance(started, Started)
    # Where the customer is, saved before Paylov is asked: a crash during `create` leaves a
    # flow that knows its payment, and a second tap on Confirm finds it under way.
    draft.payment_id = started.payment.id
    await ctx.state.set_state(Pay.code)
    await save_draft(ctx.state, draft, durable=True)
    async with ctx.working():
        outcome = await payments.send_create(started.payment)
    match outcome:
        case AwaitingCode(payment=payment):
            await steps.show(draft, screens.code_prompt(ctx.i18n, payment))
        case CreateRefused(code=code, card_forgotten=forgotten):
            draft.payment_id = None
            if forgotten:
                problem = "⚠️ " + ctx.t("pay-card-gone", card=escape(checkout.card_mask))
            else:
                problem = _refusal(ctx, code)
            await steps.confirm(draft, problem=problem)
        case CreateUnavailable():
            draft.payment_id = None
            await ctx.state.set_state(Pay.confirm)
            await steps.show(draft, screens.create_unavailable(ctx.i18n))


def _refusal(ctx: ChatContext, code: str) -> str:
    return "⚠️ " + ctx.t(payment_refusal_key(code))


# --- the code -----------------------------------------------------------------------------------


async def on_back_from_code(_: object, ctx: ChatContext, draft: PayDraft) -> None:
    """Back to the confirmation: the payment waiting for its code is cancelled (no `pay`)."""
    if draft.payment_id is not None:
        await ctx.services.payments.cancel(ctx.user_id, draft.payment_id)
        draft.payment_id = None
    await PaymentSteps(ctx).confirm(draft)


async def on_payment_code(message: Message, ctx: ChatContext) -> None:
    await delete_quietly(message)
    steps = PaymentSteps(ctx)
    draft = await load_draft(ctx.state)
    if draft.payment_id is None:
        await steps.ended(draft, ctx.t("pay-no-payment"))
        return
    code = (message.text or "").strip()
    typed_wrong = code_problem(code)
    if typed_wrong is not None:  # never sent: it would only spend one of Paylov's attempts
        problem = "⚠️ " + screens.code_problem(ctx.i18n, typed_wrong)
        await _code_prompt_again(ctx, draft, problem)
        return
    async with ctx.working():
        outcome = await ctx.services.payments.pay(ctx.user_id, draft.payment_id, code)
    match outcome:
        case Paid(payment=payment):
            await _finish_with_notice(ctx, payment, NoticeKind.PAID, draft)
        case Pending(payment=payment):
            await _finish_with_notice(ctx, payment, NoticeKind.PENDING, draft)
        case Declined(payment=payment, by_status=True):
            await _finish_with_notice(ctx, payment, NoticeKind.FAILED, draft)
        case WrongCode(payment=payment):
            prompt = screens.code_prompt(ctx.i18n, payment).under("⚠️ " + ctx.t("code-wrong"))
            await steps.show(draft, prompt, in_place=True)
        case Declined(code=code_name, payment=payment) if outcome.new_code_may_do:
            # That payment is closed unpaid (Paylov refused `pay`, so it charged nothing); the
            # same checkout may start anew: a fresh `create` on "Send a new code", never `pay`.
            draft.payment_id = None
            await ctx.state.set_state(Pay.confirm)
            offer = screens.new_code_offer(ctx.i18n, _refusal(ctx, code_name), payment)
            await steps.show(draft, offer, in_place=True)
        case Declined(code=code_name) if outcome.another_card_may_do:
            # The account and amount stand: back to the confirmation to pick or add a card.
            draft.payment_id = None
            draft.card_declined, draft.card_row_id = draft.card_row_id, None
            problem = _refusal(ctx, code_name) + "\n" + ctx.t("pay-failed")
            await steps.confirm(draft, problem=problem)
        case Declined(code=code_name):
            text = _refusal(ctx, code_name) + "\n\n" + ctx.t("pay-failed")
            await steps.ended(draft, text)
        case AlreadyHandled(payment=payment) if payment.status.is_final:
            # Closed meanwhile (the code came too late, a restart cut `create` off): over.
            await steps.ended(draft, _closed_text(ctx, payment))
        case AlreadyHandled(payment=payment) if payment.status == PaymentStatus.NEW:
            await ctx.say(ctx.t("pay-starting"))
        case AlreadyHandled(payment=payment):
            status = views.status_label(ctx.i18n, payment.status)
            await ctx.say(ctx.t("pay-already-handled", status=status))
        case NotFound():
            await ctx.state.clear()


async def _finish_with_notice(
    ctx: ChatContext, payment: PaymentRecord, kind: NoticeKind, draft: PayDraft
) -> None:
    """The flow ends here; what the customer is told is the payment's notice from the outbox,
    sent now, and again later if Telegram does not take it now (never "try again")."""
    await ctx.state.clear()
    await flush_conversation(ctx.state)  # the flow is over, whatever happens to the message
    outbox = ctx.services.outbox
    await outbox.deliver_for(
        payment, kind, language=ctx.user.language, retire_screen=draft.screen_id
    )


def _closed_text(ctx: ChatContext, payment: PaymentRecord) -> str:
    if payment.error_code == CODE_NOT_ENTERED:
        return ctx.t("pay-code-too-late")
    if payment.error_code == CREATE_CUT_OFF:
        return ctx.t("pay-create-cut-off")
    return ctx.t("pay-already-finished", status=views.status_label(ctx.i18n, payment.status))


async def _code_prompt_again(ctx: ChatContext, draft: PayDraft, problem: str) -> None:
    """The code prompt edited in place with what was wrong (the customer's message is gone),
    while its payment still waits for the code; a plain notice otherwise."""
    payment = None
    if draft.payment_id is not None:
        payment = await ctx.services.repos.payments.get_for_user(draft.payment_id, ctx.user_id)
    if payment is None or payment.status != PaymentStatus.CREATED:
        await ctx.say(problem)
        return
    prompt = screens.code_prompt(ctx.i18n, payment).under(problem)
    await PaymentSteps(ctx).show(draft, prompt, in_place=True)


async def on_code_not_text(message: Message, ctx: ChatContext) -> None:
    """Not a typed code: the message goes first, as its caption may hold the code."""
    await delete_quietly(message)
    draft = await load_draft(ctx.state)
    await _code_prompt_again(ctx, draft, "⚠️ " + ctx.t("code-type-as-message"))


# --- any step -----------------------------------------------------------------------------------


async def on_cancel(_: object, ctx: ChatContext, draft: PayDraft) -> None:
    """Cancel on the live screen (the flag left the flow, and the payment waiting for its
    code): the flow's last screen says so; of a payment whose `pay` may have gone out (a
    restart cut its answer off), that it is being checked."""
    key = "error-payment-checking" if ctx.left_unsettled_payment else "flow-cancelled"
    await ctx.show(menu.ended(ctx.i18n, ctx.t(key)), replacing=draft.screen_id)


async def on_text_where_buttons_expected(_: object, ctx: ChatContext) -> None:
    await ctx.say(ctx.t("use-buttons"))


PressHandler = Callable[..., Awaitable[None]]


def build_router() -> Router:
    """A fresh router per dispatcher (a router can belong to one parent only)."""
    router = Router(name=__name__)

    def press(
        handler: PressHandler, action: PayAction, *steps: State, leaves: Leaves | None = None
    ) -> None:
        # Confirm may answer with an alert (the payment is under way); the rest are answered
        # before they run.
        flags: dict[str, object] = {"answers_itself": handler is on_confirm}
        if leaves is not None:
            flags["leaves"] = leaves
        router.callback_query.register(
            handler,
            PayCb.filter(F.action == action),
            StateFilter(*steps),
            LiveScreen(),
            flags=flags,
        )

    press(on_retry_amount, PayAction.RETRY, Pay.amount, Pay.code)
    press(on_back_from_amount, PayAction.BACK, Pay.amount)
    press(on_pay_owed, PayAction.PAY_OWED, Pay.amount)
    press(on_quick_amount, PayAction.QUICK_AMOUNT, Pay.amount)
    press(on_keep_amount, PayAction.KEEP_AMOUNT, Pay.amount)
    press(on_choose_card, PayAction.CARD, Pay.confirm)
    press(on_add_card, PayAction.ADD_CARD, Pay.confirm)
    press(on_pay_twice, PayAction.PAY_TWICE, Pay.confirm)
    # At the code step too: a restart during `create` leaves the Confirm screen live.
    press(on_confirm, PayAction.CONFIRM, Pay.confirm, Pay.code)
    press(on_confirm, PayAction.RETRY, Pay.confirm)
    press(on_back_from_confirmation, PayAction.BACK, Pay.confirm)
    press(on_back_from_code, PayAction.BACK, Pay.code)
    press(on_cancel, PayAction.CANCEL, *FLOW_STATES, leaves=Leaves.FLOW)
    # Back on the categories (the first step) leaves the flow like Cancel.
    press(on_cancel, PayAction.BACK, Pay.category, leaves=Leaves.FLOW)

    router.message.register(on_amount, StateFilter(Pay.amount), TEXT)
    router.message.register(on_amount_not_text, StateFilter(Pay.amount), NOT_TEXT)
    router.message.register(on_payment_code, StateFilter(Pay.code), TEXT)
    router.message.register(on_code_not_text, StateFilter(Pay.code), NOT_TEXT)
    router.message.register(on_text_where_buttons_expected, StateFilter(Pay.confirm))
    return router
