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
from data.db_commands import IMPORT_COMMAND, run_db_command, run_import_command
from data.errors import DataError
from data.redaction import register_settings
from data.ttbot_import import DEFAULT_BATCH_SIZE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py", description="tokdrop: a TikTok downloader bot")
    sub = parser.add_subparsers(dest="command")
    db = sub.add_parser("db", help="database schema and maintenance")
    actions = db.add_subparsers(dest="action", required=True, metavar="action")
    for name in DB_COMMANDS:
        actions.add_parser(name)
    ttbot = actions.add_parser(
        IMPORT_COMMAND, help="import a tt-bot database (read-only) into DB_URL's database"
    )
    ttbot.add_argument("source", metavar="SOURCE_URL", help="sqlite:///path or postgresql://…")
    ttbot.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, metavar="N")
    ttbot.add_argument(
        "--dry-run", action="store_true", help="read and check the whole source, write nothing"
    )
    ttbot.add_argument("--report", type=Path, metavar="FILE", help="also write the report as JSON")
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
        status = 0
        try:
            if args.action == IMPORT_COMMAND:
                lines, status = asyncio.run(_import_ttbot(args, settings))
            else:
                lines = asyncio.run(run_db_command(args.action, settings))
        except DataError as exc:
            print(f"db {args.action} failed: {exc}", file=sys.stderr)
            return 1
        print("\n".join(lines))
        return status
    return _run_bot(settings)


async def _import_ttbot(args: argparse.Namespace, settings: Settings) -> tuple[list[str], int]:
    from bot.i18n import LOCALE_DIR
    from bot.links.legacy import parse_legacy_link

    languages = sorted(path.stem for path in LOCALE_DIR.glob("*.ftl"))
    return await run_import_command(
        settings,
        args.source,
        parse_link=parse_legacy_link,
        languages=languages,
        batch_size=args.batch_size,
        dry_run=args.dry_run,
        report_file=args.report,
    )


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
