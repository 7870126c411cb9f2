"""Admins' commands: /payments, /tx, /stats and /export (grammar in bot/admin/query.py).

For anyone not in `settings.telegram.admin_ids` these commands do not exist: the router's filter
lets their updates fall through to the normal fallback, so no answer reveals them.

The queries behind /payments' page buttons are kept in FSM data under a destiny of their own, so
a customer flow's `state.clear()` never drops them, and the buttons carry only a short id.
Optional workflow data `report_today` (a `() -> date`) sets "today" for tests.

Text from outside (what the admin typed, Paylov's names, codes and dates, a customer's account)
is cut before it is escaped into a message: Fluent refuses a placeable over 2,500 characters,
and escaping makes "<" four.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections.abc import Callable
from datetime import date, time
from html import escape

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from pydantic import BaseModel

from bot.admin.chart import ChartLabels, render_stats_chart
from bot.admin.query import (
    EARLIEST_DAY,
    LATEST_DAY,
    MAX_SERVICE_QUERY,
    MAX_TOKEN,
    AmbiguousService,
    ArgumentError,
    Period,
    UnknownService,
    parse_payment_args,
    parse_period,
    resolve_service,
)
from bot.admin.reports import (
    PaymentFilter,
    Report,
    ReportRow,
    ServiceTotal,
    export_filename,
    fetch_report,
    payments_csv,
    per_day,
    per_service,
    service_names,
    tashkent_today,
    totals,
    with_accounts,
)
from bot.config import Settings
from bot.paylov.client import PaylovClient
from bot.paylov.errors import PaylovAuthError, PaylovError, PaylovFailure, PaylovUnavailable
from bot.paylov.models import TransactionState, TransactionStatus
from bot.payments.catalogue import CatalogueCache
from bot.payments.paging import paginate
from bot.payments.tashkent import local_time, shown_paylov_time
from bot.storage.models import PaymentStatus
from bot.storage.repositories import PaymentRecord, Repositories
from bot.telegram import keyboards as kb
from bot.telegram.callbacks import AdminPageCb
from bot.telegram.context import ChatContext
from bot.telegram.middlewares import ANSWERS_ITSELF
from bot.telegram.screens import Screen, Texts
from bot.telegram.views import money, status_label

PAGE_SIZE = 10
KEPT_QUERIES = 10
MAX_NAME = 40
MAX_SHOWN = 64  # anything else from outside: an id, a code, a date, an account
# fluent.runtime's MAX_PART_LENGTH: a longer placeable is an error, not a message.
FLUENT_PLACEABLE_MAX = 2500
MAX_MATCHES = 15
TOP_IN_CAPTION = 3
ADMIN_DESTINY = "admin"
QUERIES_KEY = "payment_queries"
# Paylov's ids are UUIDs; anything else is refused before it is sent anywhere.
_TRANSACTION_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")

Today = Callable[[], date]
# Paylov's transaction states the admin sees in their language; any other is shown as it comes.
_PAYLOV_STATES = frozenset(
    {TransactionState.CREATED, TransactionState.PAID, TransactionState.CANCELLED}
)


class KeptQueries(BaseModel):
    next_id: int = 1
    queries: dict[int, PaymentFilter] = {}


async def is_admin(event: Message | CallbackQuery, settings: Settings) -> bool:
    return event.from_user is not None and event.from_user.id in settings.telegram.admin_ids


# --- /payments -------------------------------------------------------------------------------


async def on_payments(
    message: Message,
    command: CommandObject,
    ctx: ChatContext,
    settings: Settings,
    paylov: PaylovClient,
    catalogue: CatalogueCache,
) -> None:
    wanted = await _read_filter(command.args, ctx.i18n, settings, catalogue, "admin-usage-payments")
    if isinstance(wanted, str):
        await ctx.say(wanted)
        return
    query_id = await _keep_query(ctx.state, wanted)
    report = await _report(wanted, settings, paylov, catalogue, ctx.services.repos)
    text, markup = _payments_page(ctx.i18n, wanted, report, query_id, page=0)
    await ctx.say(text, markup)


async def on_payments_page(
    _: CallbackQuery,
    callback_data: AdminPageCb,
    ctx: ChatContext,
    settings: Settings,
    paylov: PaylovClient,
    catalogue: CatalogueCache,
) -> None:
    wanted = await _kept_query(ctx.state, callback_data.query)
    if wanted is None or ctx.pressed_id is None:
        await ctx.alert(ctx.t("stale-button"))
        return
    await ctx.answer()  # before Paylov is asked, or Telegram calls the query too old
    report = await _report(wanted, settings, paylov, catalogue, ctx.services.repos)
    page = _payments_page(ctx.i18n, wanted, report, callback_data.query, callback_data.page)
    await ctx.show(Screen(*page))


def _payments_page(
    i18n: Texts, wanted: PaymentFilter, report: Report, query_id: int, page: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    head = [_filter_text(i18n, wanted)]
    if report.held_back:
        head.append(i18n.get("admin-payments-held-back", count=str(report.held_back)))
    if not report.rows:
        return "\n".join([i18n.get("admin-payments-empty"), *head]), None
    total = totals(report.rows)
    shown = paginate(report.rows, page, PAGE_SIZE)
    lines = [
        i18n.get("admin-payments-header", count=str(total.count), amount=money(total.amount)),
        *head,
        i18n.get("admin-payments-page", page=str(shown.page + 1), pages=str(shown.pages)),
        "",
        *(_payment_line(row) for row in shown.items),
    ]
    row = kb.pager(
        i18n,
        page=shown.page,
        pages=shown.pages,
        to_page=lambda to: AdminPageCb(query=query_id, page=to),
    )
    return "\n".join(lines), kb.markup([row]) if row else None


def _payment_line(row: ReportRow) -> str:
    """Two lines: the payment, and its transaction id as code (a tap copies it for /tx)."""
    when = local_time(row.paid_at) if row.paid_at else row.date_text or "—"
    parts = [
        _shown(row.service_name, MAX_NAME),
        _shown(row.account or "—"),
        _shown(row.user or "—"),
        _shown(row.card or "—"),
    ]
    first = f"{_shown(when)} · <b>{money(row.amount)}</b> · " + " · ".join(parts)
    return f"{first}\n   <code>{_shown(row.transaction_id)}</code>"


# --- /export ---------------------------------------------------------------------------------


async def on_export(
    message: Message,
    command: CommandObject,
    ctx: ChatContext,
    settings: Settings,
    paylov: PaylovClient,
    catalogue: CatalogueCache,
    report_today: Today = tashkent_today,
) -> None:
    wanted = await _read_filter(command.args, ctx.i18n, settings, catalogue, "admin-usage-export")
    if isinstance(wanted, str):
        await ctx.say(wanted)
        return
    report = await _report(wanted, settings, paylov, catalogue, ctx.services.repos)
    if not report.rows:
        await ctx.say(_payments_page(ctx.i18n, wanted, report, 0, 0)[0])
        return
    total = totals(report.rows)
    document = BufferedInputFile(payments_csv(report.rows), export_filename(wanted, report_today()))
    caption = ctx.t("admin-export-caption", count=str(total.count), amount=money(total.amount))
    await ctx.bot.send_document(ctx.chat_id, document, caption=caption)


# --- /stats ----------------------------------------------------------------------------------


async def on_stats(
    message: Message,
    command: CommandObject,
    ctx: ChatContext,
    settings: Settings,
    paylov: PaylovClient,
    catalogue: CatalogueCache,
    report_today: Today = tashkent_today,
) -> None:
    period = parse_period(command.args, today=report_today())
    if isinstance(period, ArgumentError):
        await ctx.say(_usage(ctx.i18n, "admin-usage-stats", period))
        return
    # A chart needs no accounts: a year of payments is not looked up in our records.
    report = await _report(PaymentFilter.for_period(period), settings, paylov, catalogue, None)
    dates = {"begin": period.begin.isoformat(), "end": period.end.isoformat()}
    if not report.rows:
        await ctx.say(ctx.t("admin-stats-empty", **dates))
        return
    await ctx.bot.send_chat_action(ctx.chat_id, "upload_photo")
    labels = ChartLabels(ctx.t("admin-chart-per-day"), ctx.t("admin-chart-per-service"))
    services = per_service(report.rows)
    # Rendering takes a second of CPU: off the event loop, so other customers are not kept waiting.
    png = await asyncio.to_thread(
        render_stats_chart, per_day(report.rows, period), services, labels
    )
    await ctx.bot.send_photo(
        ctx.chat_id,
        BufferedInputFile(png, "stats.png"),
        caption=_stats_caption(ctx.i18n, period, report, services),
    )


def _stats_caption(
    i18n: Texts, period: Period, report: Report, services: list[ServiceTotal]
) -> str:
    total = totals(report.rows)
    top = [
        i18n.get(
            "admin-stats-top-line",
            place=str(place),
            service=_shown(item.name, MAX_NAME),
            amount=money(item.amount),
            count=str(item.count),
        )
        for place, item in enumerate(services[:TOP_IN_CAPTION], start=1)
    ]
    return i18n.get(
        "admin-stats-caption",
        begin=period.begin.isoformat(),
        end=period.end.isoformat(),
        count=str(total.count),
        amount=money(total.amount),
        top="\n".join(top),
    )


# --- /tx -------------------------------------------------------------------------------------


async def on_tx(
    message: Message,
    command: CommandObject,
    ctx: ChatContext,
    paylov: PaylovClient,
    catalogue: CatalogueCache,
    repos: Repositories,
) -> None:
    transaction_id = (command.args or "").strip()
    if not _TRANSACTION_ID.fullmatch(transaction_id):
        problem = ctx.t("admin-problem-bad-transaction") + "\n\n" if transaction_id else ""
        await ctx.say(problem + ctx.t("admin-usage-tx"))
        return
    local = await repos.payments.get_by_transaction(transaction_id)
    remote = await _paylov_status(paylov, transaction_id, has_local=local is not None)
    if local is None and isinstance(remote, PaylovError):
        text = ctx.t("admin-tx-unknown", transaction=escape(transaction_id))
        await ctx.say(text)
        return
    names = await _names(catalogue)
    parts = [
        ctx.t("admin-tx-title", transaction=escape(transaction_id)),
        _paylov_part(ctx.i18n, remote, names),
        _local_part(ctx.i18n, local),
    ]
    if isinstance(remote, TransactionStatus) and local is not None:
        parts.extend(_disagreements(ctx.i18n, remote, local))
    await ctx.say("\n\n".join(parts))


# Which of our statuses each Paylov state agrees with; a state not here is not judged.
_AGREES_WITH: dict[str, frozenset[PaymentStatus]] = {
    TransactionState.PAID: frozenset({PaymentStatus.PAID}),
    TransactionState.CANCELLED: frozenset({PaymentStatus.CANCELLED, PaymentStatus.FAILED}),
    # Created and not paid: ours waits for the code, or is paying, or is being rechecked.
    TransactionState.CREATED: frozenset(
        {
            PaymentStatus.NEW,
            PaymentStatus.CREATED,
            PaymentStatus.PAYING,
            PaymentStatus.PENDING,
            PaymentStatus.FAILED,
            PaymentStatus.CANCELLED,
        }
    ),
}


def _disagreements(i18n: Texts, remote: TransactionStatus, local: PaymentRecord) -> list[str]:
    """Said plainly when Paylov and our record do not tell the same story (status, amount)."""
    lines = []
    agreeing = _AGREES_WITH.get(remote.status)
    if agreeing is not None and local.status not in agreeing:
        lines.append(
            i18n.get(
                "admin-tx-status-disagree",
                paylov=i18n.get(f"admin-paylov-state-{remote.status}"),
                ours=status_label(i18n, local.status.value),
            )
        )
    if remote.amount is not None and remote.amount != local.amount:
        lines.append(
            i18n.get(
                "admin-tx-amount-disagree",
                paylov=money(remote.amount),
                ours=money(local.amount),
            )
        )
    return lines


async def _paylov_status(
    paylov: PaylovClient, transaction_id: str, *, has_local: bool
) -> TransactionStatus | PaylovError | PaylovUnavailable:
    """Paylov's answer, or why there is none. Without a local record, unavailable is an error."""
    try:
        return await paylov.transaction_status(transaction_id)
    except PaylovAuthError:
        raise  # our credentials, not the transaction: the error router says so
    except PaylovError as error:
        return error
    except PaylovUnavailable as error:
        if not has_local:
            raise
        return error


