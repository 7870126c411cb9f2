"""Logging set-up: plain text lines (the default) or one JSON object a line (LOG_FORMAT=json).

A log call names what it is about both in its words and as fields:

    log.info("payment %s paid (transaction %s)", p.id, p.transaction_id,
             extra=fields(payment_id=p.id, transaction_id=p.transaction_id))

The JSON format writes every such `extra=` field beside time, level, logger and message, so a
log store can search `payment_id=42` without parsing the words. Nothing is added that the log
call did not pass: what a line may not show (tokens, card numbers, SMS codes) it never had.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Literal

LogFormat = Literal["text", "json"]
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

# What every LogRecord has; anything else on a record came from a call's `extra=`.
_STANDARD = frozenset(logging.LogRecord("", logging.INFO, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "taskName",
}


def fields(**values: object) -> dict[str, object]:
    """`extra=` for a log call: the given ids, those that are None left out."""
    return {name: value for name, value in values.items() if value is not None}


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, the call's extra
    fields, and the traceback as `exception` when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in record.__dict__.items():
            if name not in _STANDARD and name not in entry and not name.startswith("_"):
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # default=str: an id may be a UUID or a Decimal; a log line must never fail to print.
        return json.dumps(entry, ensure_ascii=False, default=str)


def formatter(log_format: LogFormat) -> logging.Formatter:
    return JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)


def configure_logging(level: str, log_format: LogFormat = "text") -> None:
    """The process's logging: one handler on stderr, in the chosen format."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter(log_format))
    logging.basicConfig(level=level.upper(), handlers=[handler])
    # httpx logs full URLs at INFO (user ids in card queries); our client logs what is safe.
    logging.getLogger("httpx").setLevel(logging.WARNING)
