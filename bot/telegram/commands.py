"""The command menus: one per language for customers, a longer one for each admin."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from aiogram_i18n.cores import BaseCore

from bot.telegram.i18n import DEFAULT_LANGUAGE, LANGUAGES

CUSTOMER_COMMANDS = ("pay", "accounts", "cards", "history", "language", "help", "cancel")
ADMIN_COMMANDS = ("payments", "tx", "stats", "export", "questions", "reconcile")


def _commands(core: BaseCore[object], language: str, names: tuple[str, ...]) -> list[BotCommand]:
    return [
        BotCommand(command=name, description=core.get(f"cmd-{name}", language)) for name in names
    ]


async def register_commands(
    bot: Bot, core: BaseCore[object], admins: dict[int, str | None]
) -> None:
    """The menus at start: per Telegram language for everyone; each admin's own, in the
    language they chose (`admins`: id → language, None when not chosen yet)."""
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
    for admin_id, chosen in admins.items():
        if chosen is not None:
            await set_chat_menu(bot, core, admin_id, chosen, admin=True)
            continue
        # No choice yet: the menu follows the admin's Telegram language like everyone's.
        scope = BotCommandScopeChat(chat_id=admin_id)
        for telegram_language in LANGUAGES:
            await bot.set_my_commands(
                _commands(core, telegram_language, CUSTOMER_COMMANDS + ADMIN_COMMANDS),
                scope=scope,
                language_code=telegram_language,
            )
        await bot.set_my_commands(
            _commands(core, DEFAULT_LANGUAGE, CUSTOMER_COMMANDS + ADMIN_COMMANDS), scope=scope
        )


async def set_chat_menu(
    bot: Bot, core: BaseCore[object], chat_id: int, language: str, *, admin: bool
) -> None:
    """This chat's menu in the language chosen with /language, whatever the Telegram app's is."""
    scope = BotCommandScopeChat(chat_id=chat_id)
    if admin:
        # Per-language chat menus set at start would win over the plain one: drop them.
        for telegram_language in LANGUAGES:
            await bot.delete_my_commands(scope=scope, language_code=telegram_language)
    names = CUSTOMER_COMMANDS + ADMIN_COMMANDS if admin else CUSTOMER_COMMANDS
    await bot.set_my_commands(_commands(core, language, names), scope=scope)
