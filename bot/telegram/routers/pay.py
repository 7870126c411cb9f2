"""The payment conversation: category → service → fields → preview → amount → confirm → code.

Handlers only translate between Telegram and `bot.payments`; every rule about money lives there.
Message text is HTML and escapes what came from outside; button labels are shown literally by
Telegram, so they are never escaped.
"""

from __future__ import annotations

from html import escape

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.chat_action import ChatActionSender
from aiogram_i18n import I18nContext

from bot.paylov.errors import PaylovError, PaylovUnavailable
from bot.paylov.models import ServiceFields
from bot.payments.amounts import AmountLimits, AmountProblem, parse_amount
from bot.payments.cards import looks_like_code
from bot.payments.catalogue import CatalogueCache
from bot.payments.form import AccountForm
from bot.payments.history import local_time
from bot.payments.paging import paginate
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
    PaymentFlow,
    Pending,
    RecentlyPaid,
    Started,
    StillSettling,
    WrongCode,
)
from bot.storage.models import NoticeKind, PaymentStatus
from bot.storage.repositories import PaymentRecord, Repositories
from bot.telegram import keyboards as kb
from bot.telegram import views
from bot.telegram.callbacks import MenuCb, PayCb
from bot.telegram.draft import PayDraft, load_draft, save_draft
from bot.telegram.outbox import Outbox
from bot.telegram.routers.addcard import begin_add_card, forget_binding
from bot.telegram.screens import delete_quietly, pressed_on, show
from bot.telegram.states import AddCard, Pay

PAGE_SIZE = 8
OPTIONS_PAGE_SIZE = 10
FLOW_STATES = StateFilter(Pay, AddCard)


