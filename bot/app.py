"""Builds the long-lived objects and the dispatcher. No business logic here.

`open_app` is used by every entry point (`run`, `webhook`, `shell`) and by the tests, so they all
run the same wiring: settings → database (migrated) → Paylov client (real or the embedded
sandbox) → payment logic → dispatcher with routers and middlewares.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from aiogram import Bot, Dispatcher
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
from aiogram_i18n import I18nMiddleware
from pydantic import SecretStr

from bot.background import RedisRoundLock, RoundLock
from bot.config import Settings
from bot.ops.alerts import Alerter, PaylovWatch
from bot.ops.health import Readiness
from bot.ops.http import Ops
from bot.ops.metrics import Metrics, install_bot_api_metrics
from bot.ops.updates import install_update_log
from bot.paylov.auth import StaticTokenAuth
from bot.paylov.client import PaylovClient
from bot.paylov.sandbox import PaylovSandbox
from bot.payments.account_debts import AccountDebts
from bot.payments.card_binding import CardBinder
from bot.payments.catalogue import CatalogueCache
from bot.payments.payment_flow import PaymentFlow
from bot.payments.reconcile import ReconcileJob, Reconciler
from bot.payments.reminders import ReminderJob
from bot.payments.saved_accounts import SavedAccountsBook
from bot.payments.sealed import Sealer
from bot.payments.search import ServiceFinder, load_keywords
from bot.payments.service_facts import load_service_facts
from bot.payments.watcher import PaymentWatcher
from bot.storage.alerts import AlertRepository
from bot.storage.db import Database
from bot.storage.fsm import ConversationMiddleware, DatabaseStorage
from bot.storage.reconciliation import ReconciliationRepository
from bot.storage.repositories import Repositories
from bot.storage.support import SupportRepository
from bot.support.desk import SupportDesk
from bot.telegram.commands import register_commands
from bot.telegram.delivery import install_delivery_policy
from bot.telegram.i18n import LOCALES_PATH, make_i18n_middleware
from bot.telegram.middlewares import ContextMiddleware, InFlightUpdates, UserMiddleware
from bot.telegram.outbox import Outbox
from bot.telegram.reconcile_report import ReconcileReport
from bot.telegram.responses import keep_response_types
from bot.telegram.routers import build_root_router
from bot.telegram.services import Services
from bot.telegram.support_outbox import SupportOutbox

if TYPE_CHECKING:
    from redis.asyncio import Redis

log = logging.getLogger(__name__)

# The embedded sandbox's default static token (PaylovSandbox(static_token=...)).
SANDBOX_TOKEN = "sandbox-token"
# Beyond Paylov's own timeouts, how long a shutdown waits for updates still running.
SHUTDOWN_MARGIN = 5.0


@dataclass
class PaybotApp:
    settings: Settings
    database: Database
    repos: Repositories
    paylov: PaylovClient
    catalogue: CatalogueCache
    payments: PaymentFlow
    cards: CardBinder
    i18n: I18nMiddleware
    dispatcher: Dispatcher
    outbox: Outbox
    in_flight: InFlightUpdates
    support: SupportDesk
    support_outbox: SupportOutbox
    ops: Ops
    sandbox: PaylovSandbox | None = None
    watchers: list[PaymentWatcher] = field(default_factory=list)
    reminders: list[ReminderJob] = field(default_factory=list)
    # Replicas on one Redis: the watcher's and the reminders' rounds run on one at a time.
    round_lock: RoundLock | None = None
    reconcile_jobs: list[ReconcileJob] = field(default_factory=list)


def build_dispatcher(
    services: Services,
    i18n: I18nMiddleware,
    in_flight: InFlightUpdates,
    metrics: Metrics,
    *,
    storage: BaseStorage | None = None,
    events_isolation: BaseEventIsolation | None = None,
) -> Dispatcher:
    keep_response_types()
    storage = storage or MemoryStorage()
    # One customer's updates run one at a time: a double tap waits for the first to finish.
    events_isolation = events_isolation or SimpleEventIsolation()
    # aiogram's own FSM middleware is replaced by ours, which also opens the update's unit of
    # work on the database storage (one read, one write per update).
    dispatcher = Dispatcher(storage=storage, events_isolation=events_isolation, disable_fsm=True)
    # First of ours: an update's log line times its conversation's read and write too.
    install_update_log(dispatcher, metrics)
    dispatcher.update.outer_middleware(ConversationMiddleware(storage, events_isolation))
    dispatcher.workflow_data.update(services.workflow_data())
    # Outermost, and its shutdown step first: updates still running (a `pay` awaiting its
    # answer) finish before i18n, the Paylov client and the database go away.
    dispatcher.update.outer_middleware(in_flight)
    dispatcher.shutdown.register(_on_shutdown)
    # The user's row before i18n, which reads the language from it; the context last.
    dispatcher.update.outer_middleware(
        UserMiddleware(services.repos, services.outbox, services.support_outbox)
    )
    i18n.setup(dispatcher)
    dispatcher.update.outer_middleware(ContextMiddleware())
    dispatcher.include_router(build_root_router())
    return dispatcher


@contextlib.asynccontextmanager
async def open_app(
    settings: Settings,
    *,
    sandbox: PaylovSandbox | None = None,
    storage: BaseStorage | None = None,
    events_isolation: BaseEventIsolation | None = None,
) -> AsyncIterator[PaybotApp]:
    """Everything the bot needs, started; closed again on exit.

    With `settings.paylov.sandbox` (or a `sandbox` given by a test) Paylov is the embedded
    sandbox; otherwise the configured Paylov host with its credentials.
    """
    async with contextlib.AsyncExitStack() as stack:
        own_sandbox = sandbox is None and settings.paylov.sandbox
        if own_sandbox:
            sandbox = PaylovSandbox()
            await sandbox.start()
            stack.push_async_callback(sandbox.stop)
        database = Database(settings.database.url, echo=settings.database.echo)
        stack.push_async_callback(database.close)
        await database.migrate()
        repos = Repositories.from_database(database)
        paylov = _paylov_client(settings, sandbox)
        stack.push_async_callback(paylov.aclose)
        metrics = Metrics(repos)
        paylov.observers.append(metrics.observe_paylov)
        catalogue = CatalogueCache(paylov, ttl=settings.payments.catalogue_ttl)
        payments = PaymentFlow(
            paylov,
            repos,
            user_id_prefix=settings.payments.user_id_prefix,
            give_up_after=timedelta(seconds=settings.payments.recheck_give_up_after),
            in_flight_grace=timedelta(seconds=settings.payments.in_flight_grace),
            code_wait_limit=timedelta(seconds=settings.payments.code_wait_limit),
            repeat_window=timedelta(seconds=settings.payments.repeat_guard),
        )
        cards = CardBinder(
            paylov,
            repos,
            luhn_check=settings.payments.luhn_check,
            user_id_prefix=settings.payments.user_id_prefix,
            sealer=_draft_sealer(settings),
        )
        i18n = make_i18n_middleware(repos)
        outbox = Outbox(i18n.core, repos, catalogue, interval=settings.payments.outbox_interval)
        support_repo = SupportRepository(database)
        support = SupportDesk(support_repo, settings.telegram.admin_ids)
        support_outbox = SupportOutbox(
            i18n.core, repos, support_repo, interval=settings.payments.outbox_interval
        )
        in_flight = InFlightUpdates(at_once=settings.telegram.updates_at_once)
        facts = load_service_facts()
        services = Services(
            settings=settings,
            repos=repos,
            paylov=paylov,
            catalogue=catalogue,
            payments=payments,
            cards=cards,
            saved_accounts=SavedAccountsBook(repos),
            outbox=outbox,
            search=ServiceFinder(
                catalogue, repos.payments, load_keywords(LOCALES_PATH / "keywords.toml")
            ),
            support=support,
            support_outbox=support_outbox,
            reconciler=Reconciler(paylov, repos, payments),
            debts=AccountDebts(
                catalogue,
                facts,
                repos,
                ttl=settings.payments.menu_debt_ttl,
                timeout=settings.payments.menu_debt_timeout,
            ),
            facts=facts,
        )
        round_lock: RoundLock | None = None
        if storage is None and settings.fsm.storage == "redis":
            storage, events_isolation, round_lock = _redis_fsm(
                settings.fsm.redis_url, _longest_update(settings)
            )
            stack.push_async_callback(storage.close)
        elif storage is None and settings.fsm.storage == "database":
            storage = DatabaseStorage(database)
        dispatcher = build_dispatcher(
            services,
            i18n,
            in_flight,
            metrics,
            storage=storage,
            events_isolation=events_isolation,
        )
        app = PaybotApp(
            settings=settings,
            database=database,
            repos=repos,
            paylov=paylov,
            catalogue=catalogue,
            payments=payments,
            cards=cards,
            i18n=i18n,
            dispatcher=dispatcher,
            outbox=outbox,
            in_flight=in_flight,
            support=support,
            support_outbox=support_outbox,
            ops=_ops(settings, database, repos, paylov, i18n, metrics, dispatcher.storage),
            sandbox=sandbox,
            round_lock=round_lock,
        )
        dispatcher.startup.register(_on_startup)
        dispatcher["app"] = app
        yield app


def _draft_sealer(settings: Settings) -> Sealer:
    """The key that seals the card expiry in conversation drafts. Every replica has the bot token
    and no database or log holds it, so the key derives from it; without one (the shell, tests)
    there is one process, with a key of its own."""
    token = settings.telegram.token.get_secret_value() if settings.telegram.token else ""
    return Sealer(token.encode()) if token else Sealer.with_random_key()


def _redis_fsm(url: str, lock_timeout: float) -> tuple[BaseStorage, BaseEventIsolation, RoundLock]:
    """FSM state, per-user isolation and the background rounds' lock shared by every replica
    (pip install paybot[redis]).

    A replica killed mid-update never releases its customer's lock: it expires after
    `lock_timeout`, the longest an update may run, and the update Telegram delivers again to
    another replica waits until then (docs/replicas.md)."""
    from aiogram.fsm.storage.base import DefaultKeyBuilder
    from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage

    # Destinies keep the admins' page queries apart from the customer flow's draft.
    storage = RedisStorage.from_url(url, key_builder=DefaultKeyBuilder(with_destiny=True))
    lock = {"timeout": lock_timeout}
    isolation = RedisEventIsolation(redis=storage.redis, lock_kwargs=lock)
    return storage, isolation, RedisRoundLock(storage.redis, ttl=lock_timeout)


def _longest_update(settings: Settings) -> float:
    """How long one update may take: its wait on Paylov, bounded by the client's timeouts."""
    paylov = settings.paylov
    return paylov.connect_timeout + paylov.read_timeout + SHUTDOWN_MARGIN


