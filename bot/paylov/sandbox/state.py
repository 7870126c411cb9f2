"""The sandbox's state in a JSON file, so a second run continues where the first ended.

What survives: the test cards' balances and blocks, bindings and bound cards, transactions (and
their order). What does not: tokens (clients get new ones), faults, the ledger's counts (they are
a test's view of one run). The file is written whole to a temporary name, then renamed over the
old one, after every request that may change something and before its answer goes out: a run
that is killed loses no more than the request it was answering.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError

from bot.paylov.sandbox.cards import Binding, BoundCard
from bot.paylov.sandbox.payments import Transaction

# Bumped when the shape changes: an older file is refused with advice, never half-read.
VERSION: Literal[1] = 1


class SandboxStateError(Exception):
    """The state file cannot be read as this sandbox's state."""


class BankState(BaseModel):
    balance: int  # tiyin
    blocked: str | None = None


class CardBookState(BaseModel):
    bank: dict[str, BankState]  # card number -> now
    bindings: list[Binding]
    cards: list[BoundCard]


class PaymentsState(BaseModel):
    transactions: list[Transaction]
    payments_made: int


class SandboxState(BaseModel):
    version: Literal[1] = VERSION
    cards: CardBookState
    payments: PaymentsState


def load_state(path: Path) -> SandboxState | None:
    """The state kept in `path`, or None when there is no such file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        return SandboxState.model_validate_json(text)
    except ValidationError as error:
        raise SandboxStateError(
            f"{path} is not this sandbox's state ({error.error_count()} problem(s)); "
            "delete it, and the database beside it, to start fresh"
        ) from None


def save_state(path: Path, state: SandboxState) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(state.model_dump_json(indent=1), encoding="utf-8")
    os.replace(temporary, path)