class PayScreens:
    """Draws the flow's screens and moves the FSM; one per update."""

    def __init__(
        self,
        bot: Bot,
        chat_id: int,
        state: FSMContext,
        i18n: I18nContext,
        catalogue: CatalogueCache,
        repos: Repositories,
        *,
        edit: bool,
    ) -> None:
        self.bot, self.chat_id, self.state, self.i18n = bot, chat_id, state, i18n
        self.catalogue, self.repos, self.edit = catalogue, repos, edit

    async def _show(self, draft: PayDraft, text: str, markup: InlineKeyboardMarkup | None) -> None:
        draft.screen_id = await show(
            self.bot, self.chat_id, text, markup, screen_id=draft.screen_id, edit=self.edit
        )
        await save_draft(self.state, draft)

    async def unavailable(self, draft: PayDraft, *, retry: str = "retry") -> None:
        """Paylov did not answer: say so, keep the state, offer the same step again."""
        markup = kb.choice_list(
            [(self.i18n.get("btn-retry"), PayCb(action=retry))],
            extra_rows=[kb.back_cancel_row(self.i18n)],
        )
        await self._show(draft, self.i18n.get("paylov-unavailable"), markup)

    async def categories(self, draft: PayDraft) -> None:
        await self.state.set_state(Pay.category)
        try:
            categories = await self.catalogue.categories()
        except (PaylovUnavailable, PaylovError):
            await self.unavailable(draft)
            return
        choices = [(c.name, PayCb(action="cat", arg=str(c.id))) for c in categories]
        markup = kb.choice_list(
            choices, extra_rows=[kb.back_cancel_row(self.i18n, back=False)], columns=2
        )
        await self._show(draft, self.i18n.get("pay-choose-category"), markup)

    async def services(self, draft: PayDraft) -> None:
        await self.state.set_state(Pay.service)
        assert draft.category_id is not None
        try:
            category = await self.catalogue.category(draft.category_id)
            services = await self.catalogue.services_in(draft.category_id)
        except (PaylovUnavailable, PaylovError):
            await self.unavailable(draft)
            return
        if category is None or not services:
            await self.categories(draft)
            return
        page = paginate(services, draft.services_page, PAGE_SIZE)
        draft.services_page = page.page
        choices = [(s.name, PayCb(action="svc", arg=s.service_id)) for s in page.items]
        pager = kb.pager_row(self.i18n, page=page.page, pages=page.pages, action="svcpage")
        markup = kb.choice_list(choices, extra_rows=[pager, kb.back_cancel_row(self.i18n)])
        text = self.i18n.get(
            "pay-choose-service",
            category=escape(category.name),
            page=page.page + 1,
            pages=page.pages,
        )
        await self._show(draft, text, markup)

    async def fields(self, draft: PayDraft) -> ServiceFields | None:
        assert draft.service_id is not None
        try:
            return await self.catalogue.fields(draft.service_id)
        except PaylovError:
            await self._show(draft, self.i18n.get("pay-service-gone"), self._only_back())
        except PaylovUnavailable:
            await self.unavailable(draft)
        return None

    def _only_back(self) -> InlineKeyboardMarkup:
        return kb.choice_list([], extra_rows=[kb.back_cancel_row(self.i18n)])

    async def next_step(self, draft: PayDraft, flow_fields: ServiceFields | None = None) -> None:
        """Ask the next unanswered field, or go on to the preview/amount when all are answered."""
        service = flow_fields or await self.fields(draft)
        if service is None:
            return
        if not service.payment_available:
            await self.state.set_state(Pay.service)
            text = self.i18n.get("pay-service-unavailable", service=escape(service.name))
            await self._show(draft, text, self._only_back())
            return
        form = AccountForm(service)
        field = form.next_field(draft.answers)
        if field is None:
            await self.preview(draft, service)
            return
        header = self.i18n.get("pay-service-header", service=escape(service.name))
        answered = views.rows(form.labelled(draft.answers))
        if field.is_select:
            await self.state.set_state(Pay.select_field)
            options = form.options(field, draft.answers)
            page = paginate(options, draft.options_page, OPTIONS_PAGE_SIZE)
            draft.options_page = page.page
            choices = [(o.title, PayCb(action="opt", arg=o.id)) for o in page.items]
            pager = kb.pager_row(self.i18n, page=page.page, pages=page.pages, action="optpage")
            markup = kb.choice_list(choices, extra_rows=[pager, kb.back_cancel_row(self.i18n)])
            ask = self.i18n.get("pay-choose-value", field=escape(field.title))
        else:
            await self.state.set_state(Pay.text_field)
            markup = self._only_back()
            ask = self.i18n.get("pay-enter-value", field=escape(field.title))
            if field.content == "number":
                ask += "\n" + self.i18n.get("pay-hint-digits")
            if field.length:
                ask += "\n" + self.i18n.get("pay-hint-length", length=field.length)
        text = "\n\n".join(part for part in (header, answered, ask) if part)
        await self._show(draft, text, markup)

    async def preview(self, draft: PayDraft, service: ServiceFields) -> None:
        if not service.has_info_method:
            await self.amount(draft, service)
            return
        await self.state.set_state(Pay.preview)
        form = AccountForm(service)
        try:
            async with ChatActionSender.typing(bot=self.bot, chat_id=self.chat_id):
                info = await self.catalogue.info(service.service_id, draft.answers)
        except PaylovError as error:
            if error.code in {"account_not_found", "invalid_account"}:
                markup = kb.choice_list(
                    [(self.i18n.get("btn-reenter"), PayCb(action="reenter"))],
                    extra_rows=[kb.back_cancel_row(self.i18n)],
                )
                await self._show(draft, self.i18n.get("pay-account-not-found"), markup)
            else:
                await self._show(draft, self.i18n.get("paylov-error"), self._only_back())
            return
        except PaylovUnavailable:
            await self.unavailable(draft)
            return
        text = "\n\n".join(
            [
                self.i18n.get("pay-service-header", service=escape(service.name)),
                self.i18n.get("pay-preview-title"),
                views.rows(form.describe_info(info)) or self.i18n.get("pay-preview-empty"),
            ]
        )
        markup = kb.choice_list(
            [
                (self.i18n.get("btn-continue"), PayCb(action="continue")),
                (self.i18n.get("btn-reenter"), PayCb(action="reenter")),
            ],
            extra_rows=[kb.back_cancel_row(self.i18n)],
        )
        await self._show(draft, text, markup)

    async def amount(self, draft: PayDraft, service: ServiceFields, problem: str = "") -> None:
        await self.state.set_state(Pay.amount)
        bounds = views.amount_bounds(self.i18n, _limits(service))
        text = "\n\n".join(
            part
            for part in (
                problem,
                self.i18n.get("pay-service-header", service=escape(service.name)),
                self.i18n.get("pay-enter-amount"),
                bounds,
            )
            if part
        )
        await self._show(draft, text, self._only_back())

    async def confirm(self, draft: PayDraft, problem: str = "") -> None:
        service = await self.fields(draft)
        if service is None:
            return
        user_id = self.chat_id
        cards = await self.repos.cards.list_for_user(user_id)
        if not cards:
            if problem:  # the add-card screens have no room for it
                await self.bot.send_message(self.chat_id, problem)
            await begin_add_card(self.bot, self.chat_id, self.state, self.i18n, self.repos, draft)
            return
        if draft.card_row_id not in {card.id for card in cards}:
            draft.card_row_id = cards[0].id
        await self.state.set_state(Pay.confirm)
        card = next(card for card in cards if card.id == draft.card_row_id)
        form = AccountForm(service)
        text = self.i18n.get(
            "pay-confirm",
            service=escape(service.name),
            account=views.rows(form.labelled(draft.answers)),
            amount=views.money(draft.amount or 0),
            card=escape(card.masked_number),
        )
        if problem:
            text = f"{problem}\n\n{text}"
        choices = []
        if len(cards) > 1:
            for other in cards:
                mark = "✅ " if other.id == card.id else ""
                label = f"{mark}{other.masked_number}"
                choices.append((label, PayCb(action="card", arg=str(other.id))))
        choices.append((self.i18n.get("btn-add-card"), PayCb(action="addcard")))
        choices.append((self.i18n.get("btn-confirm"), PayCb(action="confirm")))
        markup = kb.choice_list(choices, extra_rows=[kb.back_cancel_row(self.i18n)])
        await self._show(draft, text, markup)