def _paylov_part(
    i18n: Texts,
    remote: TransactionStatus | PaylovError | PaylovUnavailable,
    names: dict[str, str],
) -> str:
    if isinstance(remote, PaylovError):
        return i18n.get("admin-tx-paylov-unknown", code=_shown(remote.code))
    if isinstance(remote, PaylovUnavailable):
        return i18n.get("admin-tx-paylov-unavailable")
    service = names.get(remote.service_id or "", remote.service_id or "—")
    known = remote.status in _PAYLOV_STATES
    return i18n.get(
        "admin-tx-paylov",
        status=i18n.get(f"admin-paylov-state-{remote.status}") if known else _shown(remote.status),
        amount=money(remote.amount) if remote.amount is not None else "—",
        service=_shown(service, MAX_NAME),
        paid_at=_shown(shown_paylov_time(remote.payed_at)),
        cancelled_at=_shown(shown_paylov_time(remote.cancel_time)),
    )


def _local_part(i18n: Texts, local: PaymentRecord | None) -> str:
    if local is None:
        return i18n.get("admin-tx-no-local")
    return i18n.get(
        "admin-tx-local",
        id=str(local.id),
        user=str(local.user_id),
        service=_shown(local.service_name, MAX_NAME),
        account=_shown(local.account_label),
        amount=money(local.amount),
        status=status_label(i18n, local.status.value),
    )


