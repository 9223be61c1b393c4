"""/broadcast (reply to any message), /broadcast_cancel and /broadcasts, for admins only.

``IsAdmin`` sits on every observer: anyone else falls through to the other routers (an unknown
command) and nothing happens. Include this router before ``stats.router()``.
"""

from __future__ import annotations

import logging
import re

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.admin_filter import IsAdmin
from bot.broadcast import JOB_NAME
from bot.broadcast.progress import audience_text, format_list_item, format_outcome
from bot.i18n import Translator
from bot.leader import BackgroundJobs
from bot.replies import edit_text
from data import db_service
from data.models import BroadcastStatus
from data.periods import Audience

log = logging.getLogger(__name__)

LIST_LIMIT = 10
STOPPED = (BroadcastStatus.DISMISSED, BroadcastStatus.CANCELLED)
_LANG = re.compile(r"lang=([a-z]{2,3}(?:-[a-z0-9]{2,8})?)")


class BroadcastChoice(CallbackData, prefix="bcast"):
    """A press on the confirmation: ``send`` or ``drop`` the message ``source`` to the audience."""

    action: str
    audience: str
    lang: str  # empty: any language
    source: int


def parse_audience(args: str | None) -> tuple[Audience, str | None] | None:
    """``all``/``users``/``groups`` and ``lang=<code>`` in any order (each at most once); None if
    malformed."""
    audience: Audience | None = None
    lang: str | None = None
    for word in (args or "").lower().split():
        if word in {a.value for a in Audience} and audience is None:
            audience = Audience(word)
        elif (match := _LANG.fullmatch(word)) and lang is None:
            lang = match.group(1)
        else:
            return None
    return audience or Audience.ALL, lang


def confirm_keyboard(
    t: Translator, audience: Audience, lang: str | None, source: int, count: int
) -> InlineKeyboardMarkup:
    """Send / cancel buttons under the confirmation."""
    builder = InlineKeyboardBuilder()
    for action, text in (
        ("send", t("broadcast-button-send", count=count)),
        ("drop", t("broadcast-button-cancel")),
    ):
        builder.button(
            text=text,
            callback_data=BroadcastChoice(
                action=action, audience=audience.value, lang=lang or "", source=source
            ),
        )
    return builder.as_markup()


def router() -> Router:
    """Routes the broadcast commands and the confirmation buttons, for admins only."""
    r = Router(name="broadcast")
    r.message.filter(IsAdmin())
    r.callback_query.filter(IsAdmin())

    @r.message(Command("broadcast"))
    async def ask(message: Message, command: CommandObject, t: Translator) -> None:
        parsed = parse_audience(command.args)
        source = message.reply_to_message
        if parsed is None or source is None:
            await message.answer(t("broadcast-usage"))
            return
        audience, lang = parsed
        count = await db_service.count_audience(audience, lang=lang)
        if count == 0:
            await message.answer(t("broadcast-nobody", audience=audience_text(t, audience, lang)))
            return
        await message.answer(
            t("broadcast-confirm", count=count, audience=audience_text(t, audience, lang)),
            reply_markup=confirm_keyboard(t, audience, lang, source.message_id, count),
        )

    @r.callback_query(BroadcastChoice.filter(F.action == "send"), F.message.as_("shown"))
    async def confirmed(
        query: CallbackQuery,
        callback_data: BroadcastChoice,
        shown: Message,
        t: Translator,
        background_jobs: BackgroundJobs | None = None,
    ) -> None:
        job = await db_service.create_broadcast(
            query.from_user.id,
            shown.chat.id,
            callback_data.source,
            Audience(callback_data.audience),
            lang=callback_data.lang or None,
            progress_chat_id=shown.chat.id,
            progress_message_id=shown.message_id,
        )
        if job is None:  # this confirmation was decided before: Send pressed twice, or Cancel
            earlier = await db_service.broadcast_for_message(shown.chat.id, shown.message_id)
            stopped = earlier is not None and earlier.status in STOPPED
            await query.answer(t("broadcast-was-cancelled" if stopped else "broadcast-already"))
            return
        await query.answer()
        await edit_text(shown, t("broadcast-queued", id=job.id, total=job.total))
        if background_jobs is not None:  # a process without the jobs lease: the holder's next tick
            background_jobs.wake(JOB_NAME)

    @r.callback_query(BroadcastChoice.filter(F.action == "drop"), F.message.as_("shown"))
    async def dropped(
        query: CallbackQuery, callback_data: BroadcastChoice, shown: Message, t: Translator
    ) -> None:
        job = await db_service.dismiss_broadcast(
            query.from_user.id,
            shown.chat.id,
            callback_data.source,
            Audience(callback_data.audience),
            lang=callback_data.lang or None,
            progress_chat_id=shown.chat.id,
            progress_message_id=shown.message_id,
        )
        await query.answer()
        if job.status is BroadcastStatus.DISMISSED:
            await edit_text(shown, t("broadcast-dismissed"))
        else:  # Send won: the broadcast it queued was cancelled (or had already finished)
            await edit_text(shown, format_outcome(t, job))

    @r.message(Command("broadcast_cancel"))
    async def cancel(message: Message, bot: Bot, t: Translator) -> None:
        job = await db_service.cancel_broadcast()
        if job is None:
            await message.answer(t("broadcast-cancel-none"))
            return
        text = format_outcome(t, job)
        if job.progress_chat_id is not None and job.progress_message_id is not None:
            try:
                await bot.edit_message_text(
                    text, chat_id=job.progress_chat_id, message_id=job.progress_message_id
                )
            except (
                TelegramAPIError
            ) as exc:  # not modified, or deleted by the admin: the answer below says it
                log.debug("broadcast %s: progress message not edited: %s", job.id, exc)
        await message.answer(text)

    @r.message(Command("broadcasts"))
    async def recent(message: Message, t: Translator) -> None:
        jobs = await db_service.recent_broadcasts(LIST_LIMIT)
        if not jobs:
            await message.answer(t("broadcast-list-empty"))
            return
        await message.answer(
            "\n".join([t("broadcast-list-title"), *(format_list_item(t, job) for job in jobs)])
        )

    return r
