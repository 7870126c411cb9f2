"""Per-update objects: the customer's database row."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User

from bot.storage.repositories import Repositories


class UserMiddleware(BaseMiddleware):
    """Makes sure the sender has a row, and hands it to handlers as `user`."""

    def __init__(self, repos: Repositories) -> None:
        self._repos = repos

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        sender: User | None = data.get("event_from_user")
        if sender is not None and not sender.is_bot:
            data["user"] = await self._repos.users.get_or_create(sender.id)
        return await handler(event, data)