async def resume_confirmation(
    bot: Bot,
    chat_id: int,
    state: FSMContext,
    i18n: I18nContext,
    catalogue: CatalogueCache,
    repos: Repositories,
    draft: PayDraft,
) -> None:
    """Back to the confirmation screen after a card was added."""
    screens = PayScreens(bot, chat_id, state, i18n, catalogue, repos, edit=False)
    await screens.confirm(draft)


def _limits(service: ServiceFields) -> AmountLimits:
    return AmountLimits.of(service.amount.min, service.amount.max)


def _screens(
    event: Message | CallbackQuery,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    catalogue: CatalogueCache,
    repos: Repositories,
) -> PayScreens:
    edit = isinstance(event, CallbackQuery)
    chat_id = event.from_user.id if event.from_user else 0
    return PayScreens(bot, chat_id, state, i18n, catalogue, repos, edit=edit)


async def abandon_flow(state: FSMContext, payments: PaymentFlow, user_id: int) -> None:
    """Leave whatever flow was open; a payment still waiting for its code is cancelled."""
    draft = await load_draft(state)
    if draft.payment_id is not None and await state.get_state() == Pay.code.state:
        await payments.cancel(user_id, draft.payment_id)
    await state.clear()


# --- entry ------------------------------------------------------------------------------------


async def start_payment(
    event: Message | CallbackQuery,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    catalogue: CatalogueCache,
    repos: Repositories,
    payments: PaymentFlow,
) -> None:
    if isinstance(event, CallbackQuery):
        await event.answer()
    user_id = event.from_user.id if event.from_user else 0
    await abandon_flow(state, payments, user_id)
    screens = _screens(event, bot, state, i18n, catalogue, repos)
    screens.edit = False
    await screens.categories(PayDraft())


# --- buttons of the live screen -----------------------------------------------------------------


