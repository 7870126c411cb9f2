"""Keeping aiogram's response types built.

aiogram reads every Bot API answer as `Response[<the method's result type>]`. pydantic keeps
such parametrised generics in a weak cache, so after a garbage collection the next call of a
method builds its class again: about 3 ms of CPU, several times a second under load. Holding a
reference to each keeps them built for the life of the process.
"""

from __future__ import annotations

import inspect

import aiogram.methods
from aiogram.client.session.base import Response
from aiogram.methods import TelegramMethod

_KEPT: list[object] = []


def keep_response_types() -> int:
    """Build `Response[...]` for every Bot API method once and hold them; how many."""
    if _KEPT:
        return len(_KEPT)
    for _, method in inspect.getmembers(aiogram.methods, inspect.isclass):
        if issubclass(method, TelegramMethod) and method is not TelegramMethod:
            _KEPT.append(Response[method.__returning__])  # type: ignore[name-defined]
    return len(_KEPT)
