"""tokdrop's entry point: ``python main.py`` runs the bot; sub-commands manage the database or
start the offline sandbox."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from bot.logging_setup import setup_logging
from data.config import ConfigError, Settings, describe_settings, load_settings
from data.db_commands import COMMANDS as DB_COMMANDS
from data.db_commands import run_db_command
from data.errors import DataError
from data.redaction import register_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py", description="tokdrop: a TikTok downloader bot")
    sub = parser.add_subparsers(dest="command")
    db = sub.add_parser("db", help="database schema and maintenance")
    db.add_argument("action", choices=DB_COMMANDS)
    sub.add_parser("config", help="print the effective configuration (secrets masked)")
    sandbox = sub.add_parser("sandbox", help="chat with the real bot offline (no token needed)")
    sandbox.add_argument(
        "--script",
        type=Path,
        metavar="FILE",
        help="play FILE's lines instead of the terminal's; exit 1 if a check fails",
    )
    sandbox.add_argument("--verbose", action="store_true", help="show the bot's INFO log on stderr")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, load the configuration and run the chosen command."""
    args = _parser().parse_args(argv)
    if args.command == "sandbox":  # makes up its own settings: no config file or token needed
        from sandbox.app import run  # aiogram is heavy to import: only when running the bot

        return run(args.script, verbose=args.verbose)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    register_settings(settings)  # before anything can log, reply or store an error text
    setup_logging(settings.log_level)
    if args.command == "config":
        print("\n".join(describe_settings(settings)))
        return 0
    if args.command == "db":
        try:
            lines = asyncio.run(run_db_command(args.action, settings))
        except DataError as exc:
            print(f"db {args.action} failed: {exc}", file=sys.stderr)
            return 1
        print("\n".join(lines))
        return 0
    return _run_bot(settings)


def _run_bot(settings: Settings) -> int:
    if not settings.bot_token:
        print(
            "configuration error: BOT_TOKEN is not set: get a token from @BotFather and set "
            "BOT_TOKEN in the environment, .env or config.ini ([bot] token)",
            file=sys.stderr,
        )
        return 2
    from bot.app import run_bot  # aiogram is heavy to import: only when running the bot
    from bot.sources import check_backend_settings
    from bot.startup import StartupError

    try:  # before the database is touched: an unknown backend is a configuration error
        check_backend_settings(settings)
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    try:
        asyncio.run(run_bot(settings))
    except (DataError, StartupError) as exc:  # one line for the operator, no traceback
        logging.getLogger("tokdrop").error("cannot start: %s", exc)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