async def on_flow_button(
    callback: CallbackQuery,
    callback_data: PayCb,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    catalogue: CatalogueCache,
    repos: Repositories,
    payments: PaymentFlow,
) -> None:
    draft = await load_draft(state)
    if not pressed_on(callback, draft.screen_id):
        await callback.answer(i18n.get("stale-button"), show_alert=True)
        return
    current = await state.get_state()
    handler = _ACTIONS.get(callback_data.action)
    if handler is None or not _action_allowed(callback_data.action, current):
        await callback.answer(i18n.get("stale-button"), show_alert=True)
        return
    if current == Pay.code.state and callback_data.action == "confirm":
        alert = await _under_way(payments, draft, callback.from_user.id)
        if alert is not None:
            await callback.answer(i18n.get(alert), show_alert=True)
            return
    await callback.answer()
    screens = _screens(callback, bot, state, i18n, catalogue, repos)
    await handler(screens, draft, callback_data.arg, payments)


async def _category(screens: PayScreens, draft: PayDraft, arg: str, _: PaymentFlow) -> None:
    draft.category_id, draft.services_page, draft.service_id = PayCb.number(arg), 0, None
    await screens.services(draft)


async def _services_page(screens: PayScreens, draft: PayDraft, arg: str, _: PaymentFlow) -> None:
    draft.services_page = PayCb.number(arg)
    await screens.services(draft)


async def _service(screens: PayScreens, draft: PayDraft, arg: str, _: PaymentFlow) -> None:
    service = await screens.catalogue.service(arg)
    if service is None:
        await screens.services(draft)
        return
    draft.service_id, draft.service_name = service.service_id, service.name
    draft.answers, draft.options_page, draft.amount = {}, 0, None
    await screens.next_step(draft)


async def _option(screens: PayScreens, draft: PayDraft, arg: str, _: PaymentFlow) -> None:
    service = await screens.fields(draft)
    if service is None:
        return
    form = AccountForm(service)
    field = form.next_field(draft.answers)
    if field is None or not field.is_select:
        await screens.next_step(draft, service)
        return
    chosen = next((o for o in form.options(field, draft.answers) if o.id == arg), None)
    if chosen is not None:
        draft.answers[field.name] = chosen.value
        draft.options_page = 0
    await screens.next_step(draft, service)


async def _options_page(screens: PayScreens, draft: PayDraft, arg: str, _: PaymentFlow) -> None:
    draft.options_page = PayCb.number(arg)
    await screens.next_step(draft)


async def _reenter(screens: PayScreens, draft: PayDraft, _: str, __: PaymentFlow) -> None:
    """Start the account over: drop the typed fields (selects like region usually stay right)."""
    service = await screens.fields(draft)
    if service is None:
        return
    draft.answers = {
        f.name: draft.answers[f.name]
        for f in service.fields
        if f.is_select and f.name in draft.answers
    }
    if len(draft.answers) == len(service.fields):
        draft.answers = {}
    await screens.next_step(draft, service)


async def _continue(screens: PayScreens, draft: PayDraft, _: str, __: PaymentFlow) -> None:
    service = await screens.fields(draft)
    if service is not None:
        await screens.amount(draft, service)


async def _retry(screens: PayScreens, draft: PayDraft, _: str, payments: PaymentFlow) -> None:
    current = await screens.state.get_state()
    if current == Pay.category.state:
        await screens.categories(draft)
    elif current == Pay.service.state and draft.service_id is None:
        await screens.services(draft)
    elif current == Pay.confirm.state:
        await _confirm(screens, draft, "", payments)
    else:
        await screens.next_step(draft)


async def _choose_card(screens: PayScreens, draft: PayDraft, arg: str, _: PaymentFlow) -> None:
    draft.card_row_id = PayCb.number(arg)
    await screens.confirm(draft)


async def _add_card(screens: PayScreens, draft: PayDraft, _: str, __: PaymentFlow) -> None:
    draft.card_return = "confirm"
    await begin_add_card(
        screens.bot, screens.chat_id, screens.state, screens.i18n, screens.repos, draft
    )


