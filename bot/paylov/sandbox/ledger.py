"""The ledger of real charges, and of the create/pay requests that arrived."""

from __future__ import annotations

from collections import Counter


class Ledger:
    """What `pay` really charged: the truth a test compares with what the bot believes.

    Besides charges it counts requests: every `pay` naming a transaction, every `create`, and
    the requests of each endpoint that reached the sandbox, whatever became of them (refused,
    401, 5xx or timeout fault, answer lost). A second pay of a paid transaction charges nothing,
    so only these counts show that a client sent a POST again; the `info` count shows whether
    something typed was sent at all.
    """

    def __init__(self) -> None:
        self._charges: Counter[str] = Counter()
        self._pay_requests: Counter[str] = Counter()
        self._create_requests = 0
        self._requests: Counter[str] = Counter()

    def record(self, transaction_id: str) -> None:
        self._charges[transaction_id] += 1

    def record_pay_request(self, transaction_id: str) -> None:
        self._pay_requests[transaction_id] += 1

    def record_create_request(self) -> None:
        self._create_requests += 1

    def record_request(self, endpoint: str) -> None:
        self._requests[endpoint] += 1

    def charges(self, transaction_id: str) -> int:
        return self._charges[transaction_id]

    def pay_requests(self, transaction_id: str) -> int:
        """How many `pay` requests for this transaction arrived, executed or not."""
        return self._pay_requests[transaction_id]

    def create_requests(self) -> int:
        """How many `create` requests arrived (there is no transaction id before one)."""
        return self._create_requests

    def requests(self, endpoint: str) -> int:
        """How many requests of an endpoint (a fault's name: "info", "create_user_card") arrived."""
        return self._requests[endpoint]

    def requests_snapshot(self) -> dict[str, int]:
        return dict(self._requests)

    def total(self) -> int:
        return sum(self._charges.values())

    def snapshot(self) -> dict[str, int]:
        return dict(self._charges)

    def pay_requests_snapshot(self) -> dict[str, int]:
        return dict(self._pay_requests)
