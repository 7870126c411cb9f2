"""The ledger of real charges."""

from __future__ import annotations

from collections import Counter


class Ledger:
    """What `pay` really charged: the truth a test compares with what the bot believes."""

    def __init__(self) -> None:
        self._charges: Counter[str] = Counter()

    def record(self, transaction_id: str) -> None:
        self._charges[transaction_id] += 1

    def charges(self, transaction_id: str) -> int:
        return self._charges[transaction_id]

    def total(self) -> int:
        return sum(self._charges.values())

    def snapshot(self) -> dict[str, int]:
        return dict(self._charges)
