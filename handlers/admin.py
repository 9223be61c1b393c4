"""Operators' statistics, graphs and exports: /stats (overview), /referrals, /top, /user, /export.

Admins only, in their private chat (``IsAdmin`` on every observer): anyone else falls through
to the other routers, so ``/stats`` shows their own numbers and the rest is an unknown command.
Include this router before ``stats.router()``.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatAction
from aiogram.filters import Command, CommandObject
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.admin import export, graph, overview
from bot.admin.keyboards import AdminStats, PeriodName, StatsAction, stats_keyboard
from bot.admin_filter import IsAdmin
from bot.i18n import Translator
from bot.replies import edit_text
from data.config import Settings
from data.periods import Audience


def router() -> Router:
    """Routes the operator commands and the overview keyboard, for admins only."""
    r = Router(name="admin")
    r.message.filter(IsAdmin())
    r.callback_query.filter(IsAdmin())
    exporting: set[int] = set()  # admins with an export running (one at a time each)

    @r.message(Command("stats"))
    async def show_overview(message: Message, t: Translator) -> None:
        """/stats for an admin: the overview for the last 24 hours, all chats."""
        period, audience = PeriodName.DAY, Audience.ALL
        data = await overview.load_overview(period, audience)
        await message.answer(
            overview.format_overview(t, data), reply_markup=stats_keyboard(t, period, audience)
        )

    @r.callback_query(AdminStats.filter(F.action == StatsAction.VIEW), F.message.as_("shown"))
    async def switch_overview(
        query: CallbackQuery, callback_data: AdminStats, shown: Message, t: Translator
    ) -> None:
        """A period or audience button: edit the overview in place."""
        await query.answer()
        data = await overview.load_overview(callback_data.period, callback_data.audience)
        await edit_text(
            shown,
            overview.format_overview(t, data),
            reply_markup=stats_keyboard(t, callback_data.period, callback_data.audience),
        )

    @r.callback_query(AdminStats.filter(F.action == StatsAction.GRAPH), F.message.as_("shown"))
    async def send_graph(
        query: CallbackQuery, callback_data: AdminStats, shown: Message, t: Translator
    ) -> None:
        """The graph button: send the selected period's graph as a photo."""
        await query.answer(t("admin-graph-drawing"))
        await shown.bot.send_chat_action(shown.chat.id, ChatAction.UPLOAD_PHOTO)
        png, caption = await graph.build_graph(t, callback_data.period, callback_data.audience)
        await shown.answer_photo(BufferedInputFile(png, "stats.png"), caption=caption)

    @r.message(Command("referrals"))
    async def referrals(message: Message, t: Translator) -> None:
        """/referrals: the top referral links."""
        await message.answer(await overview.referrals_text(t))

    @r.message(Command("top"))
    async def top(message: Message, t: Translator) -> None:
        """/top: languages, file mode and the chats with most downloads."""
        await message.answer(await overview.top_text(t))

    @r.message(Command("user"))
    async def user_profile(message: Message, command: CommandObject, t: Translator) -> None:
        """/user <id>: one chat's profile and last downloads."""
        chat_id = overview.parse_chat_id(command.args)
        if chat_id is None:
            await message.answer(t("admin-user-usage"))
            return
        text = await overview.user_text(t, chat_id)
        await message.answer(text if text is not None else t("admin-user-unknown", id=str(chat_id)))

    @r.message(Command("export"))
    async def export_csv(
        message: Message, command: CommandObject, t: Translator, settings: Settings
    ) -> None:
        """/export users | downloads [days]: a CSV document, one export per admin at a time."""
        job = export.parse_export(command.args)
        if job is None:
            await message.answer(t("admin-export-usage", max_days=export.MAX_DAYS))
            return
        admin = message.from_user.id
        if admin in exporting:
            await message.answer(t("admin-export-busy"))
            return
        exporting.add(admin)
        try:
            await export.run_export(message, t, job, settings.upload_limit_bytes)
        finally:
            exporting.discard(admin)

    return r
