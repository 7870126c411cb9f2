"""A sandbox with a state file: a second sandbox on the same file continues the first's story."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from sandbox_helpers import POOR, STATIC_TOKEN, UZCARD, bind_card, create, ok, refused, status

from bot.paylov.sandbox import PaylovSandbox
from bot.paylov.sandbox.state import SandboxStateError


@asynccontextmanager
async def running(state_file: Path) -> AsyncIterator[httpx.AsyncClient]:
    sandbox = PaylovSandbox(state_file=state_file)
    url = await sandbox.start()
    try:
        headers = {"Authorization": f"Bearer {STATIC_TOKEN}"}
        async with httpx.AsyncClient(base_url=url, headers=headers, timeout=5.0) as api:
            yield api
    finally:
        await sandbox.stop()


async def test_cards_payments_balances_and_wrong_codes_outlive_the_sandbox(tmp_path: Path) -> None:
    state_file = tmp_path / "paybot.sandbox.json"
    async with running(state_file) as api:
        card_id = await bind_card(api, UZCARD)
        paid = await create(api, card_id=card_id, amount=20_000)
        ok(
            await api.post(
                "servicePayment/pay/",
                json={"transactionId": paid["transactionId"], "cardId": card_id, "otp": UZCARD[2]},
            )
        )
        waiting = await create(api, card_id=card_id, amount=1_000)
        wrong = {"transactionId": waiting["transactionId"], "cardId": card_id, "otp": "000000"}
        assert refused(await api.post("servicePayment/pay/", json=wrong)) == "invalid_otp"
        balance = ok(await api.get("merchant/userCard/getCard/" + card_id + "/"))["card"]["balance"]

    async with running(state_file) as api:
        cards = ok(await api.get("merchant/userCard/getAllUserCards/", params={"userId": "u1"}))
        assert [card["cardId"] for card in cards["cards"]] == [card_id]
        assert cards["cards"][0]["balance"] == balance  # the charge stays charged
        assert (await status(api, paid["transactionId"]))["status"] == "paid"
        listed = ok(await api.get("merchant/servicePayment/transaction/all/"))
        assert [t["id"] for t in listed["transactions"]] == [paid["transactionId"]]
        # The wrong code still counts: two more end the payment, not three.
        assert refused(await api.post("servicePayment/pay/", json=wrong)) == "invalid_otp"
        assert refused(await api.post("servicePayment/pay/", json=wrong)) == "too_many_attempts"


async def test_a_sandbox_without_a_state_file_forgets(tmp_path: Path) -> None:
    async with running(tmp_path / "kept.json") as api:
        await bind_card(api, POOR)
    sandbox = PaylovSandbox()
    assert sandbox.export_state().cards.cards == []


def test_a_file_that_is_not_the_state_is_refused_with_advice(tmp_path: Path) -> None:
    state_file = tmp_path / "paybot.sandbox.json"
    state_file.write_text('{"version": 0}')
    with pytest.raises(SandboxStateError, match="delete it, and the database beside it"):
        PaylovSandbox(state_file=state_file)
