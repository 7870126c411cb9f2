"""LOG_FORMAT=json in the real process: every line it writes is one JSON object, and each line
about money carries the payment's ids as fields, with no card number or code anywhere."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

from tests.process.flows import (
    ASKS_PHONE,
    UZCARD,
    UZCARD_OTP,
    begin,
    bind_card_in_flow,
    confirm_and_pay,
    open_electricity_amount,
    stored_payments,
)
from tests.process.harness import START_TIMEOUT, Harness

FLOW_TIMEOUT = 45.0
MONEY_LOGGERS = {"bot.payments.payment_flow", "bot.telegram.outbox"}


def entries(log: str) -> list[dict[str, Any]]:
    lines = [line for line in log.splitlines() if line.strip()]
    assert lines
    parsed = []
    for line in lines:
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            raise AssertionError(f"not a JSON line: {line!r}") from None
        assert isinstance(entry, dict), line
        assert {"time", "level", "logger", "message"} <= entry.keys(), line
        parsed.append(entry)
    return parsed


async def test_a_payment_logged_as_json(harness: Harness) -> None:
    harness.env["LOG_FORMAT"] = "json"
    async with asyncio.timeout(START_TIMEOUT + FLOW_TIMEOUT):
        bot = await harness.start_bot()
        aziza = harness.customer(5101)
        await begin(aziza)
        await open_electricity_amount(aziza)
        await aziza.send("30000")
        assert ASKS_PHONE in aziza.last_text
        await bind_card_in_flow(aziza)
        await confirm_and_pay(aziza)
        [(status, transaction)] = stored_payments(harness.db_path, aziza.id)
        assert status == "paid"
        # The receipt notice's delivery is logged once the outbox has recorded it.
        await harness.api.wait_for(
            lambda: "delivered: paid" in bot.log(),
            15.0,
            lambda: bot.log_tail(),
        )
    await bot.stop()
    log = bot.log()

    logged = entries(log)
    money = [entry for entry in logged if entry["logger"] in MONEY_LOGGERS]
    assert money, log
    payment_ids = {entry.get("payment_id") for entry in money}
    assert len(payment_ids) == 1 and None not in payment_ids
    [payment_id] = payment_ids
    for entry in money:
        assert f"payment {payment_id}" in entry["message"]
        assert entry["user_id"] == aziza.id
    flow = [entry for entry in money if entry["logger"] == "bot.payments.payment_flow"]
    assert [entry["message"] for entry in flow] == [
        f"payment {payment_id} created: transaction {transaction}",
        f"payment {payment_id} paid (transaction {transaction})",
    ]
    assert all(entry["transaction_id"] == transaction for entry in flow)
    # aiogram's own line per update is there, as JSON too.
    assert any("is handled" in entry["message"] for entry in logged)
    values = json.dumps(logged, ensure_ascii=False)
    for text in (log, values):
        assert UZCARD not in text
        assert not re.search(rf"\b{UZCARD_OTP}\b", text)
