"""Moving through the payment flow: each step sets the FSM state and shows its screen in place
of the flow's live one. Used by the routers that choose what to pay, that pay, that add a card
on the way, and that start a quick repay."""

from __future__ import annotations

from bot.paylov.errors import PaylovError, PaylovFailure, PaylovUnavailable
from bot.paylov.models import ServiceFields
from bot.payments.amounts import AmountLimits
from bot.payments.form import AccountForm
from bot.payments.paging import paginate
from bot.payments.service_facts import NothingOwed, Owed
from bot.telegram.callbacks import PayAction
from bot.telegram.context import ChatContext
from bot.telegram.draft import PayDraft, save_draft
from bot.telegram.screens import Screen, menu
from bot.telegram.screens import payment as screens
from bot.telegram.states import Pay
from bot.telegram.steps import card as card_steps
from bot.telegram.steps import mobile

PAGE_SIZE = 8
OPTIONS_PAGE_SIZE = 10


def limits_of(service: ServiceFields) -> AmountLimits:
    return AmountLimits.of(service.amount.min, service.amount.max)


class PaymentSteps:
    """The flow's steps for one update."""

    def __init__(self, ctx: ChatContext) -> None:
        self.ctx = ctx
        self.catalogue = ctx.services.catalogue
        self.repos = ctx.services.repos

    async def show(self, draft: PayDraft, screen: Screen, *, in_place: bool = False) -> None:
        """`screen` becomes the flow's live screen, and the draft is saved with it; `in_place`:
        the live screen is edited even for a typed message (a step's problem on its prompt)."""
        draft.screen_id = await self.ctx.show(screen, replacing=draft.screen_id, in_place=in_place)
        await save_draft(self.ctx.state, draft)

    async def unavailable(self, draft: PayDraft, *, retry: PayAction = PayAction.RETRY) -> None:
        """Paylov did not answer: say so, keep the state, offer the same step again."""
        await self.show(draft, screens.unavailable(self.ctx.i18n, retry=retry))

    async def categories(self, draft: PayDraft) -> None:
        await self.ctx.state.set_state(Pay.category)
        try:
            categories = await self.catalogue.categories()
        except PaylovFailure:
            await self.unavailable(draft)
            return
        await self.show(draft, screens.categories(self.ctx.i18n, categories))

    async def services(self, draft: PayDraft) -> None:
        await self.ctx.state.set_state(Pay.service)
        assert draft.category_id is not None
        try:
            category = await self.catalogue.category(draft.category_id)
            services = await self.catalogue.services_in(draft.category_id)
        except PaylovFailure:
            await self.unavailable(draft)
            return
        if category is None or not services:
            await self.categories(draft)
            return
        page = paginate(services, draft.services_page, PAGE_SIZE)
        draft.services_page = page.page
        await self.show(draft, screens.services(self.ctx.i18n, category, page))

    async def fields(self, draft: PayDraft) -> ServiceFields | None:
        """The chosen service's form, or None after showing why there is none."""
        assert draft.service_id is not None
        try:
            return await self.catalogue.fields(draft.service_id)
        except PaylovError:
            await self.show(draft, screens.service_gone(self.ctx.i18n))
        except PaylovUnavailable:
            await self.unavailable(draft)
        return None

    async def top_up(self, draft: PayDraft, number: str) -> bool:
        """The top-up of the operator whose prefix `number` has, with the number answered: the
        amount comes next. False, with nothing shown and the draft untouched, when no operator
        in the data owns the number or its service is not in the catalogue."""
        operators = self.ctx.services.operators
        owner = operators.of_number(number)
        service = await self.catalogue.service(owner.service_id) if owner else None
        if service is None:
            return False
        draft.service_id, draft.service_name = service.service_id, service.name
        draft.category_id = service.category.id
        draft.options_page, draft.amount, draft.carried_number = 0, None, None
        # Answered before the form is asked for, so a Retry after Paylov failed keeps it.
        draft.answers = {operators.phone_field: number}
        await self.ctx.state.set_state(Pay.text_field)
        fields = await self.fields(draft)
        if fields is None:
            return True
        form = AccountForm(fields)
        phone = next((f for f in fields.fields if f.name == operators.phone_field), None)
        if phone is None or phone.is_select or form.check_text(phone, number) is not None:
            draft.answers = {}  # the form is not what the data says: ask it as it is
        await self.next_step(draft, fields)
        return True

    async def next_step(
        self, draft: PayDraft, service: ServiceFields | None = None, problem: str = ""
    ) -> None:
        """Ask the next unanswered field, or go on to the preview/amount when all are answered;
        `problem` (a typed answer refused) goes on the field's own prompt, edited in place."""
        service = service or await self.fields(draft)
        if service is None:
            return
        texts = self.ctx.i18n
        if not service.payment_available:
            await self.ctx.state.set_state(Pay.service)
            await self.show(draft, screens.service_not_payable(texts, service))
            return
        form = AccountForm(service)
        field = form.next_field(draft.answers)
        if field is None:
            await self.preview(draft, service)
            return
        answered = form.labelled(draft.answers)
        if field.is_select:
            await self.ctx.state.set_state(Pay.select_field)
            options = form.options(field, draft.answers)
            page = paginate(options, draft.options_page, OPTIONS_PAGE_SIZE)
            draft.options_page = page.page
            await self.show(draft, screens.select_field(texts, service, answered, field, page))
        else:
            await self.ctx.state.set_state(Pay.text_field)
            # A top-up's phone gets "My number" (bot/telegram/steps/mobile.py).
            screen = mobile.text_field_screen(self.ctx, service, answered, field).under(problem)
            await self.show(draft, screen, in_place=bool(problem))

    async def preview(self, draft: PayDraft, service: ServiceFields) -> None:
        """The account as Paylov knows it (name, balance, debt), for services that tell, on the
        same screen that asks for the amount; the amount straight away for the others."""
        draft.preview_rows, draft.owed, draft.nothing_owed = None, None, False
        if not service.has_info_method:
            await self.amount(draft, service)
            return
        await self.ctx.state.set_state(Pay.preview)
        texts = self.ctx.i18n
        try:
            async with self.ctx.working():
                info = await self.catalogue.info(service.service_id, draft.answers)
        except PaylovError as error:
            if error.code in {"account_not_found", "invalid_account"}:
                await self.show(draft, screens.account_not_found(texts))
            else:
                await self.show(draft, screens.info_refused(texts))
            return
        except PaylovUnavailable:
            await self.unavailable(draft)
            return
        described = AccountForm(service).describe_info(info)
        draft.preview_rows = list(described)
        debt = self.ctx.services.facts.debt(service, info)
        draft.owed = debt.amount if isinstance(debt, Owed) else None
        draft.nothing_owed = isinstance(debt, NothingOwed)
        await self.amount(draft, service)

    async def amount(self, draft: PayDraft, service: ServiceFields, problem: str = "") -> None:
        """The amount step: the preview's account (kept in the draft), what it owes with its
        one-tap button, a top-up's quick amounts, and the amount typed."""
        await self.ctx.state.set_state(Pay.amount)
        limits = limits_of(service)
        offer = screens.AmountOffer(
            preview=draft.preview_rows,
            answered=AccountForm(service).labelled(draft.answers),
            debt=(
                Owed(draft.owed)
                if draft.owed is not None
                else NothingOwed()
                if draft.nothing_owed
                else None
            ),
            quick=self.ctx.services.facts.quick_amounts_for(service, limits),
            last=await mobile.last_amount(self.ctx, service, draft.answers, limits),
            kept=draft.amount if draft.amount is not None and limits.allows(draft.amount) else None,
        )
        screen = screens.amount(self.ctx.i18n, service, limits, problem, offer=offer)
        await self.show(draft, screen)

    async def confirm(self, draft: PayDraft, problem: str = "") -> None:
        """The confirmation with the chosen card; with no card yet, the card steps first."""
        service = await self.fields(draft)
        if service is None:
            return
        cards = await self.repos.cards.list_for_user(self.ctx.user_id)
        if not cards:
            if problem:  # the card steps' screens have no room for it
                await self.ctx.say(problem)
            await card_steps.begin(self.ctx, draft)
            return
        binder = self.ctx.services.cards
        if draft.card_row_id not in {card.id for card in cards}:
            picked = await binder.preselect(self.ctx.user_id, cards, declined=draft.card_declined)
            draft.card_row_id = picked.id
        await self.ctx.state.set_state(Pay.confirm)
        wallet = await binder.wallet(self.ctx.user_id, cards)
        chosen = next(each for each in wallet if each.card.id == draft.card_row_id)
        account = AccountForm(service).labelled(draft.answers)
        screen = screens.confirmation(
            self.ctx.i18n, service, account, draft.amount or 0, wallet, chosen
        )
        await self.show(draft, screen.under(problem))

    async def back_to_previous_field(self, draft: PayDraft, *, from_options: bool) -> None:
        """Back from a field (or what follows the fields): the previous field asked again, or
        the service list from the first one."""
        service = await self.fields(draft)
        if service is None:
            return
        form = AccountForm(service)
        if from_options:
            draft.options_page = 0
        previous = form.previous_field(draft.answers)
        draft.amount = None  # an amount belongs to the account it was given for
        if previous is None:
            draft.service_id = None
            await self.services(draft)
            return
        draft.answers = form.answers_without(draft.answers, previous.name)
        await self.next_step(draft, service)

    async def ended(self, draft: PayDraft, text: str) -> None:
        """The flow is over: its last word, with the menu, in place of the live screen."""
        await self.ctx.state.clear()
        await self.ctx.show(menu.ended(self.ctx.i18n, text), replacing=draft.screen_id)
