"""Saved accounts: save one from a receipt, list them (/accounts), pay one again in two taps,
rename, delete. Also the quick repay that /history's "Pay again" uses.

A quick repay skips category, service and fields: it checks the saved answers still fit the
service's current form, then hands a filled PayDraft to the payment flow, which goes straight
to a fresh preview (balance/debt now) → amount → confirmation → code → receipt.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from html import escape

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from pydantic import BaseModel

from bot.paylov.errors import PaylovError, PaylovUnavailable
from bot.paylov.models import Service, ServiceFields
from bot.payments.catalogue import CatalogueCache
from bot.payments.form import AccountForm
from bot.payments.paging import paginate
from bot.payments.payment_flow import PaymentFlow
from bot.payments.saved_accounts import NAME_MAX, clean_name, default_name
from bot.storage.models import PaymentStatus
from bot.storage.repositories import PaymentRecord, Repositories, SavedAccountRecord
from bot.telegram import keyboards as kb
from bot.telegram import views
from bot.telegram.callbacks import AccountCb, MenuCb
from bot.telegram.draft import PayDraft
from bot.telegram.routers.pay import PayScreens, abandon_flow
from bot.telegram.screens import retire, show
from bot.telegram.states import SavedAccounts

PAGE_SIZE = 8
STEP_KEY = "saved_accounts"


class AccountStep(BaseModel):
    """FSM data while naming or renaming (kept apart from the payment flow's PayDraft)."""

    payment_id: int | None = None  # naming: the paid payment whose account is being saved
    account_id: int | None = None  # renaming: the saved account
    prompt_id: int | None = None  # the message that asked, whose buttons go when answered


async def _load_step(state: FSMContext) -> AccountStep:
    data = await state.get_data()
    return AccountStep.model_validate(data.get(STEP_KEY) or {})


async def _save_step(state: FSMContext, step: AccountStep) -> None:
    await state.update_data({STEP_KEY: step.model_dump(mode="json")})


_OWN_OR_NONE = frozenset({None, SavedAccounts.naming.state, SavedAccounts.renaming.state})


async def _leave_own_step(state: FSMContext) -> None:
    """Drop a pending name question; a payment flow in progress is left alone."""
    current = await state.get_state()
    if current is not None and current in _OWN_OR_NONE:
        await state.clear()


def _chat_id(event: Message | CallbackQuery) -> int:
    return event.from_user.id if event.from_user else 0


def _message_id(callback: CallbackQuery) -> int | None:
    return callback.message.message_id if callback.message else None


def pager_buttons(
    i18n: I18nContext, page: int, pages: int, to_page: Callable[[int], CallbackData]
) -> list[InlineKeyboardButton]:
    """◀️ / ▶️ for a paged list whose callback data is built by `to_page`."""
    row: list[InlineKeyboardButton] = []
    if page > 0:
        row.append(kb.button(i18n.get("btn-previous"), to_page(page - 1)))
    if page + 1 < pages:
        row.append(kb.button(i18n.get("btn-next"), to_page(page + 1)))
    return row


def account_rows(fields: ServiceFields | None, account: dict[str, str]) -> str:
    """The account as the customer knows it (select titles), or its raw values without a form."""
    if fields is not None:
        shown = views.rows(AccountForm(fields).labelled(account))
        if shown:
            return shown
    return escape(", ".join(account.values()))


# --- the list and one account -------------------------------------------------------------------


async def show_accounts(
    bot: Bot,
    chat_id: int,
    i18n: I18nContext,
    repos: Repositories,
    *,
    page: int = 0,
    screen_id: int | None = None,
    edit: bool = False,
    notice: str = "",
) -> int:
    saved = await repos.saved_accounts.list_for_user(chat_id)
    title = i18n.get("accounts-title")
    rows: list[list[InlineKeyboardButton]] = []
    if not saved:
        text = f"{title}\n\n{i18n.get('accounts-empty')}"
        rows.append([kb.button(i18n.get("menu-pay"), MenuCb(action="pay"))])
    else:
        shown = paginate(saved, page, PAGE_SIZE)
        lines = [
            i18n.get(
                "accounts-line",
                number=shown.offset + index + 1,
                name=escape(item.name),
                service=escape(item.service_name),
            )
            for index, item in enumerate(shown.items)
        ]
        parts = [title, "\n".join(lines)]
        if shown.pages > 1:
            parts.append(i18n.get("accounts-page", page=shown.page + 1, pages=shown.pages))
        text = "\n\n".join(parts)
        rows.extend(
            [
                kb.button(
                    f"{shown.offset + index + 1}. {item.name}",
                    AccountCb(action="open", arg=item.id),
                )
            ]
            for index, item in enumerate(shown.items)
        )
        pager = pager_buttons(
            i18n, shown.page, shown.pages, lambda to: AccountCb(action="list", arg=to)
        )
        if pager:
            rows.append(pager)
    rows.append([kb.button(i18n.get("btn-menu"), MenuCb(action="menu"))])
    if notice:
        text = f"{notice}\n\n{text}"
    return await show(bot, chat_id, text, kb.markup(rows), screen_id=screen_id, edit=edit)


async def show_account(
    bot: Bot,
    chat_id: int,
    i18n: I18nContext,
    catalogue: CatalogueCache,
    saved: SavedAccountRecord,
    *,
    screen_id: int | None,
    edit: bool,
    notice: str = "",
) -> int:
    fields = await catalogue.fields_or_none(saved.service_id)
    text = i18n.get(
        "account-card",
        name=escape(saved.name),
        service=escape(saved.service_name),
        account=account_rows(fields, saved.account),
    )
    if notice:
        text = f"{notice}\n\n{text}"
    markup = kb.markup(
        [
            [kb.button(i18n.get("btn-pay-account"), AccountCb(action="pay", arg=saved.id))],
            [
                kb.button(i18n.get("btn-rename"), AccountCb(action="rename", arg=saved.id)),
                kb.button(i18n.get("btn-delete"), AccountCb(action="delete", arg=saved.id)),
            ],
            [
                kb.button(i18n.get("btn-back"), AccountCb(action="list")),
                kb.button(i18n.get("btn-menu"), MenuCb(action="menu")),
            ],
        ]
    )
    return await show(bot, chat_id, text, markup, screen_id=screen_id, edit=edit)


async def on_accounts(
    event: Message | CallbackQuery,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    repos: Repositories,
    payments: PaymentFlow,
) -> None:
    """/accounts and the menu's entry: whatever was open is left."""
    if isinstance(event, CallbackQuery):
        await event.answer()
    chat_id = _chat_id(event)
    await abandon_flow(state, payments, chat_id)
    await show_accounts(bot, chat_id, i18n, repos)


async def on_list(
    callback: CallbackQuery,
    callback_data: AccountCb,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    repos: Repositories,
) -> None:
    await callback.answer()
    await _leave_own_step(state)
    await show_accounts(
        bot,
        callback.from_user.id,
        i18n,
        repos,
        page=callback_data.arg,
        screen_id=_message_id(callback),
        edit=True,
    )


async def _owned(
    callback: CallbackQuery, callback_data: AccountCb, i18n: I18nContext, repos: Repositories
) -> SavedAccountRecord | None:
    """The presser's saved account named by the button; someone else's id reveals nothing."""
    saved = await repos.saved_accounts.get_for_user(callback_data.arg, callback.from_user.id)
    if saved is None:
        await callback.answer(i18n.get("not-found"), show_alert=True)
    return saved


async def on_open(
    callback: CallbackQuery,
    callback_data: AccountCb,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    repos: Repositories,
    catalogue: CatalogueCache,
) -> None:
    saved = await _owned(callback, callback_data, i18n, repos)
    if saved is None:
        return
    await callback.answer()
    await _leave_own_step(state)
    await show_account(
        bot,
        callback.from_user.id,
        i18n,
        catalogue,
        saved,
        screen_id=_message_id(callback),
        edit=True,
    )


# --- quick repay ----------------------------------------------------------------------------------


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


async def _current_form(
    catalogue: CatalogueCache, service_id: str
) -> tuple[Service, ServiceFields] | None:
    """The service and its form as Paylov has them now; None when it is gone or inactive.

    Raises PaylovUnavailable (or PaylovError) when the catalogue itself cannot be read.
    """
    service = await catalogue.service(service_id)
    if service is None:
        return None
    try:
        return service, await catalogue.fields(service_id)
    except PaylovError:
        return None  # listed, yet its form is refused: gone for us


async def start_quick_repay(
    callback: CallbackQuery,
    target: RepayTarget,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    catalogue: CatalogueCache,
    repos: Repositories,
    payments: PaymentFlow,
) -> None:
    """Straight to the preview with the account's answers, when they still fit the service.

    The pressed message becomes the payment flow's live screen. The callback must be answered.
    """
    chat_id = callback.from_user.id
    screen_id = _message_id(callback)
    await abandon_flow(state, payments, chat_id)

    async def say(text: str, *buttons: tuple[str, CallbackData]) -> None:
        rows = [[kb.button(label, data)] for label, data in buttons]
        rows.append([kb.button(i18n.get("btn-back"), target.back)])
        await show(bot, chat_id, text, kb.markup(rows), screen_id=screen_id, edit=True)

    try:
        current = await _current_form(catalogue, target.service_id)
    except (PaylovUnavailable, PaylovError):
        await say(i18n.get("paylov-unavailable"), (i18n.get("btn-retry"), target.retry))
        return
    if current is None:
        await say(i18n.get("account-service-gone", service=escape(target.service_name)))
        return
    service, fields = current
    if not fields.payment_available:
        await say(i18n.get("pay-service-unavailable", service=escape(fields.name)))
        return
    if not AccountForm(fields).is_consistent(target.account):
        text = i18n.get("account-fields-changed", service=escape(fields.name))
        await say(text, (i18n.get("btn-reenter"), target.reenter))
        return
    draft = PayDraft(
        # The flow's "Back" from the first field returns to this category's services.
        category_id=service.category.id,
        service_id=service.service_id,
        service_name=fields.name,
        answers=dict(target.account),
        saved_account_id=target.saved_account_id,
        screen_id=screen_id,
    )
    screens = PayScreens(bot, chat_id, state, i18n, catalogue, repos, edit=True)
    await screens.next_step(draft, fields)


async def start_reentry(
    callback: CallbackQuery,
    service_id: str,
    back: CallbackData,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    catalogue: CatalogueCache,
    repos: Repositories,
    payments: PaymentFlow,
) -> None:
    """The normal flow for this service with empty answers. The callback must be answered."""
    chat_id = callback.from_user.id
    screen_id = _message_id(callback)
    await abandon_flow(state, payments, chat_id)
    problem = "pay-service-gone"
    try:
        service = await catalogue.service(service_id)
    except (PaylovUnavailable, PaylovError):
        service, problem = None, "paylov-unavailable"
    if service is None:
        markup = kb.markup([[kb.button(i18n.get("btn-back"), back)]])
        await show(bot, chat_id, i18n.get(problem), markup, screen_id=screen_id, edit=True)
        return
    draft = PayDraft(
        category_id=service.category.id,
        service_id=service.service_id,
        service_name=service.name,
        screen_id=screen_id,
    )
    screens = PayScreens(bot, chat_id, state, i18n, catalogue, repos, edit=True)
    await screens.next_step(draft)


async def on_pay(
    callback: CallbackQuery,
    callback_data: AccountCb,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    catalogue: CatalogueCache,
    repos: Repositories,
    payments: PaymentFlow,
) -> None:
    saved = await _owned(callback, callback_data, i18n, repos)
    if saved is None:
        return
    # Answered before Paylov is asked, or Telegram reports the query too old.
    await callback.answer()
    target = RepayTarget(
        service_id=saved.service_id,
        service_name=saved.service_name,
        account=dict(saved.account),
        saved_account_id=saved.id,
        retry=AccountCb(action="pay", arg=saved.id),
        reenter=AccountCb(action="reenter", arg=saved.id),
        back=AccountCb(action="open", arg=saved.id),
    )
    await start_quick_repay(callback, target, bot, state, i18n, catalogue, repos, payments)


async def on_reenter(
    callback: CallbackQuery,
    callback_data: AccountCb,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    catalogue: CatalogueCache,
    repos: Repositories,
    payments: PaymentFlow,
) -> None:
    saved = await _owned(callback, callback_data, i18n, repos)
    if saved is None:
        return
    await callback.answer()
    back = AccountCb(action="open", arg=saved.id)
    await start_reentry(
        callback, saved.service_id, back, bot, state, i18n, catalogue, repos, payments
    )


# --- rename and delete ----------------------------------------------------------------------------


async def on_rename(
    callback: CallbackQuery,
    callback_data: AccountCb,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    repos: Repositories,
    payments: PaymentFlow,
) -> None:
    saved = await _owned(callback, callback_data, i18n, repos)
    if saved is None:
        return
    await callback.answer()
    chat_id = callback.from_user.id
    await abandon_flow(state, payments, chat_id)
    markup = kb.markup([[kb.button(i18n.get("btn-back"), AccountCb(action="open", arg=saved.id))]])
    text = i18n.get("account-ask-rename", name=escape(saved.name), max=NAME_MAX)
    prompt_id = await show(bot, chat_id, text, markup, screen_id=_message_id(callback), edit=True)
    await state.set_state(SavedAccounts.renaming)
    await _save_step(state, AccountStep(account_id=saved.id, prompt_id=prompt_id))


async def on_new_name(
    message: Message,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    repos: Repositories,
    catalogue: CatalogueCache,
) -> None:
    step = await _load_step(state)
    name = clean_name(message.text or "")
    if name is None:
        await message.answer("⚠️ " + i18n.get("account-name-invalid", max=NAME_MAX))
        return
    chat_id = message.chat.id
    await state.clear()
    if step.prompt_id is not None:
        await retire(bot, chat_id, step.prompt_id)
    renamed = step.account_id is not None and await repos.saved_accounts.rename(
        step.account_id, chat_id, name
    )
    saved = (
        await repos.saved_accounts.get_for_user(step.account_id, chat_id)
        if step.account_id is not None
        else None
    )
    if not renamed or saved is None:
        # Deleted meanwhile (another device): nothing left to rename.
        await show_accounts(bot, chat_id, i18n, repos, notice=i18n.get("not-found"))
        return
    notice = i18n.get("account-renamed", name=escape(saved.name))
    await show_account(
        bot, chat_id, i18n, catalogue, saved, screen_id=None, edit=False, notice=notice
    )


async def on_delete(
    callback: CallbackQuery,
    callback_data: AccountCb,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    repos: Repositories,
) -> None:
    saved = await _owned(callback, callback_data, i18n, repos)
    if saved is None:
        return
    await callback.answer()
    await _leave_own_step(state)
    markup = kb.markup(
        [
            [
                kb.button(
                    i18n.get("btn-yes-delete"), AccountCb(action="confirm_delete", arg=saved.id)
                ),
                kb.button(i18n.get("btn-no"), AccountCb(action="open", arg=saved.id)),
            ]
        ]
    )
    text = i18n.get("account-delete-confirm", name=escape(saved.name))
    await show(bot, callback.from_user.id, text, markup, screen_id=_message_id(callback), edit=True)


async def on_confirm_delete(
    callback: CallbackQuery,
    callback_data: AccountCb,
    bot: Bot,
    i18n: I18nContext,
    repos: Repositories,
) -> None:
    user_id = callback.from_user.id
    # Ownership is in the DELETE itself: someone else's id deletes nothing.
    if not await repos.saved_accounts.delete(callback_data.arg, user_id):
        await callback.answer(i18n.get("not-found"), show_alert=True)
        return
    await callback.answer()
    await show_accounts(
        bot,
        user_id,
        i18n,
        repos,
        screen_id=_message_id(callback),
        edit=True,
        notice=i18n.get("account-deleted"),
    )


# --- saving from a receipt ----------------------------------------------------------------------


async def _owned_paid(
    callback: CallbackQuery, payment_id: int, i18n: I18nContext, repos: Repositories
) -> PaymentRecord | None:
    """The presser's paid payment: only an account that was really paid is worth keeping."""
    payment = await repos.payments.get_for_user(payment_id, callback.from_user.id)
    if payment is None or payment.status != PaymentStatus.PAID:
        await callback.answer(i18n.get("not-found"), show_alert=True)
        return None
    return payment


def _after_save(i18n: I18nContext) -> InlineKeyboardMarkup:
    return kb.markup(
        [
            [
                kb.button(i18n.get("btn-accounts"), AccountCb(action="list")),
                kb.button(i18n.get("btn-menu"), MenuCb(action="menu")),
            ]
        ]
    )


async def _save(repos: Repositories, payment: PaymentRecord, name: str, i18n: I18nContext) -> str:
    """Save the payment's account; the text that tells the customer how it went."""
    saved, created = await repos.saved_accounts.save(
        payment.user_id, payment.service_id, payment.service_name, payment.account, name
    )
    key = "account-saved" if created else "account-already-saved"
    return i18n.get(key, name=escape(saved.name))


async def on_save(
    callback: CallbackQuery,
    callback_data: AccountCb,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    repos: Repositories,
) -> None:
    """⭐ on a receipt: ask for a name, suggesting one; an account saved before is said so."""
    payment = await _owned_paid(callback, callback_data.arg, i18n, repos)
    if payment is None:
        return
    await callback.answer()
    chat_id = callback.from_user.id
    twin = await repos.saved_accounts.find(payment.user_id, payment.service_id, payment.account)
    if twin is not None:
        text = i18n.get("account-already-saved", name=escape(twin.name))
        await bot.send_message(chat_id, text, reply_markup=_after_save(i18n))
        return
    suggested = default_name(payment.service_name, payment.account_label)
    if await state.get_state() not in _OWN_OR_NONE:
        # A payment is under way (an old receipt was pressed): keep it, take the suggested name.
        text = await _save(repos, payment, suggested, i18n)
        hint = i18n.get("account-rename-later")
        await bot.send_message(chat_id, f"{text}\n{hint}", reply_markup=_after_save(i18n))
        return
    await state.clear()
    markup = kb.markup(
        [
            [kb.button(f"✅ {suggested}", AccountCb(action="name", arg=payment.id))],
            [kb.button(i18n.get("btn-cancel"), AccountCb(action="skip", arg=payment.id))],
        ]
    )
    text = i18n.get("account-ask-name", service=escape(payment.service_name), max=NAME_MAX)
    sent = await bot.send_message(chat_id, text, reply_markup=markup)
    await state.set_state(SavedAccounts.naming)
    await _save_step(state, AccountStep(payment_id=payment.id, prompt_id=sent.message_id))


async def on_suggested_name(
    callback: CallbackQuery,
    callback_data: AccountCb,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    repos: Repositories,
) -> None:
    payment = await _owned_paid(callback, callback_data.arg, i18n, repos)
    if payment is None:
        return
    await callback.answer()
    step = await _load_step(state)
    if step.payment_id == payment.id:
        await _leave_own_step(state)
    name = default_name(payment.service_name, payment.account_label)
    text = await _save(repos, payment, name, i18n)
    await show(
        bot,
        callback.from_user.id,
        text,
        _after_save(i18n),
        screen_id=_message_id(callback),
        edit=True,
    )


async def on_typed_name(
    message: Message, bot: Bot, state: FSMContext, i18n: I18nContext, repos: Repositories
) -> None:
    step = await _load_step(state)
    chat_id = message.chat.id
    payment = (
        await repos.payments.get_for_user(step.payment_id, chat_id)
        if step.payment_id is not None
        else None
    )
    if payment is None:
        await state.clear()
        await message.answer(i18n.get("not-found"))
        return
    name = clean_name(message.text or "")
    if name is None:
        await message.answer("⚠️ " + i18n.get("account-name-invalid", max=NAME_MAX))
        return
    await state.clear()
    if step.prompt_id is not None:
        await retire(bot, chat_id, step.prompt_id)
    text = await _save(repos, payment, name, i18n)
    await bot.send_message(chat_id, text, reply_markup=_after_save(i18n))


async def on_skip_saving(
    callback: CallbackQuery,
    callback_data: AccountCb,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    repos: Repositories,
) -> None:
    payment = await _owned_paid(callback, callback_data.arg, i18n, repos)
    if payment is None:
        return
    await callback.answer()
    step = await _load_step(state)
    if step.payment_id == payment.id:
        await _leave_own_step(state)
    markup = kb.markup([[kb.button(i18n.get("btn-menu"), MenuCb(action="menu"))]])
    await show(
        bot,
        callback.from_user.id,
        i18n.get("account-not-saved"),
        markup,
        screen_id=_message_id(callback),
        edit=True,
    )


def _is_command(text: str | None) -> bool:
    # MagicFilter's `&` evaluates both sides: a sticker (no text) reaches this too.
    return text is not None and text.startswith("/")


def build_router() -> Router:
    """A fresh router per dispatcher (a router can belong to one parent only)."""
    router = Router(name=__name__)
    router.message.register(on_accounts, Command("accounts"))
    router.callback_query.register(on_accounts, MenuCb.filter(F.action == "accounts"))
    actions: dict[str, Callable[..., Awaitable[None]]] = {
        "list": on_list,
        "open": on_open,
        "pay": on_pay,
        "reenter": on_reenter,
        "rename": on_rename,
        "delete": on_delete,
        "confirm_delete": on_confirm_delete,
        "save": on_save,
        "name": on_suggested_name,
        "skip": on_skip_saving,
    }
    for action, handler in actions.items():
        router.callback_query.register(handler, AccountCb.filter(F.action == action))
    # A /command typed instead of a name goes on to its own handler (/pay is in a later router).
    not_a_command = F.text & ~F.text.func(_is_command)
    router.message.register(on_typed_name, SavedAccounts.naming, not_a_command)
    router.message.register(on_new_name, SavedAccounts.renaming, not_a_command)
    # A photo or sticker instead of a name: the question stands.
    router.message.register(
        on_name_not_text, StateFilter(SavedAccounts.naming, SavedAccounts.renaming), ~F.text
    )
    return router


async def on_name_not_text(message: Message, i18n: I18nContext) -> None:
    await message.answer("⚠️ " + i18n.get("type-as-message"))