def _ops(
    settings: Settings,
    database: Database,
    repos: Repositories,
    paylov: PaylovClient,
    i18n: I18nMiddleware,
    metrics: Metrics,
    storage: BaseStorage,
) -> Ops:
    ops = settings.ops
    readiness = Readiness(
        database,
        paylov,
        redis=_redis_of(storage),
        paylov_cache=ops.ready_cache,
        timeout=ops.ready_timeout,
    )
    watch = PaylovWatch()
    paylov.observers.append(watch)
    alerts = Alerter(
        repos,
        AlertRepository(database),
        i18n.core,
        watch,
        settings.telegram.admin_ids,
        ops,
        probe=readiness.paylov,
    )
    return Ops(metrics, readiness, alerts)


def _redis_of(storage: BaseStorage) -> Redis | None:
    """The Redis conversations are kept in, if they are (readiness asks it)."""
    try:
        from aiogram.fsm.storage.redis import RedisStorage
    except ImportError:  # paybot[redis] not installed: no Redis either
        return None
    return storage.redis if isinstance(storage, RedisStorage) else None


def _paylov_client(settings: Settings, sandbox: PaylovSandbox | None) -> PaylovClient:
    if sandbox is None:
        return PaylovClient.from_settings(settings.paylov)
    return PaylovClient(
        sandbox.url,
        StaticTokenAuth(SecretStr(SANDBOX_TOKEN)),
        connect_timeout=settings.paylov.connect_timeout,
        read_timeout=settings.paylov.read_timeout,
        get_retries=settings.paylov.get_retries,
        retry_backoff=settings.paylov.retry_backoff,
    )


