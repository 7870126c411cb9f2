"""Admin alerts in Telegram: trouble an operator must hear of without watching a dashboard.

- unsettled: a `pay` whose outcome is still unknown after OPS_ALERT_UNSETTLED_AFTER;
- paylov_down: every Paylov call failing (no answer: unavailable or unknown) for
  OPS_ALERT_PAYLOV_AFTER; a refusal is Paylov answering, so it is not failing;
- paylov_token: no access token to be had for as long;
- outbox: OPS_ALERT_OUTBOX_DEPTH notices or more owed to customers and not delivered.

Each round (every OPS_ALERT_INTERVAL) looks at every condition; an admin is told when one is
raised, again at most once per OPS_ALERT_REPEAT while it stays raised, and once when it clears.
Who has been told is in the database (bot/storage/alerts.py), claimed by compare-and-set, so
several replicas looking at one database send each message once. A send that fails gives its
claim back and is tried again next round. Paylov's state is what this replica's own calls saw
(PaylovWatch, a client observer); each round first asks Paylov the readiness question (cached),
so an idle bot notices too.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from aiogram import Bot
from aiogram_i18n.cores import BaseCore

from bot.background import Periodic
from bot.config import OpsSettings
from bot.paylov.client import TOKEN_ENDPOINT, PaylovCallEvent
from bot.storage.alerts import AlertRepository, Claim
from bot.storage.models import MAY_STILL_GO_THROUGH
from bot.storage.repositories import Repositories
from bot.storage.types import utc_now
from bot.telegram.i18n import DEFAULT_LANGUAGE

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


class AlertKind(StrEnum):
    UNSETTLED = "unsettled"
    PAYLOV_DOWN = "paylov_down"
    PAYLOV_TOKEN = "paylov_token"
    OUTBOX = "outbox"


# Fluent keys: alert-<kind> when raised, alert-<kind>-clear when it clears.
def _key(kind: AlertKind, *, cleared: bool) -> str:
    return "alert-" + kind.value.replace("_", "-") + ("-clear" if cleared else "")


@dataclass
class _Streak:
    """Failures without one good answer between them: since when, and the latest."""

    since: datetime | None = None
    last: datetime | None = None

    def fail(self, now: datetime) -> None:
        self.since = self.since or now
        self.last = now

    def end(self) -> None:
        self.since = self.last = None

    def length(self) -> timedelta:
        if self.since is None or self.last is None:
            return timedelta(0)
        return self.last - self.since


class PaylovWatch:
    """A Paylov client observer: how long every call has been failing, and how long no token
    could be had. Any answer (ok, or Paylov refusing) ends both: the call had a token."""

    def __init__(self, clock: Clock = utc_now) -> None:
        self._clock = clock
        self.down = _Streak()
        self.token = _Streak()

    def __call__(self, event: PaylovCallEvent) -> None:
        now = self._clock()
        if event.outcome in ("ok", "refused"):
            self.down.end()
            self.token.end()
        elif event.endpoint == TOKEN_ENDPOINT:
            self.token.fail(now)
        elif event.outcome in ("unavailable", "unknown"):
            self.down.fail(now)


@dataclass(frozen=True)
class _Finding:
    kind: AlertKind
    raised: bool
    args: dict[str, int]


class Alerter:
    def __init__(
        self,
        repos: Repositories,
        alerts: AlertRepository,
        core: BaseCore[object],
        watch: PaylovWatch,
        admin_ids: Sequence[int],
        settings: OpsSettings,
        *,
        probe: Callable[[], Awaitable[object]] | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self._repos = repos
        self._alerts = alerts
        self._core = core
        self._watch = watch
        self._admin_ids = list(admin_ids)
        self._settings = settings
        self._probe = probe
        self._clock = clock
        self._bot: Bot | None = None
        self._started = False
        self._periodic = Periodic("admin alerts", self._round, settings.alert_interval)

    def attach(self, bot: Bot) -> None:
        self._bot = bot

    def start(self) -> None:
        if self._admin_ids:
            self._periodic.start()

    async def stop(self) -> None:
        await self._periodic.stop()

    async def _round(self) -> None:
        # Periodic runs a job at once; a replica just started has seen nothing worth telling.
        if not self._started:
            self._started = True
            return
        await self.run_once()

    async def run_once(self) -> list[tuple[AlertKind, int, bool]]:
        """One look at every condition; returns what was sent (kind, admin, raised)."""
        if self._bot is None:
            return []
        if self._probe is not None:
            await self._probe()
        sent: list[tuple[AlertKind, int, bool]] = []
        for finding in await self._findings():
            for admin_id in self._admin_ids:
                if await self._tell(self._bot, admin_id, finding):
                    sent.append((finding.kind, admin_id, finding.raised))
        return sent

    async def _findings(self) -> list[_Finding]:
        settings, now = self._settings, self._clock()
        findings = []
        after = timedelta(seconds=settings.alert_paylov_after)
        for kind, streak in (
            (AlertKind.PAYLOV_DOWN, self._watch.down),
            (AlertKind.PAYLOV_TOKEN, self._watch.token),
        ):
            length = streak.length()
            findings.append(_Finding(kind, length >= after, {"minutes": _minutes(length)}))
        try:
            oldest = await self._repos.payments.oldest_unsettled_pay()
            counts = await self._repos.payments.count_by_status()
        except Exception:  # the other alerts still go out
            log.exception("alerts: unsettled payments not read")
        else:
            age = now - oldest if oldest is not None else timedelta(0)
            unsettled = sum(counts[status] for status in MAY_STILL_GO_THROUGH)
            raised = age >= timedelta(seconds=settings.alert_unsettled_after) and oldest is not None
            findings.append(
                _Finding(
                    AlertKind.UNSETTLED, raised, {"minutes": _minutes(age), "count": unsettled}
                )
            )
        try:
            depth = await self._repos.notices.count_undelivered()
        except Exception:
            log.exception("alerts: the outbox not read")
        else:
            raised = depth >= settings.alert_outbox_depth
            findings.append(_Finding(AlertKind.OUTBOX, raised, {"count": depth}))
        return findings

    async def _tell(self, bot: Bot, admin_id: int, finding: _Finding) -> bool:
        repeat = timedelta(seconds=self._settings.alert_repeat)
        claim: Claim | None
        if finding.raised:
            claim = await self._alerts.claim_raise(finding.kind, admin_id, repeat=repeat)
        else:
            claim = await self._alerts.claim_clear(finding.kind, admin_id)
        if claim is None:
            return False  # nothing to say, said recently, or another replica is saying it
        try:
            user = await self._repos.users.get(admin_id)
            language = (user.language if user else None) or DEFAULT_LANGUAGE
            text = self._core.get(
                _key(finding.kind, cleared=not finding.raised), language, **finding.args
            )
            await bot.send_message(chat_id=admin_id, text=text)
        except Exception as error:
            log.warning(
                "alert %s not sent to admin %s (%s); next round",
                finding.kind.value,
                admin_id,
                type(error).__name__,
            )
            await self._alerts.give_back(claim)
            return False
        log.info(
            "alert %s %s sent to admin %s",
            finding.kind.value,
            "raised" if finding.raised else "cleared",
            admin_id,
        )
        return True


def _minutes(length: timedelta) -> int:
    return int(length.total_seconds() // 60)
