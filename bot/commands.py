"""The command menu, published per language with setMyCommands."""

from aiogram import Bot
from aiogram.types import BotCommand

from bot.i18n import FALLBACK, Locales

MENU = ("start", "help", "lang", "mode", "stats", "subscribe", "unsubscribe", "subscriptions")


def menu_for(locales: Locales, lang: str) -> list[BotCommand]:
    """The menu's commands described in ``lang``."""
    t = locales.translator(lang)
    return [BotCommand(command=name, description=t(f"cmd-{name}")) for name in MENU]


async def publish_commands(bot: Bot, locales: Locales) -> None:
    """Set the default (English) menu and one per available language."""
    await bot.set_my_commands(menu_for(locales, FALLBACK))
    for lang in locales.languages:
        await bot.set_my_commands(menu_for(locales, lang), language_code=lang)
