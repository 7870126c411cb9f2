"""Whether an account paid before (a saved one, or one from the history) can be paid again in
two taps: its service must still be offered, take payments now, and ask for exactly the fields
the kept answers fill. The quick repay goes straight to a fresh preview only then.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.paylov.errors import PaylovError, PaylovFailure, PaylovUnavailable
from bot.paylov.models import Service, ServiceFields
from bot.payments.catalogue import CatalogueCache
from bot.payments.form import AccountForm


@dataclass(frozen=True)
class Repayable:
    """The service and its current form; the answers fit it."""

    service: Service
    fields: ServiceFields


@dataclass(frozen=True)
class ServiceGone:
    """The service is no longer offered (not listed, inactive), or its form is refused."""


@dataclass(frozen=True)
class NotPayableNow:
    """Offered, but Paylov takes no payments for it right now (`payment_available: false`)."""

    fields: ServiceFields


@dataclass(frozen=True)
class FormChanged:
    """The service asks for other fields or values than the kept answers: enter them anew."""

    fields: ServiceFields


@dataclass(frozen=True)
class CatalogueUnavailable:
    """Paylov's catalogue cannot be read now (no answer, or the list refused): try again."""


RepayCheck = Repayable | ServiceGone | NotPayableNow | FormChanged | CatalogueUnavailable


async def check_repay(
    catalogue: CatalogueCache, service_id: str, account: Mapping[str, str]
) -> RepayCheck:
    """Can `account` of `service_id` be paid again now, and with which form."""
    try:
        service = await catalogue.service(service_id)
    except PaylovFailure:
        return CatalogueUnavailable()
    if service is None:
        return ServiceGone()
    try:
        fields = await catalogue.fields(service_id)
    except PaylovError:
        return ServiceGone()  # listed, yet its form is refused: gone for us
    except PaylovUnavailable:
        return CatalogueUnavailable()
    if not fields.payment_available:
        return NotPayableNow(fields)
    if not AccountForm(fields).is_consistent(account):
        return FormChanged(fields)
    return Repayable(service, fields)