async def _confirm(screens: PayScreens, draft: PayDraft, _: str, payments: PaymentFlow) -> None:
    service = await screens.fields(draft)
    card = (
        await screens.repos.cards.get_for_user(draft.card_row_id, screens.chat_id)
        if draft.card_row_id
        else None
    )
    if service is None or card is None or draft.amount is None:
        await screens.confirm(draft)
        return
    form = AccountForm(service)
    checkout = Checkout(
        user_id=screens.chat_id,
        service_id=service.service_id,
        service_name=service.name,
        account=dict(draft.answers),
        account_label=form.account_label(draft.answers),
        amount=draft.amount,
        card_id=card.card_id,
        card_mask=card.masked_number,
        saved_account_id=draft.saved_account_id,
        repeat_of=draft.repeat_of,
    )
    i18n = screens.i18n
    started = await payments.start(checkout)
    match started:
        case StillSettling(earlier=earlier):
            problem = "⏳ " + i18n.get("pay-still-settling", amount=views.money(earlier.amount))
            await screens.confirm(draft, problem=problem)
            return
        case RecentlyPaid(earlier=earlier):
            await _ask_to_pay_again(screens, draft, earlier)
            return
    assert isinstance(started, Started)
    # Where the customer is, saved before Paylov is asked: a crash during `create` leaves a
    # flow that knows its payment, and a second tap on Confirm finds it under way.
    draft.payment_id = started.payment.id
    await screens.state.set_state(Pay.code)
    await save_draft(screens.state, draft)
    async with ChatActionSender.typing(bot=screens.bot, chat_id=screens.chat_id):
        outcome = await payments.send_create(started.payment)
    match outcome:
        case AwaitingCode(payment=payment):
            text = views.code_sent(i18n, payment.otp_phone)
            await screens._show(draft, text, screens._only_back())
        case CreateRefused(code=code, card_forgotten=forgotten):
            draft.payment_id = None
            if forgotten:
                problem = "⚠️ " + i18n.get("pay-card-gone", card=escape(checkout.card_mask))
            else:
                problem = _refusal(i18n, code)
            await screens.confirm(draft, problem=problem)
        case CreateUnavailable():
            draft.payment_id = None
            await screens.state.set_state(Pay.confirm)
            markup = kb.choice_list(
                [(i18n.get("btn-retry"), PayCb(action="confirm"))],
                extra_rows=[kb.back_cancel_row(i18n)],
            )
            await screens._show(draft, i18n.get("pay-create-unavailable"), markup)


async def _under_way(payments: PaymentFlow, draft: PayDraft, user_id: int) -> str | None:
    """Confirm pressed while the flow already holds a payment (a restart cut its `create`
    off, say): the alert telling that payment's truth, or None when this Confirm may start a
    new one."""
    if draft.payment_id is None:
        return None
    payment = await payments.still_open(user_id, draft.payment_id)
    if payment is None:
        draft.payment_id = None  # it ended unpaid: nothing was charged
        return None
    return {
        PaymentStatus.NEW: "pay-starting",
        PaymentStatus.CREATED: "stale-button",  # the code screen is showing: a double tap
        PaymentStatus.PAID: "error-payment-paid",
    }.get(payment.status, "error-payment-checking")


async def _ask_to_pay_again(screens: PayScreens, draft: PayDraft, earlier: PaymentRecord) -> None:
    """The same account was paid a short while ago: show that payment and pay again only on
    an explicit second confirmation."""
    i18n = screens.i18n
    await screens.state.set_state(Pay.confirm)
    text = i18n.get(
        "pay-repeat-warning",
        amount=views.money(earlier.amount),
        paid_at=local_time(earlier.updated_at),
        reference=escape(earlier.payment_ref or earlier.transaction_id or "—"),
    )
    markup = kb.choice_list(
        [(i18n.get("btn-pay-twice"), PayCb(action="repeat", arg=str(earlier.id)))],
        extra_rows=[kb.back_cancel_row(i18n)],
    )
    await screens._show(draft, text, markup)