# --- shared ----------------------------------------------------------------------------------


async def _read_filter(
    args: str | None,
    i18n: Texts,
    settings: Settings,
    catalogue: CatalogueCache,
    usage_key: str,
) -> PaymentFilter | str:
    """The filter the admin typed, or the message to send instead (usage, unknown service)."""
    parsed = parse_payment_args(args, user_prefix=settings.payments.user_id_prefix)
    if isinstance(parsed, ArgumentError):
        return _usage(i18n, usage_key, parsed)
    wanted = PaymentFilter(
        begin=parsed.begin,
        end=parsed.end,
        begin_time=parsed.begin_time,
        end_time=parsed.end_time,
        user_id=parsed.user_id,
    )
    if parsed.service is None:
        return wanted
    choice = resolve_service(parsed.service, await catalogue.services())
    query = _shown(parsed.service, MAX_SERVICE_QUERY)
    if isinstance(choice, UnknownService):
        problem = i18n.get("admin-service-unknown", query=query)
        return f"{problem}\n\n{i18n.get(usage_key)}"
    if isinstance(choice, AmbiguousService):
        matches = [
            f"• {_shown(service.name, MAX_NAME)} — <code>{_shown(service.service_id)}</code>"
            for service in choice.matches[:MAX_MATCHES]
        ]
        return i18n.get("admin-service-ambiguous", query=query, services=_lines(matches))
    return wanted.model_copy(update={"service_id": choice.service_id, "service_name": choice.name})


