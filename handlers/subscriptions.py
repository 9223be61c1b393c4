"""/subscribe, /unsubscribe, /subscriptions and its Unsubscribe buttons (group admins only in
groups)."""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.chat_admin import may_change_settings
from bot.chat_info import ChatInfo
from bot.i18n import Translator
from bot.links.tiktok import creator_from_text
from bot.media.service import MediaService
from bot.replies import edit_text
from bot.sources import CreatorNotFound, ResolveError
from data import db_service
from data.errors import AlreadySubscribed, SubscriptionLimitReached, UnknownChat
from data.runtime_settings import Setting

log = logging.getLogger(__name__)


class Unsubscribe(CallbackData, prefix="unsub"):
    """A press on a creator's Unsubscribe button under /subscriptions."""

    creator: str


def subscriptions_view(
    t: Translator, creators: list[str], limit: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The /subscriptions text and its keyboard (one Unsubscribe button per creator)."""
    if not creators:
        return t("sub-list-empty"), None
    lines = [t("sub-list-title", count=len(creators), limit=limit)]
    lines += [t("sub-list-item", creator=creator) for creator in creators]
    builder = InlineKeyboardBuilder()
    for creator in creators:
        builder.button(
            text=t("sub-button-unsubscribe", creator=creator),
            callback_data=Unsubscribe(creator=creator),
        )
    builder.adjust(1)
    return "\n".join(lines), builder.as_markup()


async def _limit() -> int:
    return int((await db_service.get_settings_cached())[Setting.SUBSCRIPTION_LIMIT])


async def _allowed(message: Message, bot: Bot, t: Translator) -> bool:
    if await may_change_settings(bot, message.chat, message.from_user, message.sender_chat):
        return True
    await message.answer(t("sub-admins-only"))
    return False


def router() -> Router:
    """Routes the subscription commands and Unsubscribe button presses."""
    r = Router(name="subscriptions")

    @r.message(Command("subscribe"))
    async def subscribe(
        message: Message,
        command: CommandObject,
        bot: Bot,
        t: Translator,
        chat_info: ChatInfo,
        media: MediaService,
    ) -> None:
        if not await _allowed(message, bot, t):
            return
        creator = creator_from_text(command.args or "")
        if creator is None:
            await message.answer(t("sub-usage"))
            return
        if not chat_info.registered:
            await message.answer(t("error-generic"))
            return
        chat_id, limit = message.chat.id, await _limit()
        if limit <= 0:
            await message.answer(t("sub-disabled"))
            return
        current = {s.creator for s in await db_service.list_subscriptions(chat_id)}
        if creator in current:  # answered without asking TikTok
            await message.answer(t("sub-already", creator=creator))
            return
        if len(current) >= limit:
            await message.answer(t("sub-limit", limit=limit))
            return
        try:
            await media.resolver.creator_posts(creator, count=1)
        except CreatorNotFound:
            await message.answer(t("sub-unknown-creator", creator=creator))
            return
        except ResolveError as exc:
            log.info("could not check creator %s: %s", creator, exc)
            await message.answer(t("sub-check-failed"))
            return
        try:
            await db_service.add_subscription(chat_id, creator, limit=limit)
        except AlreadySubscribed:
            await message.answer(t("sub-already", creator=creator))
        except SubscriptionLimitReached:
            await message.answer(t("sub-limit", limit=limit))
        except UnknownChat:
            await message.answer(t("error-generic"))
        else:
            await message.answer(t("sub-added", creator=creator))

    @r.message(Command("unsubscribe"))
    async def unsubscribe(
        message: Message, command: CommandObject, bot: Bot, t: Translator
    ) -> None:
        if not await _allowed(message, bot, t):
            return
        creator = creator_from_text(command.args or "")
        if creator is None:
            await message.answer(t("unsub-usage"))
            return
        if await db_service.remove_subscription(message.chat.id, creator):
            await message.answer(t("sub-removed", creator=creator))
        else:
            await message.answer(t("sub-not-following", creator=creator))

    @r.message(Command("subscriptions"))
    async def subscriptions(message: Message, t: Translator) -> None:
        creators = [s.creator for s in await db_service.list_subscriptions(message.chat.id)]
        text, markup = subscriptions_view(t, creators, await _limit())
        await message.answer(text, reply_markup=markup)

    @r.callback_query(Unsubscribe.filter(), F.message)
    async def unsubscribe_pressed(
        query: CallbackQuery, callback_data: Unsubscribe, bot: Bot, t: Translator
    ) -> None:
        chat = query.message.chat
        if not await may_change_settings(bot, chat, query.from_user):
            await query.answer(t("sub-admins-only"), show_alert=True)
            return
        creator = callback_data.creator
        removed = await db_service.remove_subscription(chat.id, creator)
        await query.answer(
            t("sub-removed-short" if removed else "sub-not-following-short", creator=creator)
        )
        creators = [s.creator for s in await db_service.list_subscriptions(chat.id)]
        text, markup = subscriptions_view(t, creators, await _limit())
        await edit_text(query.message, text, reply_markup=markup)

    return r