async def _repeat(screens: PayScreens, draft: PayDraft, arg: str, payments: PaymentFlow) -> None:
    draft.repeat_of = PayCb.number(arg)
    await _confirm(screens, draft, "", payments)


def _refusal(i18n: I18nContext, code: str) -> str:
    key = f"paylov-code-{code.replace('_', '-')}"
    text = i18n.get(key) if key in _KNOWN_CODES else i18n.get("paylov-error")
    return f"⚠️ {text}"


_KNOWN_CODES = {
    f"paylov-code-{code}"
    for code in (
        "invalid-amount",
        "insufficient-funds",
        "card-not-found",
        "card-expired",
        "card-is-blocked-in-processing-center",
        "service-not-available",
        "too-many-attempts",
        "otp-expired",
        "transaction-not-available-for-payment",
        "transaction-already-payed",
        "account-not-found",
        "invalid-account",
        "phone-not-match",
        "daily-limit-used-for-this-card",
        "cancelled",
        "expired",
    )
}


async def _back(screens: PayScreens, draft: PayDraft, _: str, payments: PaymentFlow) -> None:
    current = await screens.state.get_state()
    if current == Pay.category.state:
        await _cancel(screens, draft, "", payments)
    elif current == Pay.service.state:
        if draft.service_id is not None and draft.category_id is not None:
            # From a service that cannot be paid (or is gone): back to its category's list.
            draft.service_id = None
            await screens.services(draft)
        else:
            await screens.categories(draft)
    elif current in {Pay.select_field.state, Pay.text_field.state, Pay.preview.state}:
        await _back_to_previous_field(screens, draft, current)
    elif current == Pay.amount.state:
        service = await screens.fields(draft)
        if service is None:
            return
        if service.has_info_method:
            await screens.preview(draft, service)
        else:
            await _back_to_previous_field(screens, draft, current)
    elif current == Pay.confirm.state:
        service = await screens.fields(draft)
        if service is not None:
            await screens.amount(draft, service)
    elif current == Pay.code.state:
        if draft.payment_id is not None:
            await payments.cancel(screens.chat_id, draft.payment_id)
            draft.payment_id = None
        await screens.confirm(draft)
    else:  # adding a card
        await _leave_add_card(screens, draft)


async def _back_to_previous_field(
    screens: PayScreens, draft: PayDraft, current: str | None
) -> None:
    service = await screens.fields(draft)
    if service is None:
        return
    form = AccountForm(service)
    if current == Pay.select_field.state and draft.options_page > 0:
        draft.options_page = 0
    previous = form.previous_field(draft.answers)
    if previous is None:
        draft.service_id = None
        await screens.services(draft)
        return
    draft.answers = form.answers_without(draft.answers, previous.name)
    await screens.next_step(draft, service)


async def _leave_add_card(screens: PayScreens, draft: PayDraft) -> None:
    forget_binding(draft)
    if draft.card_return == "confirm" and draft.amount is not None:
        await screens.bot.send_message(
            screens.chat_id, screens.i18n.get("card-add-left"), reply_markup=kb.remove_reply()
        )
        cards = await screens.repos.cards.list_for_user(screens.chat_id)
        if cards:
            await screens.confirm(draft)
            return
        service = await screens.fields(draft)
        if service is not None:
            await screens.amount(draft, service)
        return
    await _cancel(screens, draft, "", None)


async def _cancel(
    screens: PayScreens, draft: PayDraft, _: str, payments: PaymentFlow | None
) -> None:
    if payments is not None:
        await abandon_flow(screens.state, payments, screens.chat_id)
    else:
        await screens.state.clear()
    await show(
        screens.bot,
        screens.chat_id,
        screens.i18n.get("flow-cancelled"),
        kb.main_menu(screens.i18n),
        screen_id=draft.screen_id,
        edit=screens.edit,
    )


_ACTIONS = {
    "cat": _category,
    "svcpage": _services_page,
    "svc": _service,
    "opt": _option,
    "optpage": _options_page,
    "reenter": _reenter,
    "continue": _continue,
    "retry": _retry,
    "card": _choose_card,
    "addcard": _add_card,
    "confirm": _confirm,
    "repeat": _repeat,
    "back": _back,
    "cancel": _cancel,
}

