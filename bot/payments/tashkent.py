"""Tashkent wall time: how customers read times, and what Paylov's dates mean."""

from __future__ import annotations

from datetime import timedelta, timezone

# Uzbekistan has kept UTC+5 without daylight saving since 1992: a fixed offset needs no tz
# database, which a slim image may lack.
TASHKENT = timezone(timedelta(hours=5), "Asia/Tashkent")
