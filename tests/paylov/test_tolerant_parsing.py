"""Answers with explicit `null`s and malformed items, as Paylov sends them now and then: parsed
through the client, staged with httpx.MockTransport."""

from __future__ import annotations

import logging

import httpx
import pytest
from pydantic import SecretStr

from bot.paylov.auth import OAuth2PasswordAuth, StaticTokenAuth
from bot.paylov.client import PaylovClient
from bot.paylov.errors import PaylovError, PaylovOutcomeUnknown, PaylovUnavailable
from bot.paylov.models import CreateRequest, OAuthToken

CATEGORY = {"id": 1, "name": "Mobile"}


def client_answering(result: object) -> PaylovClient:
    """Every call gets `{"result": result}`."""

    async def no_sleep(seconds: float) -> None:
        return None

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"result": result})

    return PaylovClient(
        "http://paylov.test/",
        StaticTokenAuth(SecretStr("token")),
        transport=httpx.MockTransport(handler),
        sleep=no_sleep,
    )


def service(service_id: str, **overrides: object) -> dict[str, object]:
    return {"service_id": service_id, "name": f"Service {service_id}", "category": CATEGORY} | (
        overrides
    )


async def test_null_flags_and_amount_take_their_defaults() -> None:
    nulls = dict.fromkeys(
        ["amount", "is_active", "has_info_method", "can_cancel", "payment_available", "logo"]
    )
    result = {"services": [service("s1", **nulls), service("s2", amount={"min": None, "max": 9})]}
    async with client_answering(result) as client:
        first, second = await client.list_services()
    assert (first.is_active, first.has_info_method, first.can_cancel) == (True, False, False)
    assert first.payment_available is True
    assert (first.amount.min, first.amount.max) == (0, None)
    assert (second.amount.min, second.amount.max) == (0, 9)


@pytest.mark.parametrize("result", [{"services": None}, {}])
async def test_null_or_missing_service_list_is_empty(result: object) -> None:
    async with client_answering(result) as client:
        assert await client.list_services() == []


async def test_a_malformed_service_is_skipped_not_the_catalogue(
    caplog: pytest.LogCaptureFixture,
) -> None:
    result = {
        "services": [
            service("s1"),
            service("bad-1", name="Secret name", category=None),
            service("bad-2", is_active="sometimes"),
            {"service_id": 12345, "name": None},
            None,
            "garbage",
            service("s2"),
        ]
    }
    caplog.set_level(logging.WARNING, logger="bot.paylov")
    async with client_answering(result) as client:
        listed = await client.list_services()
    assert [item.service_id for item in listed] == ["s1", "s2"]
    skipped = [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()]
    assert len(skipped) == 5
    assert "'bad-1'" in skipped[0] and "category" in skipped[0]
    assert "'bad-2'" in skipped[1] and "is_active" in skipped[1]
    assert "'12345'" in skipped[2]
    assert all(r.levelno == logging.WARNING for r in caplog.records if "skipped" in r.getMessage())
    assert "Secret name" not in caplog.text  # the id only, never the item's values


async def test_fields_with_nulls() -> None:
    field = {
        "field_id": "f1",
        "name": "phone",
        "title": "Phone",
        "type": None,
        "content": None,
        "required": None,
        "values": None,
    }
    answer = service("s1", is_active=None, fields=[field], response_fields=None)
    async with client_answering({"data": [answer]}) as client:
        fields = await client.get_service_fields("s1")
    assert fields.is_active is True and fields.response_fields == []
    (only,) = fields.fields
    assert (only.type, only.content, only.required, only.values) == ("text", "text", True, [])

    async with client_answering({"data": [service("s1", fields=None)]}) as client:
        assert (await client.get_service_fields("s1")).fields == []


async def test_null_fields_answer_is_service_not_found() -> None:
    async with client_answering({"data": None}) as client:
        with pytest.raises(PaylovError) as caught:
            await client.get_service_fields("s1")
    assert caught.value.code == "service_not_found"


async def test_null_lists_of_info_create_transactions_and_cards() -> None:
    async with client_answering({"data": None}) as client:
        assert await client.get_info("s1", {"phone": "901234567"}) == []
    async with client_answering({"transactionId": "t1", "data": None}) as client:
        created = await client.create_transaction(
            CreateRequest(service_id="s1", account={}, amount=500)
        )
    assert (created.transaction_id, created.data) == ("t1", [])
    async with client_answering({"totalTransaction": None, "transactions": None}) as client:
        listed = await client.transactions_all()
    assert (listed.total_transaction, listed.transactions) == (0, [])
    async with client_answering({"cards": None}) as client:
        assert await client.get_user_cards("tg1") == []


async def test_null_card_status_flag() -> None:
    card = {"cardId": "c1", "number": "860000******7878", "status": {"is_active": None}}
    async with client_answering({"cards": [card]}) as client:
        (only,) = await client.get_user_cards("tg1")
    assert only.status is not None and only.status.is_active is True


async def test_a_malformed_card_still_fails_the_whole_list() -> None:
    # Skipping a card would look like "the customer has no such card": the bot could forget it.
    cards = [{"cardId": "c1", "number": "860000******7878"}, {"cardId": None, "number": None}]
    async with client_answering({"cards": cards}) as client:
        with pytest.raises(PaylovUnavailable) as caught:
            await client.get_user_cards("tg1")
    assert "cards.1" in caught.value.reason


async def test_a_null_where_a_value_is_required_is_still_malformed() -> None:
    async with client_answering({"transactionId": None}) as client:
        with pytest.raises(PaylovOutcomeUnknown):
            await client.create_transaction(CreateRequest(service_id="s1", account={}, amount=5))


async def test_null_token_lifetime_and_type_take_their_defaults() -> None:
    answer = {"access_token": "a1", "token_type": None, "expires_in": None, "refresh_token": None}
    token = OAuthToken.model_validate(answer)
    assert (token.token_type, token.expires_in, token.refresh_token) == ("Bearer", 3600, None)

    auth = OAuth2PasswordAuth(
        consumer_key=SecretStr("k"),
        consumer_secret=SecretStr("s"),
        username=SecretStr("u"),
        password=SecretStr("p"),
    )

    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=answer)

    async with httpx.AsyncClient(
        base_url="http://paylov.test/", transport=httpx.MockTransport(respond)
    ) as http:
        assert await auth.token(http) == "a1"
