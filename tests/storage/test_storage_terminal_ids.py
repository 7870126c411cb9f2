"""A paid payment keeps the merchant and terminal ids of `pay`'s answer (its receipt card
shows them); a payment settled by `transaction/status`, which does not give them, has none."""

from __future__ import annotations

from bot.storage.models import PaymentStatus
from bot.storage.repositories import Repositories

from .helpers import make_draft


async def test_mark_paid_keeps_the_merchant_and_terminal(repos: Repositories) -> None:
    draft = await make_draft(repos)
    await repos.payments.mark_created(draft.id, "tx-1", None)
    assert await repos.payments.claim_for_pay(draft.id)
    paid = await repos.payments.mark_paid(
        draft.id,
        "ref-1",
        "2025-03-01 14:30:00",
        epos_merchant="90510020873",
        epos_terminal="92902804",
    )
    assert paid is not None and paid.status is PaymentStatus.PAID
    assert (paid.epos_merchant, paid.epos_terminal) == ("90510020873", "92902804")
    assert await repos.payments.get(draft.id) == paid


async def test_settled_by_status_has_no_terminal(repos: Repositories) -> None:
    draft = await make_draft(repos)
    await repos.payments.mark_created(draft.id, "tx-2", None)
    paid = await repos.payments.mark_paid(draft.id, None, "2025-03-01 14:30:00")
    assert paid is not None
    assert (paid.epos_merchant, paid.epos_terminal) == (None, None)
