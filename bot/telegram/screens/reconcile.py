"""The reconciliation's report to admins: a short summary, and the CSV of what is off."""

from __future__ import annotations

from aiogram.types import BufferedInputFile

from bot.payments.reconcile import (
    MismatchKind,
    Reconciliation,
    csv_filename,
    reconciliation_csv,
)
from bot.storage.models import PaymentStatus
from bot.telegram.screens import Texts


def summary(texts: Texts, result: Reconciliation) -> str:
    """What was compared, each kind of mismatch with its count, and what was fixed."""
    day = result.day.isoformat()
    totals = texts.get(
        "reconcile-totals",
        local=str(result.local_paid),
        paylov=str(result.paylov_paid),
        open=str(result.open_checked),
    )
    if result.matched:
        return "\n".join([texts.get("reconcile-matched", day=day), totals])
    lines = [texts.get("reconcile-title", day=day, count=str(len(result.mismatches))), totals]
    counts = result.counts()
    lines += [
        texts.get(f"reconcile-kind-{kind.value}", count=str(counts[kind]))
        for kind in MismatchKind
        if counts[kind]
    ]
    if result.held_back:
        lines.append(texts.get("reconcile-held-back", count=str(result.held_back)))
    paid, failed = result.became(PaymentStatus.PAID), result.became(PaymentStatus.FAILED)
    if paid or failed:
        lines.append(texts.get("reconcile-fixed", paid=str(paid), failed=str(failed)))
    elif result.mismatches:
        lines.append(texts.get("reconcile-nothing-fixed"))
    return "\n".join(lines)


def csv_document(result: Reconciliation) -> BufferedInputFile | None:
    """The mismatches as a CSV file; None when there are none."""
    if not result.mismatches:
        return None
    return BufferedInputFile(reconciliation_csv(result.mismatches), csv_filename(result.day))
