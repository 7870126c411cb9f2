"""Entry points: `python -m bot run | shell | sandbox | backup PATH`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from pathlib import Path

from bot.config import Settings
from bot.logs import configure_logging


def _sandbox_settings(settings: Settings) -> Settings:
    """The embedded sandbox: relax the Luhn check unless the operator set it (a published
    Paylov test card fails it)."""
    settings.paylov.sandbox = True
    if "luhn_check" not in settings.payments.model_fields_set:
        settings.payments.luhn_check = False
    return settings


def _backup(settings: Settings, target: Path, *, overwrite: bool) -> int:
    from bot.storage.backup import BackupRefused, backup_sqlite, describe, sqlite_file

    try:
        result = backup_sqlite(sqlite_file(settings.database.url), target, overwrite=overwrite)
    except BackupRefused as refusal:
        print(f"backup not taken: {refusal}", file=sys.stderr)
        return 1
    print(describe(result))
    return 0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="serve Telegram (long polling, or webhook with BOT_MODE)")
    shell = commands.add_parser("shell", help="chat with the bot in this terminal, no token")
    shell.add_argument("--admin", action="store_true", help="make the shell's user an admin")
    shell.add_argument("--user-id", type=int, default=100001, help="the shell user's Telegram id")
    shell.add_argument(
        "--lang",
        "--language",
        dest="language",
        default="en",
        help="the shell's language and its user's Telegram language: en, ru or uz",
    )
    shell.add_argument("--phone", default="+998901234567", help="phone shared by /contact")
    sandbox = commands.add_parser("sandbox", help="serve the Paylov sandbox over HTTP")
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8081)
    backup = commands.add_parser(
        "backup", help="copy the SQLite database (DB_URL) to PATH while the bot runs"
    )
    backup.add_argument("path", type=Path, help="the backup file to write")
    backup.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    args = parser.parse_args(argv)

    settings = Settings()
    if args.command == "run":
        configure_logging(settings.log_level, settings.log_format)
        from bot.runner import run_telegram

        if settings.paylov.sandbox:
            settings = _sandbox_settings(settings)
        asyncio.run(run_telegram(settings))
    elif args.command == "backup":
        sys.exit(_backup(settings, args.path, overwrite=args.force))
    elif args.command == "shell":
        # The bot's imports take seconds: say something before them, not after.
        from bot.devtools.shell_texts import ShellTexts

        print(ShellTexts(args.language).get("shell-starting"), flush=True)
        # The terminal is the chat: keep logs to warnings so they do not drown the conversation.
        configure_logging("WARNING")
        from bot.devtools.shell_app import run_terminal_chat

        settings = _sandbox_settings(settings)
        if args.admin and args.user_id not in settings.telegram.admin_ids:
            settings.telegram.admin_ids.append(args.user_id)
        code = asyncio.run(
            run_terminal_chat(
                settings, user_id=args.user_id, language=args.language, phone=args.phone
            )
        )
        sys.exit(code)
    else:
        configure_logging(settings.log_level, settings.log_format)
        from bot.paylov.sandbox import serve_forever

        # Ctrl-C is how the sandbox is stopped: no traceback (as `python -m bot.paylov.sandbox`).
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(serve_forever(args.host, args.port))


if __name__ == "__main__":
    main()
