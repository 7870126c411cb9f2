"""Steps several sandbox tests share."""

from __future__ import annotations

from bot.paylov.client import PaylovClient
from bot.paylov.models import (
    ConfirmUserCardRequest,
    CreatedTransaction,
    CreateRequest,
    CreateUserCardRequest,
    UserCard,
)
from tests.paylov.conftest import USER_ID, TestAccount, TestCard


async def bind_card(client: PaylovClient, card: TestCard, user_id: str = USER_ID) -> UserCard:
    binding = await client.create_user_card(
        CreateUserCardRequest(
            user_id=user_id, card_number=card.number, expire_date=card.expire_date
        )
    )
    return await client.confirm_user_card(ConfirmUserCardRequest(card_id=binding.cid, otp=card.otp))


async def create(
    client: PaylovClient, account: TestAccount, *, card_id: str | None = None
) -> CreatedTransaction:
    """A transaction of the smallest amount; with `card_id` it waits for the SMS code."""
    request = CreateRequest(
        service_id=account.service.service_id,
        account=account.account,
        amount=account.service.amount.min,
        user_id=USER_ID,
        card_id=card_id,
    )
    return await client.create_transaction(request)
