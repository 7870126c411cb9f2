"""What the customer's saved accounts owe now, for the main screen: a fresh `info` per account,
asked concurrently under one deadline and kept briefly.

The main screen is navigation: it must come at once whatever Paylov does. So at most SHOWN
accounts are shown and asked, all at the same time, and what has not answered by `timeout`
is cancelled (an `info` is a GET: nothing moves) and shown without a debt; such an account is
not asked again for RETRY_AFTER seconds, so a customer tapping "Menu" on a slow Paylov does not
pile calls onto it. An answer is kept for `ttl` seconds, per customer and account, and dropped
as soon as a payment of that account changed after it was asked (the receipt's "Menu" then
shows the debt as it is now, not as it was before paying), whichever replica recorded it.

What is owed is read by the debt rules of service_facts.toml, as the preview's "Pay what is
owed" reads it; a service without a rule is never asked (nothing could be said).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.paylov.errors import PaylovError, PaylovUnavailable
from bot.payments.catalogue import CatalogueCache
from bot.payments.service_facts import Debt, ServiceFacts
from bot.storage.repositories import Repositories, SavedAccountRecord, account_key
from bot.storage.types import utc_now

log = logging.getLogger(__name__)

# Accounts on the main screen (and `info` calls one main screen may make); the rest are in
# "Saved accounts". Four rows keep the menu's own buttons on a phone's first screen.
SHOWN = 4
# An account whose `info` did not answer in time is shown without a debt this long.
RETRY_AFTER = 30.0
# Answers kept in one process at most (oldest dropped first): a bound on memory, not a TTL.
MAX_KEPT = 10_000

Clock = Callable[[], datetime]
_Key = tuple[int, str, str]  # customer, service, account_key


@dataclass(frozen=True)
class AccountDebt:
    """A saved account as the main screen shows it. `debt` as ServiceFacts.debt gives it (None:
    cannot be told); `late`: Paylov did not answer in time, so nothing is said yet."""

    account: SavedAccountRecord
    debt: Debt = None
    late: bool = False


@dataclass(frozen=True)
class _Kept:
    asked_at: datetime
    debt: Debt
    late: bool


class AccountDebts:
    def __init__(
        self,
        catalogue: CatalogueCache,
        facts: ServiceFacts,
        repos: Repositories,
        *,
        ttl: float = 120.0,
        timeout: float = 1.5,
        clock: Clock = utc_now,
        shown: int = SHOWN,
    ) -> None:
        self._catalogue = catalogue
        self._facts = facts
        self._saved = repos.saved_accounts
        self._payments = repos.payments
        self._ttl = timedelta(seconds=ttl)
        self._retry_after = timedelta(seconds=min(RETRY_AFTER, ttl))
        self._timeout = timeout
        self._clock = clock
        self._shown = shown
        self._kept: dict[_Key, _Kept] = {}

    async def for_menu(self, user_id: int) -> list[AccountDebt]:
        """The customer's first SHOWN saved accounts (the order of "Saved accounts") with what
        each owes, within `timeout` whatever Paylov does."""
        accounts = (await self._saved.list_for_user(user_id))[: self._shown]
        if not accounts:
            return []
        now = self._clock()
        kept = await self._still_true(user_id, accounts, now)
        asking = {
            account.id: asyncio.ensure_future(self._ask(account))
            for account in accounts
            if account.id not in kept and self._facts.debts.get(account.service_id) is not None
        }
        if asking:
            _, late = await asyncio.wait(asking.values(), timeout=self._timeout)
            for task in late:
                task.cancel()  # a GET: cancelling it moves nothing
            await asyncio.gather(*late, return_exceptions=True)
        shown = []
        for account in accounts:
            if account.id in kept:
                shown.append(kept[account.id])
                continue
            if account.id not in asking:
                shown.append(AccountDebt(account))  # no rule: nothing to ask
                continue
            task = asking[account.id]
            entry = _Kept(now, None, late=True)
            if not task.cancelled():
                error = task.exception()
                if error is None:
                    entry = _Kept(now, task.result(), late=False)
                elif not isinstance(error, PaylovUnavailable):
                    log.warning("main screen: info failed (%s)", type(error).__name__)
            self._keep(user_id, account, entry)
            shown.append(AccountDebt(account, entry.debt, entry.late))
        return shown

    async def _ask(self, account: SavedAccountRecord) -> Debt:
        """What `info` says the account owes; None when it cannot say (refused, no `info`).
        Raises PaylovUnavailable when Paylov does not answer."""
        try:
            fields = await self._catalogue.fields(account.service_id)
            if not fields.has_info_method:
                return None
            info = await self._catalogue.info(account.service_id, dict(account.account))
        except PaylovError as error:  # refused: an account gone, a service withdrawn
            log.info("main screen: info refused for a saved account (%s)", error.code)
            return None
        return self._facts.debt(fields, info)

    async def _still_true(
        self, user_id: int, accounts: Sequence[SavedAccountRecord], now: datetime
    ) -> dict[int, AccountDebt]:
        """The kept answers still good now: young enough, and no payment of their account
        changed since they were asked (one query, only when something is kept)."""
        kept: dict[int, tuple[SavedAccountRecord, _Kept]] = {}
        for account in accounts:
            entry = self._kept.get(_key(user_id, account))
            if entry is None:
                continue
            age = now - entry.asked_at
            if age <= (self._retry_after if entry.late else self._ttl):
                kept[account.id] = (account, entry)
        if not kept:
            return {}
        oldest = min(entry.asked_at for _, entry in kept.values())
        for payment in await self._payments.list_touched_since(user_id, oldest):
            changed = (payment.service_id, account_key(payment.account))
            for account_id, (account, entry) in list(kept.items()):
                same = (account.service_id, account.account_key) == changed
                if same and entry.asked_at <= payment.updated_at:
                    del kept[account_id]
        return {
            account_id: AccountDebt(account, entry.debt, entry.late)
            for account_id, (account, entry) in kept.items()
        }

    def _keep(self, user_id: int, account: SavedAccountRecord, entry: _Kept) -> None:
        key = _key(user_id, account)
        self._kept.pop(key, None)  # re-inserted last: the dict's order is the age order
        self._kept[key] = entry
        while len(self._kept) > MAX_KEPT:
            del self._kept[next(iter(self._kept))]


def _key(user_id: int, account: SavedAccountRecord) -> _Key:
    return (user_id, account.service_id, account.account_key)