# Which states each action belongs to; a press in any other state is a stale button.
_ACTION_STATES = {
    "cat": {Pay.category},
    "svcpage": {Pay.service},
    "svc": {Pay.service},
    "opt": {Pay.select_field},
    "optpage": {Pay.select_field},
    "reenter": {Pay.preview},
    "continue": {Pay.preview},
    "card": {Pay.confirm},
    "addcard": {Pay.confirm},
    # At the code step too: a restart during `create` leaves the Confirm screen live.
    "confirm": {Pay.confirm, Pay.code},
    "repeat": {Pay.confirm},
}


def _action_allowed(action: str, current: str | None) -> bool:
    allowed = _ACTION_STATES.get(action)
    return allowed is None or current in {s.state for s in allowed}


# --- typed answers ------------------------------------------------------------------------------


def _typed_screens(
    message: Message,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    catalogue: CatalogueCache,
    repos: Repositories,
) -> PayScreens:
    return _screens(message, bot, state, i18n, catalogue, repos)


async def on_field_text(
    message: Message,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    catalogue: CatalogueCache,
    repos: Repositories,
) -> None:
    screens = _typed_screens(message, bot, state, i18n, catalogue, repos)
    draft = await load_draft(state)
    service = await screens.fields(draft)
    if service is None:
        return
    form = AccountForm(service)
    field = form.next_field(draft.answers)
    if field is None or field.is_select:
        await screens.next_step(draft, service)
        return
    value = form.normalize_text(field, message.text or "")
    problem = form.check_text(field, value)
    if problem is not None:
        text = i18n.get(
            f"field-problem-{problem.value.replace('_', '-')}",
            field=escape(field.title),
            length=form.max_length(field),
        )
        await message.answer(f"⚠️ {text}")
        await screens.next_step(draft, service)
        return
    draft.answers[field.name] = value
    await screens.next_step(draft, service)


async def on_amount(
    message: Message,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    catalogue: CatalogueCache,
    repos: Repositories,
) -> None:
    screens = _typed_screens(message, bot, state, i18n, catalogue, repos)
    draft = await load_draft(state)
    service = await screens.fields(draft)
    if service is None:
        return
    amount = parse_amount(message.text or "")
    if isinstance(amount, AmountProblem):
        await screens.amount(draft, service, problem=views.amount_refused(i18n, amount))
        return
    limits = _limits(service)
    if not limits.allows(amount):
        await screens.amount(draft, service, problem=views.amount_out_of_range(i18n, limits))
        return
    draft.amount = amount
    await screens.confirm(draft)


async def on_payment_code(
    message: Message,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    catalogue: CatalogueCache,
    repos: Repositories,
    payments: PaymentFlow,
    outbox: Outbox,
) -> None:
    await delete_quietly(message)
    draft = await load_draft(state)
    code = (message.text or "").strip()
    if draft.payment_id is None:
        await state.clear()
        await show(
            bot,
            message.chat.id,
            i18n.get("pay-no-payment"),
            kb.main_menu(i18n),
            screen_id=draft.screen_id,
            edit=False,
        )
        return
    if not looks_like_code(code):
        await message.answer("⚠️ " + i18n.get("code-digits-only"))
        return
    async with ChatActionSender.typing(bot=bot, chat_id=message.chat.id):
        outcome = await payments.pay(message.chat.id, draft.payment_id, code)
    match outcome:
        case Paid(payment=payment):
            await _finish_with_notice(state, outbox, payment, NoticeKind.PAID, draft)
        case Pending(payment=payment):
            await _finish_with_notice(state, outbox, payment, NoticeKind.PENDING, draft)
        case Declined(payment=payment, by_status=True):
            await _finish_with_notice(state, outbox, payment, NoticeKind.FAILED, draft)
        case WrongCode():
            await message.answer("⚠️ " + i18n.get("code-wrong"))
        case Declined(code=code_name) if outcome.another_card_may_do:
            # The account and amount stand: back to the confirmation to pick or add a card.
            draft.payment_id = None
            screens = _typed_screens(message, bot, state, i18n, catalogue, repos)
            screens.edit = False
            problem = _refusal(i18n, code_name) + "\n" + i18n.get("pay-failed")
            await screens.confirm(draft, problem=problem)
        case Declined(code=code_name):
            await _end_flow(
                bot,
                message.chat.id,
                state,
                i18n,
                draft,
                _refusal(i18n, code_name) + "\n\n" + i18n.get("pay-failed"),
            )
        case AlreadyHandled(payment=payment) if payment.status.is_final:
            # Closed meanwhile (the code came too late, a restart cut `create` off): over.
            await _end_flow(bot, message.chat.id, state, i18n, draft, _closed_text(i18n, payment))
        case AlreadyHandled(payment=payment) if payment.status == PaymentStatus.NEW:
            await message.answer(i18n.get("pay-starting"))
        case AlreadyHandled(payment=payment):
            await message.answer(
                i18n.get("pay-already-handled", status=views.status_label(i18n, payment.status))
            )
        case NotFound():
            await state.clear()