async def _on_startup(bot: Bot, app: PaybotApp) -> None:
    # Every driver's bot retries Telegram's transient failures (a 429, a 5xx) the same way.
    install_delivery_policy(bot.session)
    install_bot_api_metrics(bot.session, app.ops.metrics)  # innermost: every attempt counted
    admins = {
        admin_id: user.language if (user := await app.repos.users.get(admin_id)) else None
        for admin_id in app.settings.telegram.admin_ids
    }
    await register_commands(bot, app.i18n.core, admins)
    app.outbox.attach(bot)
    # In the background: a slow Paylov must not keep the first customer waiting. Payments a
    # crash left `paying` are settled by its first round, which starts at once.
    watcher = PaymentWatcher(
        app.payments,
        interval=app.settings.payments.recheck_interval,
        on_settled=app.outbox.wake,
        lock=app.round_lock,
    )
    watcher.start()
    app.watchers.append(watcher)
    reminders = ReminderJob(
        app.repos, app.catalogue, on_queued=app.outbox.wake, lock=app.round_lock
    )
    reminders.start()
    app.reminders.append(reminders)
    # The day before, once a day whichever replica gets there first; the admins hear of it.
    report = ReconcileReport(bot, app.i18n.core, app.repos.users, app.settings.telegram.admin_ids)
    runs = ReconciliationRepository(app.database)
    reconcile = ReconcileJob(app.dispatcher["reconciler"], runs, report, on_fixed=app.outbox.wake)
    reconcile.start()
    app.reconcile_jobs.append(reconcile)
    app.outbox.start()
    app.support_outbox.attach(bot)
    app.support_outbox.start()
    app.ops.alerts.attach(bot)
    app.ops.alerts.start()


