"""The command menu, published per language with setMyCommands."""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot
from aiogram.types import BotCommand

from bot.background import Backoff
from bot.i18n import FALLBACK, Locales
from data.redaction import redact

log = logging.getLogger(__name__)

MENU = (
    "start",
    "help",
    "lang",
    "mode",
    "settings",
    "stats",
    "subscribe",
    "unsubscribe",
    "subscriptions",
)
# 2 s after the first failure, doubling up to about 8.5 minutes.
MENU_BACKOFF = Backoff(base=1.0, cap=512.0, doublings=9)


def menu_for(locales: Locales, lang: str) -> list[BotCommand]:
    """The menu's commands described in ``lang``."""
    t = locales.translator(lang)
    return [BotCommand(command=name, description=t(f"cmd-{name}")) for name in MENU]


async def publish_commands(bot: Bot, locales: Locales) -> None:
    """Set the default (English) menu and one per available language."""
    await bot.set_my_commands(menu_for(locales, FALLBACK))
    for lang in locales.languages:
        await bot.set_my_commands(menu_for(locales, lang), language_code=lang)


async def keep_publishing_commands(
    bot: Bot, locales: Locales, *, backoff: Backoff = MENU_BACKOFF
) -> int:
    """Publish the menu, retrying after ``backoff`` until it succeeds; never raises (the menu
    is cosmetic: the bot serves without it). Returns the number of failed attempts."""
    failures = 0
    while True:
        try:
            await publish_commands(bot, locales)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - any failure: try again later
            failures += 1
            pause = backoff.delay(failures)
            log.warning(
                "command menu not published (%s: %s); retrying in %.0f s",
                type(exc).__name__,
                redact(str(exc)),
                pause,
            )
            await asyncio.sleep(pause)
            continue
        if failures:
            log.info("command menu published after %s failed attempt(s)", failures)
        return failures
