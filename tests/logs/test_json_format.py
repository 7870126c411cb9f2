"""LOG_FORMAT=json: one JSON object a line, with the fields a log call passes in `extra=`."""

from __future__ import annotations

import json
import logging
import sys

import pytest

from bot.config import Settings
from bot.logs import TEXT_FORMAT, JsonFormatter, fields, formatter


def record(message: str, *args: object, **extra: object) -> logging.LogRecord:
    made = logging.getLogger("bot.payments.payment_flow").makeRecord(
        "bot.payments.payment_flow", logging.INFO, __file__, 1, message, args, None, extra=extra
    )
    made.created = 1764700800.25  # 2025-12-02 18:40:00.250 UTC
    return made


def test_a_line_has_time_level_logger_message_and_the_extra_fields() -> None:
    line = JsonFormatter().format(
        record(
            "payment %s paid (transaction %s)",
            42,
            "tx-42",
            **fields(payment_id=42, transaction_id="tx-42", user_id=1001, update_id=None),
        )
    )
    assert "\n" not in line
    assert json.loads(line) == {
        "time": "2025-12-02T18:40:00.250+00:00",
        "level": "INFO",
        "logger": "bot.payments.payment_flow",
        "message": "payment 42 paid (transaction tx-42)",
        "payment_id": 42,
        "transaction_id": "tx-42",
        "user_id": 1001,
    }


def test_another_engineers_fields_come_out_as_fields_too() -> None:
    # Whatever a middleware passes (update id, handler, duration) is written as it is.
    extra = {"update_id": 7, "handler": "pay.code", "duration_ms": 12.5, "outcome": "ok"}
    entry = json.loads(JsonFormatter().format(record("update 7 handled", **extra)))
    assert {name: entry[name] for name in extra} == extra


def test_tracebacks_unicode_and_odd_values() -> None:
    try:
        raise ValueError("Toshkent — Ташкент")
    except ValueError:
        failed = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, __file__, 1, "saldo %s", ("−5 000",), sys.exc_info()
        )
    failed.__dict__["when"] = object()  # not JSON: written as its str, never a failed line
    entry = json.loads(JsonFormatter().format(failed))
    assert entry["message"] == "saldo −5 000"
    assert entry["exception"].startswith("Traceback")
    assert "Toshkent — Ташкент" in entry["exception"]
    assert entry["when"].startswith("<object object")


def test_the_text_format_is_as_before() -> None:
    text = formatter("text")
    assert text._fmt == TEXT_FORMAT  # type: ignore[attr-defined]
    line = text.format(record("payment %s paid", 42, payment_id=42))
    assert line.endswith("INFO bot.payments.payment_flow: payment 42 paid")


def test_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().log_format == "text"
    monkeypatch.setenv("LOG_FORMAT", "json")
    assert Settings().log_format == "json"
    monkeypatch.setenv("LOG_FORMAT", "xml")
    with pytest.raises(ValueError, match="log_format"):
        Settings()
