"""The command menus: one per language for customers, a longer one for each admin."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from aiogram_i18n.cores import BaseCore

from bot.telegram.i18n import DEFAULT_LANGUAGE, LANGUAGES

CUSTOMER_COMMANDS = ("pay", "accounts", "cards", "history", "language", "help", "cancel")
ADMIN_COMMANDS = ("payments", "tx", "stats", "export")


def _commands(core: BaseCore[object], language: str, names: tuple[str, ...]) -> list[BotCommand]:
    return [
        BotCommand(command=name, description=core.get(f"cmd-{name}", language)) for name in names
    ]


async def register_commands(bot: Bot, core: BaseCore[object], admin_ids: list[int]) -> None:
    for language in LANGUAGES:
        await bot.set_my_commands(
            _commands(core, language, CUSTOMER_COMMANDS),
            scope=BotCommandScopeDefault(),
            language_code=language,
        )
    await bot.set_my_commands(
        _commands(core, DEFAULT_LANGUAGE, CUSTOMER_COMMANDS), scope=BotCommandScopeDefault()
    )
    # Admins see their commands in their chat only; other users never learn they exist.
    # Each language too, so an admin's menu follows their Telegram language like everyone's.
    for admin_id in admin_ids:
        scope = BotCommandScopeChat(chat_id=admin_id)
        for language in LANGUAGES:
            await bot.set_my_commands(
                _commands(core, language, CUSTOMER_COMMANDS + ADMIN_COMMANDS),
                scope=scope,
                language_code=language,
            )
        await bot.set_my_commands(
            _commands(core, DEFAULT_LANGUAGE, CUSTOMER_COMMANDS + ADMIN_COMMANDS), scope=scope
        )
