"""Fault injection: what the next calls of an endpoint suffer.

Faults queue per endpoint: the first one applies until its `times` run out, then the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

Endpoint = Literal[
    "token",
    "list",
    "fields",
    "info",
    "create",
    "pay",
    "status",
    "transactions_all",
    "create_user_card",
    "confirm_user_card",
    "get_all_user_cards",
    "get_card",
    "delete_user_card",
]
ENDPOINTS: tuple[str, ...] = get_args(Endpoint)

FaultKind = Literal["latency", "error_5xx", "timeout", "lose_answer"]
"""latency: sleep, then answer normally. error_5xx: answer `status` without executing.
timeout: hang for the sandbox's `hang_seconds` without executing. lose_answer: execute, then
drop the connection without any answer."""


class FaultSpec(BaseModel):
    """One injection, as `Faults.inject` and `POST /_sandbox/faults` take it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    endpoint: Endpoint
    kind: FaultKind
    times: int | None = Field(default=1, ge=1)  # None: until cleared
    latency: float = Field(default=0.0, ge=0.0)
    status: int = Field(default=503, ge=500, le=599)


@dataclass
class _Pending:
    spec: FaultSpec
    left: int | None


class Faults:
    def __init__(self) -> None:
        self._queues: dict[str, list[_Pending]] = {}

    def inject(
        self,
        endpoint: str,
        kind: Literal["latency", "error_5xx", "timeout", "lose_answer"],
        *,
        times: int | None = 1,
        latency: float = 0.0,
        status: int = 503,
    ) -> None:
        """Raises pydantic's ValidationError (a ValueError) for an unknown endpoint or kind."""
        spec = FaultSpec.model_validate(
            {
                "endpoint": endpoint,
                "kind": kind,
                "times": times,
                "latency": latency,
                "status": status,
            }
        )
        self.add(spec)

    def add(self, spec: FaultSpec) -> None:
        self._queues.setdefault(spec.endpoint, []).append(_Pending(spec, spec.times))

    def clear(self, endpoint: str | None = None) -> None:
        if endpoint is None:
            self._queues.clear()
        else:
            self._queues.pop(endpoint, None)

    def take(self, endpoint: str) -> FaultSpec | None:
        """The fault this call of `endpoint` suffers, if any; uses up one of its `times`."""
        queue = self._queues.get(endpoint)
        if not queue:
            return None
        pending = queue[0]
        if pending.left is not None:
            pending.left -= 1
            if pending.left <= 0:
                queue.pop(0)
        return pending.spec

    def pending(self) -> list[dict[str, object]]:
        return [
            {**item.spec.model_dump(), "left": item.left}
            for queue in self._queues.values()
            for item in queue
        ]
