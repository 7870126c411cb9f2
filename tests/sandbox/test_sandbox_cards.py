"""Card binding (createUserCard + confirmUserCardCreate), listing, getCard, delete."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sandbox_helpers import (
    BLOCKED,
    EXPIRED,
    FIXED_PHONE,
    HUMO,
    NOT_LUHN,
    UZCARD,
    bind_card,
    ok,
    refused,
)

from bot.paylov.sandbox import PaylovSandbox

CREATE = "merchant/userCard/createUserCard/"
CONFIRM = "merchant/userCard/confirmUserCardCreate/"


async def start_binding(
    api: httpx.AsyncClient, card: tuple[str, str, str], **extra: Any
) -> httpx.Response:
    number, expiry, _ = card
    body = {"userId": "u1", "cardNumber": number, "expireDate": expiry, **extra}
    return await api.post(CREATE, json=body)


async def test_binding_flow(api: httpx.AsyncClient) -> None:
    started = ok(await start_binding(api, UZCARD))
    assert started["otpSentPhone"] == "********2233"

    body = {"cardId": started["cid"], "otp": UZCARD[2], "cardName": "Зарплатная"}
    card = ok(await api.post(CONFIRM, json=body))["card"]

    assert card["cardId"] != started["cid"]
    assert card["userId"] == "u1"
    assert card["number"] == "860000******7878"
    assert card["vendor"] == "Uzcard"
    assert card["cardName"] == "Зарплатная"
    assert card["expireDate"] == "2909"
    assert card["balance"] == 5_000_000_000
    assert card["owner"]
    assert card["status"] == {"is_active": True, "status_message": "active"}
    repeat = await api.post(CONFIRM, json=body)
    assert refused(repeat) == "card_is_already_activated"


async def test_otp_goes_to_the_given_phone(api: httpx.AsyncClient) -> None:
    started = ok(await start_binding(api, HUMO, phoneNumber="+998 97 700-11-22"))

    assert started["otpSentPhone"] == "********1122"


async def test_card_listing_get_and_delete(api: httpx.AsyncClient) -> None:
    humo = await bind_card(api, HUMO)
    uzcard = await bind_card(api, UZCARD)
    await bind_card(api, NOT_LUHN, user_id="u2")

    cards = ok(await api.get("merchant/userCard/getAllUserCards/", params={"userId": "u1"}))
    assert {card["cardId"] for card in cards["cards"]} == {humo, uzcard}
    one = ok(await api.get(f"merchant/userCard/getCard/{humo}/"))["card"]
    assert one["number"] == "986009******9377"
    assert one["vendor"] == "Humo"

    deleted = await api.delete("merchant/userCard/deleteUserCard/", params={"userCardId": humo})
    assert ok(deleted) is True
    cards = ok(await api.get("merchant/userCard/getAllUserCards", params={"userId": "u1"}))
    assert [card["cardId"] for card in cards["cards"]] == [uzcard]
    assert refused(await api.get(f"merchant/userCard/getCard/{humo}")) == "card_not_found"
    again = await api.delete("merchant/userCard/deleteUserCard/", params={"userCardId": humo})
    assert refused(again) == "card_not_found"


async def test_binding_the_same_card_again_keeps_its_id(api: httpx.AsyncClient) -> None:
    first = await bind_card(api, HUMO)

    assert await bind_card(api, HUMO) == first
    assert await bind_card(api, HUMO, user_id="u2") != first


async def test_wrong_otp_three_times_kills_the_binding(api: httpx.AsyncClient) -> None:
    cid = ok(await start_binding(api, HUMO))["cid"]

    for _ in range(2):
        assert refused(await api.post(CONFIRM, json={"cardId": cid, "otp": "000000"})) == (
            "invalid_otp"
        )
    assert refused(await api.post(CONFIRM, json={"cardId": cid, "otp": "000000"})) == (
        "too_many_attempts"
    )
    # dead: even the right code no longer works, but a new binding does
    assert refused(await api.post(CONFIRM, json={"cardId": cid, "otp": HUMO[2]})) == (
        "too_many_attempts"
    )
    assert await bind_card(api, HUMO)


async def test_a_right_code_after_a_wrong_one_binds(api: httpx.AsyncClient) -> None:
    cid = ok(await start_binding(api, HUMO))["cid"]

    assert refused(await api.post(CONFIRM, json={"cardId": cid, "otp": "111111"})) == "invalid_otp"
    assert ok(await api.post(CONFIRM, json={"cardId": cid, "otp": HUMO[2]}))["card"]


@pytest.mark.parametrize(
    ("card", "code"),
    [
        (("8600000000000000", "2909", ""), "card_not_found"),
        ((UZCARD[0], "2910", ""), "invalid_expire_date"),  # not the card's
        ((UZCARD[0], "0929", ""), "invalid_expire_date"),  # MMYY instead of YYMM
        ((UZCARD[0], "29/09", ""), "invalid_expire_date"),
        (EXPIRED, "card_expired"),
        (BLOCKED, "card_is_blocked_in_processing_center"),
    ],
)
async def test_binding_refusals(
    api: httpx.AsyncClient, card: tuple[str, str, str], code: str
) -> None:
    assert refused(await start_binding(api, card)) == code


async def test_phone_not_match_only_for_a_card_with_a_fixed_phone(api: httpx.AsyncClient) -> None:
    wrong = await start_binding(api, FIXED_PHONE, phoneNumber="+998901112233")
    assert refused(wrong) == "phone_not_match"

    right = ok(await start_binding(api, FIXED_PHONE, phoneNumber="935550011"))
    assert right["otpSentPhone"] == "********0011"
    assert ok(await start_binding(api, UZCARD, phoneNumber="+998901112233"))["cid"]


async def test_malformed_binding_requests(api: httpx.AsyncClient) -> None:
    assert refused(await api.post(CREATE, json={"cardNumber": UZCARD[0]})) == "invalid_request"
    assert refused(await api.post(CONFIRM, json={"cardId": "nope", "otp": "1"})) == (
        "card_not_found"
    )
    answer = await api.get("merchant/userCard/getAllUserCards/")
    assert refused(answer) == "invalid_request"


async def test_a_blocked_card_shows_its_reason(
    api: httpx.AsyncClient, sandbox: PaylovSandbox
) -> None:
    card_id = await bind_card(api, HUMO)

    sandbox.block_card(HUMO[0], "do_not_honor")

    card = ok(await api.get(f"merchant/userCard/getCard/{card_id}/"))["card"]
    assert card["status"] == {"is_active": False, "status_message": "do_not_honor"}


async def test_the_wrong_code_and_second_confirm_answers_can_be_chosen() -> None:
    sandbox = PaylovSandbox(wrong_otp_error="otp_invalid", reconfirm_error="card_not_found")
    await sandbox.start()
    try:
        headers = {"Authorization": "Bearer sandbox-token"}
        async with httpx.AsyncClient(base_url=sandbox.url, headers=headers) as api:
            cid = ok(await start_binding(api, UZCARD))["cid"]
            wrong = await api.post(CONFIRM, json={"cardId": cid, "otp": "000000"})
            assert refused(wrong) == "otp_invalid"
            ok(await api.post(CONFIRM, json={"cardId": cid, "otp": UZCARD[2]}))
            again = await api.post(CONFIRM, json={"cardId": cid, "otp": UZCARD[2]})
            assert refused(again) == "card_not_found"
    finally:
        await sandbox.stop()