async def _on_shutdown(app: PaybotApp) -> None:
    """Let running updates finish (bounded by Paylov's timeouts), then stop the background
    jobs; what is still owed stays in the outbox for the next start."""
    grace = _longest_update(app.settings)
    if not await app.in_flight.drain(grace):
        log.warning("%s updates still running after %.0fs; stopping", app.in_flight.running, grace)
    for watcher in app.watchers:
        await watcher.stop()
    app.watchers.clear()
    for job in app.reminders:
        await job.stop()
    app.reminders.clear()
    for reconcile in app.reconcile_jobs:
        await reconcile.stop()
    app.reconcile_jobs.clear()
    await app.outbox.stop()
    await app.support_outbox.stop()
    await app.ops.alerts.stop()


async def start_dispatcher(dispatcher: Dispatcher, bot: Bot) -> None:
    """What `start_polling` does before the first update, for drivers that feed updates
    themselves (the terminal chat and the tests)."""
    await dispatcher.emit_startup(
        bot=bot, bots=[bot], dispatcher=dispatcher, **dispatcher.workflow_data
    )


async def stop_dispatcher(dispatcher: Dispatcher, bot: Bot) -> None:
    await dispatcher.emit_shutdown(
        bot=bot, bots=[bot], dispatcher=dispatcher, **dispatcher.workflow_data
    )
