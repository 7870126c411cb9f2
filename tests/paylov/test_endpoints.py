"""Every endpoint against the sandbox: what it answers, and how refusals arrive."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.paylov.client import PaylovClient
from bot.paylov.errors import PaylovError
from bot.paylov.models import (
    ConfirmUserCardRequest,
    CreateRequest,
    CreateUserCardRequest,
    PayRequest,
    TransactionState,
)
from bot.paylov.sandbox import PaylovSandbox
from tests.paylov.conftest import USER_ID, TestAccount, TestCard
from tests.paylov.helpers import bind_card, create


async def test_list_services_mine_and_all(client: PaylovClient) -> None:
    mine = await client.list_services()
    everything = await client.list_services(available_for_me=False)
    assert mine
    assert {s.service_id for s in mine} < {s.service_id for s in everything}
    assert all(service.category.name for service in mine)


async def test_service_fields(client: PaylovClient, account: TestAccount) -> None:
    fields = await client.get_service_fields(account.service.service_id)
    assert fields.service_id == account.service.service_id
    assert {field.name for field in fields.fields} >= set(account.account)
    assert fields.response_fields


async def test_unknown_service_is_a_paylov_error(client: PaylovClient) -> None:
    with pytest.raises(PaylovError) as caught:
        await client.get_service_fields("00000000-0000-0000-0000-000000000000")
    assert (caught.value.code, caught.value.status) == ("service_not_found", 400)


async def test_info_of_a_known_account(client: PaylovClient, account: TestAccount) -> None:
    items = await client.get_info(account.service.service_id, account.account)
    names = {item.name for item in items}
    assert set(account.account) <= names
    assert len(items) > len(account.account)  # more than the echo: the account's data


async def test_info_of_an_unknown_account(client: PaylovClient, account: TestAccount) -> None:
    fields = await client.get_service_fields(account.service.service_id)
    typed = next(field.name for field in fields.fields if not field.is_select)
    unknown = {**account.account, typed: "9" * len(account.account[typed])}
    with pytest.raises(PaylovError) as caught:
        await client.get_info(account.service.service_id, unknown)
    assert caught.value.code == "account_not_found"


async def test_create_then_pay_without_otp(
    client: PaylovClient, sandbox: PaylovSandbox, account: TestAccount, card: TestCard
) -> None:
    bound = await bind_card(client, card)
    created = await create(client, account)
    assert created.transaction_id and created.data and created.sms is None
    status = await client.transaction_status(created.transaction_id)
    assert status.status == TransactionState.CREATED

    paid = await client.pay(
        PayRequest(transaction_id=created.transaction_id, card_id=bound.card_id, user_id=USER_ID)
    )
    assert paid.transaction_id == created.transaction_id
    assert paid.payed_at and paid.payment_ref
    status = await client.transaction_status(created.transaction_id)
    assert (status.status, status.amount) == (TransactionState.PAID, account.service.amount.min)
    assert sandbox.ledger.charges(created.transaction_id) == 1


async def test_create_with_card_needs_the_otp(
    client: PaylovClient, sandbox: PaylovSandbox, account: TestAccount, card: TestCard
) -> None:
    bound = await bind_card(client, card)
    created = await create(client, account, card_id=bound.card_id)
    assert created.sms is not None and created.sms.otp_sent_phone
    pay = PayRequest(transaction_id=created.transaction_id, card_id=bound.card_id, otp="000000")
    with pytest.raises(PaylovError) as caught:
        await client.pay(pay)
    assert caught.value.code == "invalid_otp"

    await client.pay(pay.model_copy(update={"otp": card.otp}))
    assert sandbox.ledger.charges(created.transaction_id) == 1
    with pytest.raises(PaylovError) as again:
        await client.pay(pay.model_copy(update={"otp": card.otp}))
    assert again.value.code == "transaction_already_payed"
    assert sandbox.ledger.charges(created.transaction_id) == 1
    assert sandbox.ledger.pay_requests(created.transaction_id) == 3  # a refusal is not resent


async def test_create_refusals(client: PaylovClient, account: TestAccount) -> None:
    too_much = CreateRequest(
        service_id=account.service.service_id,
        account=account.account,
        amount=(account.service.amount.max or 10**9) + 1,
    )
    with pytest.raises(PaylovError) as caught:
        await client.create_transaction(too_much)
    assert caught.value.code == "invalid_amount"
    with pytest.raises(PaylovError) as unknown:
        await client.transaction_status("no-such-transaction")
    assert unknown.value.code == "transaction_not_found"


async def test_transactions_all_lists_paid_ones_with_filters(
    client: PaylovClient, account: TestAccount, card: TestCard
) -> None:
    bound = await bind_card(client, card)
    paid = await create(client, account)
    await client.pay(PayRequest(transaction_id=paid.transaction_id, card_id=bound.card_id))
    unpaid = await create(client, account)

    listed = await client.transactions_all(user_id=USER_ID)
    ids = [item.id for item in listed.transactions]
    assert paid.transaction_id in ids and unpaid.transaction_id not in ids
    assert listed.total_transaction == len(ids)
    assert listed.transactions[0].card_number != card.number  # masked

    other = await client.transactions_all(user_id="someone-else")
    assert other.transactions == []
    tomorrow = date.today() + timedelta(days=2)
    later = await client.transactions_all(
        service_id=account.service.service_id, begin_date=tomorrow, end_date=tomorrow
    )
    assert later.total_transaction == 0


async def test_card_lifecycle(client: PaylovClient, card: TestCard) -> None:
    binding = await client.create_user_card(
        CreateUserCardRequest(
            user_id=USER_ID, card_number=card.number, expire_date=card.expire_date
        )
    )
    assert binding.cid and binding.otp_sent_phone
    with pytest.raises(PaylovError) as wrong:
        await client.confirm_user_card(ConfirmUserCardRequest(card_id=binding.cid, otp="000000"))
    assert wrong.value.code == "invalid_otp"

    bound = await client.confirm_user_card(
        ConfirmUserCardRequest(card_id=binding.cid, otp=card.otp, card_name="salary")
    )
    assert bound.number != card.number and bound.number.endswith(card.number[-4:])
    assert bound.card_name == "salary"
    assert [c.card_id for c in await client.get_user_cards(USER_ID)] == [bound.card_id]
    assert (await client.get_card(bound.card_id)).card_id == bound.card_id

    await client.delete_user_card(bound.card_id)
    assert await client.get_user_cards(USER_ID) == []
    with pytest.raises(PaylovError) as gone:
        await client.get_card(bound.card_id)
    assert gone.value.code == "card_not_found"


async def test_card_binding_refusals(client: PaylovClient, card: TestCard) -> None:
    wrong_expiry = CreateUserCardRequest(
        user_id=USER_ID, card_number=card.number, expire_date="0101"
    )
    with pytest.raises(PaylovError) as caught:
        await client.create_user_card(wrong_expiry)
    assert caught.value.code == "invalid_expire_date"
    unknown = CreateUserCardRequest(
        user_id=USER_ID, card_number="8600000000000000", expire_date=card.expire_date
    )
    with pytest.raises(PaylovError) as missing:
        await client.create_user_card(unknown)
    assert missing.value.code == "card_not_found"
