"""Which saved account a payment belongs to (TODO(merge): into bot/payments/saved_accounts)."""

from __future__ import annotations

from bot.storage.repositories import PaymentRecord, Repositories, SavedAccountRecord


async def saved_account_of(
    repos: Repositories, payment: PaymentRecord
) -> SavedAccountRecord | None:
    """The saved account this payment was made from, or one saved later for the same account."""
    if payment.saved_account_id is not None:
        saved = await repos.saved_accounts.get_for_user(payment.saved_account_id, payment.user_id)
        if saved is not None:
            return saved
    return await repos.saved_accounts.find(payment.user_id, payment.service_id, payment.account)