def _usage(i18n: Texts, usage_key: str, error: ArgumentError) -> str:
    problem = i18n.get(
        f"admin-problem-{error.problem.value}",
        token=_shown(error.token, MAX_NAME),
        earliest=EARLIEST_DAY.isoformat(),
        latest=LATEST_DAY.isoformat(),
        max=str(MAX_TOKEN),
    )
    return f"{problem}\n\n{i18n.get(usage_key)}"


def _filter_text(i18n: Texts, wanted: PaymentFilter) -> str:
    open_end = i18n.get("admin-filter-open")
    lines = [
        i18n.get(
            "admin-filter-period",
            begin=_moment(wanted.begin, wanted.begin_time) or open_end,
            end=_moment(wanted.end, wanted.end_time) or open_end,
        )
    ]
    if wanted.service_id is not None:
        service = wanted.service_name or wanted.service_id
        lines.append(i18n.get("admin-filter-service", service=_shown(service, MAX_NAME)))
    if wanted.user_id is not None:
        lines.append(i18n.get("admin-filter-user", user=str(wanted.user_id)))
    return "\n".join(lines)


def _moment(day: date | None, at: time | None) -> str:
    if day is None:
        return ""
    return f"{day.isoformat()} {at:%H:%M}" if at is not None else day.isoformat()


