"""Admins' messages quote names, ids and accounts that came from outside; however long those are,
each message is still sent (Fluent refuses a placeable over 2,500 characters, and escaping
turns each "<" into four)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.paylov.models import (
    ConfirmUserCardRequest,
    CreateRequest,
    CreateUserCardRequest,
    PayRequest,
)
from bot.paylov.sandbox import PaylovSandbox
from bot.paylov.sandbox.catalogue import BUNDLED_CATALOGUE
from bot.payments.payment_flow import paylov_user_id
from tests.conversation.conftest import ADMIN_ID, UZCARD, UZCARD_OTP, Paybot

LONG = "<" * 1000  # 4,000 characters once escaped
SERVICES = [f"{letter * 8}-0000-4000-8000-000000000001" for letter in "abc"]
CUSTOMER = 700_001


def _long_names_catalogue() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(BUNDLED_CATALOGUE.read_text(encoding="utf-8"))
    data["categories"].append({"id": 98, "name": LONG})
    for number, service_id in enumerate(SERVICES, start=1):
        data["services"].append(
            {
                "service_id": service_id,
                "name": f"{LONG} {number}",
                "category": 98,
                "amount": {"min": 1000, "max": 1_000_000},
                "fields": [{"field_id": "1", "name": "account", "title": LONG, "type": "text"}],
            }
        )
    return data


@pytest.fixture
async def sandbox() -> AsyncIterator[PaylovSandbox]:
    """The bundled catalogue plus three services with very long names (overrides conftest's)."""
    sandbox = PaylovSandbox(catalogue=_long_names_catalogue(), hang_seconds=3.0)
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


async def _paid_elsewhere(paybot: Paybot, service_id: str) -> str:
    """A payment of `service_id` made straight through Paylov; its transaction id."""
    paylov = paybot.app.paylov
    user_id = paylov_user_id(paybot.app.settings.payments.user_id_prefix, CUSTOMER)
    binding = await paylov.create_user_card(
        CreateUserCardRequest(user_id=user_id, card_number=UZCARD, expire_date="2909")
    )
    card = await paylov.confirm_user_card(
        ConfirmUserCardRequest(card_id=binding.cid, otp=UZCARD_OTP)
    )
    created = await paylov.create_transaction(
        CreateRequest(
            service_id=service_id,
            account={"account": "12345"},
            amount=5000,
            user_id=user_id,
            card_id=card.card_id,
        )
    )
    await paylov.pay(
        PayRequest(
            transaction_id=created.transaction_id,
            card_id=card.card_id,
            user_id=user_id,
            otp=UZCARD_OTP,
        )
    )
    return created.transaction_id


async def _admin_says(paybot: Paybot, text: str) -> str:
    admin = paybot.user(ADMIN_ID)
    activity = await paybot.tg.send(admin, text)
    return activity.last.plain


async def test_services_with_long_names_are_listed_cut(paybot: Paybot) -> None:
    text = await _admin_says(paybot, "/payments <<<<")
    assert "Several services match <<<<" in text
    assert text.count(SERVICES[0]) == 1 and SERVICES[2] in text
    assert LONG not in text and "…" in text


async def test_a_long_named_service_in_the_filter_the_listing_and_tx(paybot: Paybot) -> None:
    transaction_id = await _paid_elsewhere(paybot, SERVICES[0])
    text = await _admin_says(paybot, f"/payments {SERVICES[0]}")
    assert "Paid transactions: 1" in text and "Service: <<<<" in text
    assert LONG not in text
    text = await _admin_says(paybot, f"/tx {transaction_id}")
    assert "Paylov: paid" in text and "Service: <<<<" in text and LONG not in text


async def test_a_local_record_with_a_long_name_and_account_in_tx(paybot: Paybot) -> None:
    await paybot.app.repos.users.get_or_create(CUSTOMER)
    payments = paybot.app.repos.payments
    draft = await payments.create_draft(
        user_id=CUSTOMER,
        service_id=SERVICES[1],
        service_name=LONG[:255],  # the column's length
        account={"account": LONG},
        account_label=LONG,
        amount=5000,
        card_id=None,
        card_mask=None,
    )
    await payments.mark_created(draft.id, "tx-long", otp_phone=None)
    text = await _admin_says(paybot, "/tx tx-long")
    assert f"Our record #{draft.id}" in text and "Account: <<<<" in text
    assert LONG[:255] not in text
