"""tokdrop's entry point: ``python main.py`` runs the bot; sub-commands manage the database."""
from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from data.config import ConfigError, describe_settings, load_settings
from data.db_commands import COMMANDS as DB_COMMANDS
from data.db_commands import run_db_command
from data.errors import DataError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py", description="tokdrop: a TikTok downloader bot")
    sub = parser.add_subparsers(dest="command")
    db = sub.add_parser("db", help="database schema and maintenance")
    db.add_argument("action", choices=DB_COMMANDS)
    sub.add_parser("config", help="print the effective configuration (secrets masked)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, load the configuration and run the chosen command."""
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if settings.log_level != "DEBUG":
        logging.getLogger("alembic").setLevel(logging.WARNING)
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
    print("the bot itself is not wired yet; use `python main.py db upgrade`", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
