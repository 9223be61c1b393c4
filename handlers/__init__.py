"""Routers, one per concern; ``routers()`` returns fresh instances in the order they must match."""

from aiogram import Router

from handlers import (
    admin,
    admin_settings,
    broadcast,
    chat_member,
    errors,
    fallback,
    help,
    media,
    preferences,
    settings,
    start,
    stats,
    subscriptions,
)


def routers() -> list[Router]:
    """New router instances (a router can belong to one dispatcher only); the fallback comes
    last."""
    return [
        errors.router(),
        admin_settings.router(),
        start.router(),
        help.router(),
        settings.router(),
        preferences.router(),
        admin.router(),
        broadcast.router(),
        stats.router(),
        chat_member.router(),
        subscriptions.router(),
        media.router(),
        fallback.router(),
    ]