async def _report(
    wanted: PaymentFilter,
    settings: Settings,
    paylov: PaylovClient,
    catalogue: CatalogueCache,
    repos: Repositories | None,
) -> Report:
    names = await _names(catalogue)
    if wanted.service_id is not None and wanted.service_name is not None:
        names.setdefault(wanted.service_id, wanted.service_name)
    report = await fetch_report(
        paylov, wanted, names=names, user_prefix=settings.payments.user_id_prefix
    )
    if repos is None:
        return report
    # The account paid is ours to know: Paylov's list does not carry it.
    ids = [row.transaction_id for row in report.rows]
    return with_accounts(report, await repos.payments.accounts_by_transaction(ids))


async def _names(catalogue: CatalogueCache) -> dict[str, str]:
    """Service names by id; without the catalogue a report still works, showing ids."""
    try:
        return service_names(await catalogue.services())
    except PaylovFailure:
        return {}


def _shown(text: str, limit: int = MAX_SHOWN) -> str:
    """Text from outside, cut to `limit` characters, escaped for HTML."""
    return escape(text if len(text) <= limit else text[: limit - 1] + "…")


def _lines(lines: list[str]) -> str:
    """Lines for one placeable: as many as fit Fluent's limit, then "…"."""
    kept: list[str] = []
    size = 0
    for line in lines:
        size += len(line) + 1  # with its newline
        if size + len("…") > FLUENT_PLACEABLE_MAX:
            return "\n".join([*kept, "…"])
        kept.append(line)
    return "\n".join(kept)


# --- the kept queries of /payments' page buttons ---------------------------------------------


def _admin_state(state: FSMContext) -> FSMContext:
    return FSMContext(
        storage=state.storage, key=dataclasses.replace(state.key, destiny=ADMIN_DESTINY)
    )


async def _keep_query(state: FSMContext, wanted: PaymentFilter) -> int:
    """Remembers the query for its page buttons; the oldest is forgotten past KEPT_QUERIES."""
    admin_state = _admin_state(state)
    kept = KeptQueries.model_validate((await admin_state.get_data()).get(QUERIES_KEY) or {})
    query_id = kept.next_id
    queries = {**kept.queries, query_id: wanted}
    recent = dict(sorted(queries.items())[-KEPT_QUERIES:])
    kept = KeptQueries(next_id=query_id + 1, queries=recent)
    await admin_state.update_data({QUERIES_KEY: kept.model_dump(mode="json")})
    return query_id


async def _kept_query(state: FSMContext, query_id: int) -> PaymentFilter | None:
    data = (await _admin_state(state).get_data()).get(QUERIES_KEY) or {}
    return KeptQueries.model_validate(data).queries.get(query_id)


def build_router() -> Router:
    """A fresh router per dispatcher (a router can belong to one parent only)."""
    router = Router(name=__name__)
    # Non-admins' updates are not handled here at all: they reach the fallback.
    router.message.filter(is_admin)
    router.callback_query.filter(is_admin)
    router.message.register(on_payments, Command("payments"))
    router.message.register(on_export, Command("export"))
    router.message.register(on_stats, Command("stats"))
    router.message.register(on_tx, Command("tx"))
    router.callback_query.register(on_payments_page, AdminPageCb.filter(), flags=ANSWERS_ITSELF)
    return router