async def _finish_with_notice(
    state: FSMContext, outbox: Outbox, payment: PaymentRecord, kind: NoticeKind, draft: PayDraft
) -> None:
    """The flow ends here; what the customer is told is the payment's notice from the outbox,
    sent now, and again later if Telegram does not take it now (never "try again")."""
    await state.clear()
    await outbox.deliver_for(payment.id, kind, retire_screen=draft.screen_id)


async def _end_flow(
    bot: Bot, chat_id: int, state: FSMContext, i18n: I18nContext, draft: PayDraft, text: str
) -> None:
    await state.clear()
    await show(bot, chat_id, text, kb.main_menu(i18n), screen_id=draft.screen_id, edit=False)


def _closed_text(i18n: I18nContext, payment: PaymentRecord) -> str:
    if payment.error_code == CODE_NOT_ENTERED:
        return i18n.get("pay-code-too-late")
    if payment.error_code == CREATE_CUT_OFF:
        return i18n.get("pay-create-cut-off")
    return i18n.get("pay-already-finished", status=views.status_label(i18n, payment.status))


async def on_not_text(
    message: Message,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    catalogue: CatalogueCache,
    repos: Repositories,
) -> None:
    """A photo, sticker, file, voice, contact or location where a typed answer is expected:
    the same question again, the flow unchanged. At the code step the message goes first, as
    its caption may hold the code."""
    current = await state.get_state()
    if current == Pay.code.state:
        await delete_quietly(message)
        await message.answer("⚠️ " + i18n.get("code-type-as-message"))
        return
    screens = _typed_screens(message, bot, state, i18n, catalogue, repos)
    draft = await load_draft(state)
    service = await screens.fields(draft)
    if service is None:
        return
    note = "⚠️ " + i18n.get("type-as-message")
    if current == Pay.amount.state:
        await screens.amount(draft, service, problem=note)
        return
    await message.answer(note)
    await screens.next_step(draft, service)


async def on_text_where_buttons_expected(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("use-buttons"))


def build_router() -> Router:
    """A fresh router per dispatcher (a router can belong to one parent only)."""
    router = Router(name=__name__)
    router.message.register(start_payment, Command("pay"))
    router.callback_query.register(start_payment, MenuCb.filter(F.action == "pay"))
    router.callback_query.register(on_flow_button, PayCb.filter(), FLOW_STATES)
    router.message.register(on_field_text, Pay.text_field, F.text)
    router.message.register(on_amount, Pay.amount, F.text)
    router.message.register(on_payment_code, Pay.code, F.text)
    router.message.register(on_not_text, StateFilter(Pay.text_field, Pay.amount, Pay.code), ~F.text)
    router.message.register(
        on_text_where_buttons_expected,
        StateFilter(Pay.category, Pay.service, Pay.select_field, Pay.preview, Pay.confirm),
    )
    return router
