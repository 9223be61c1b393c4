"""Texts of the operator commands: the /stats overview, /referrals, /top and /user.

Every number comes from a repository aggregate (``data.db_service``); nothing here loads rows
to count them. Lines are translated one by one and joined, so the HTML of each locale line
survives while every value is escaped.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.admin.keyboards import PeriodName, audience_label, period_label
from bot.i18n import Translator
from data import db_service
from data.models import Platform
from data.periods import Audience, Bucket, Counts, Period

# The fixed windows shown side by side at the top of the overview.
WINDOWS = (PeriodName.DAY, PeriodName.WEEK, PeriodName.MONTH)
REFERRALS_SHOWN = 20
TOP_LANGUAGES = 10
TOP_USERS = 10
LAST_DOWNLOADS = 10
SUBSCRIPTIONS_SHOWN = 20
# A Telegram chat id fits in 52 bits; anything longer is not an id.
MAX_CHAT_ID = 2**53
CHAT_ID = re.compile(r"-?[0-9]{1,16}")


def _when(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def stats_now() -> int:
    """The end of the periods shown now (the current second included)."""
    return int(time.time()) + 1


@dataclass(frozen=True)
class Overview:
    """Everything the /stats overview shows, for one period and audience."""

    period: PeriodName
    audience: Audience
    at: int
    users: int
    groups: int
    blocked: int
    subscriptions: int
    creators: int
    windows: dict[PeriodName, Counts]
    selected: Counts
    # Downloads of the selected period per platform; platforms without any are absent.
    platforms: dict[Platform, int]


async def load_overview(
    period: PeriodName, audience: Audience, *, now: int | None = None
) -> Overview:
    """Gather the overview's numbers: chat counts, one counter query per period and the
    selected period's downloads per platform."""
    at = stats_now() if now is None else now
    period, audience = PeriodName(period), Audience(audience)
    counts = await db_service.overview_counts(audience)
    totals: dict[PeriodName, Counts] = {}
    for name in (*WINDOWS, period):
        if name not in totals:
            stats = await db_service.period_stats(
                Period.named(name.value, at), audience, Bucket.DAY
            )
            totals[name] = stats.totals
    platforms = await db_service.downloads_per_platform(Period.named(period.value, at), audience)
    return Overview(
        period,
        audience,
        at,
        counts.users,
        counts.groups,
        counts.blocked,
        counts.subscriptions,
        counts.creators,
        {name: totals[name] for name in WINDOWS},
        totals[period],
        platforms,
    )


def format_overview(t: Translator, overview: Overview) -> str:
    """The overview message (HTML)."""
    day, week, month = (overview.windows[name] for name in WINDOWS)
    sel = overview.selected
    lines = [
        t(
            "admin-stats-title",
            audience=audience_label(t, overview.audience),
            at=_when(overview.at),
        ),
        t("admin-stats-chats", users=overview.users, groups=overview.groups),
        t("admin-stats-blocked", blocked=overview.blocked),
        t(
            "admin-stats-subscriptions",
            subscriptions=overview.subscriptions,
            creators=overview.creators,
        ),
        "",
        t("admin-stats-windows"),
        t("admin-stats-new", day=day.new_users, week=week.new_users, month=month.new_users),
        t("admin-stats-downloads", day=day.downloads, week=week.downloads, month=month.downloads),
        t(
            "admin-stats-slideshows",
            day=day.slideshows,
            week=week.slideshows,
            month=month.slideshows,
        ),
        t("admin-stats-music", day=day.music, week=week.music, month=month.music),
        "",
        t("admin-stats-period", period=period_label(t, overview.period)),
        t("admin-stats-period-new", count=sel.new_users),
        t(
            "admin-stats-period-downloads",
            downloads=sel.downloads,
            videos=sel.downloads - sel.slideshows,
            slideshows=sel.slideshows,
        ),
        *(
            t("admin-stats-period-platform", platform=t(f"admin-platform-{p}"), count=n)
            for p, n in overview.platforms.items()
        ),
        t("admin-stats-period-inline", inline=sel.inline, share=_share(sel.inline, sel.downloads)),
        t("admin-stats-period-subscriptions", count=sel.via_subscription),
        t("admin-stats-period-music", count=sel.music),
    ]
    return "\n".join(lines)


async def referrals_text(t: Translator) -> str:
    """/referrals: the top referral links, their registrations and how many of those downloaded."""
    rows = await db_service.referral_stats(REFERRALS_SHOWN)
    if not rows:
        return t("admin-referrals-empty")
    lines = [t("admin-referrals-title", count=len(rows))]
    for rank, row in enumerate(rows, 1):
        lines.append(
            t(
                "admin-referrals-row",
                rank=rank,
                link=row.referral,
                users=row.chats,
                downloaded=row.downloaded,
                share=_share(row.downloaded, row.chats),
            )
        )
    return "\n".join(lines)


async def top_text(t: Translator) -> str:
    """/top: languages by chats, how many chats use file mode, and the chats with most downloads."""
    languages = await db_service.top_languages(TOP_LANGUAGES)
    file_mode = await db_service.file_mode_count()
    users = await db_service.top_chats(TOP_USERS)
    lines = [t("admin-top-languages")]
    lines += [t("admin-top-language-row", lang=lang, chats=n) for lang, n in languages] or [
        t("admin-top-none")
    ]
    lines += [
        "",
        t("admin-top-file-mode", count=file_mode),
        "",
        t("admin-top-users", count=TOP_USERS),
    ]
    lines += [
        t("admin-top-user-row", rank=rank, id=str(uid), downloads=n)
        for rank, (uid, n) in enumerate(users, 1)
    ] or [t("admin-top-none")]
    return "\n".join(lines)


def parse_chat_id(argument: str | None) -> int | None:
    """The chat id in ``/user <id>``'s argument, or None when it is missing or not an id."""
    text = (argument or "").strip()
    if not CHAT_ID.fullmatch(text):
        return None
    chat_id = int(text)
    return chat_id if chat_id != 0 and abs(chat_id) < MAX_CHAT_ID else None


async def user_text(t: Translator, chat_id: int) -> str | None:
    """/user: one chat's profile and its last downloads; None when the chat is unknown."""
    user = await db_service.get_chat(chat_id)
    if user is None:
        return None
    stats = await db_service.get_chat_stats(chat_id)
    subscriptions = await db_service.list_subscriptions(chat_id)
    history = await db_service.download_history(chat_id, limit=LAST_DOWNLOADS)
    downloads, slideshows, music = (
        (stats.downloads, stats.slideshows, stats.music) if stats else (0, 0, 0)
    )
    lines = [
        t("admin-user-title", id=str(chat_id), kind="group" if user.is_group else "private"),
        t("admin-user-registered", at=_when(user.registered_at)),
        t("admin-user-last-seen", at=_when(user.last_seen_at)),
        t("admin-user-settings", lang=user.lang, mode="on" if user.file_mode else "off"),
        t("admin-user-referral", link=user.referral)
        if user.referral
        else t("admin-user-no-referral"),
        t("admin-user-blocked", at=_when(user.blocked_at))
        if user.blocked_at is not None
        else t("admin-user-not-blocked"),
        t("admin-user-counts", downloads=downloads, slideshows=slideshows, music=music),
    ]
    if subscriptions:
        shown = ", ".join(f"@{s.creator}" for s in subscriptions[:SUBSCRIPTIONS_SHOWN])
        more = len(subscriptions) - SUBSCRIPTIONS_SHOWN
        if more > 0:
            shown += " " + t("admin-user-more", count=more)
        lines.append(t("admin-user-subscriptions", count=len(subscriptions), creators=shown))
    else:
        lines.append(t("admin-user-no-subscriptions"))
    lines += ["", t("admin-user-downloads-title", count=LAST_DOWNLOADS)]
    if not history:
        lines.append(t("admin-user-no-downloads"))
    for row in history:
        via = "inline" if row.is_inline else "subscription" if row.via_subscription else "chat"
        lines.append(
            t(
                "admin-user-download-row",
                at=_when(row.downloaded_at),
                kind="slideshow" if row.is_slideshow else "video",
                via=via,
                url=row.source_url,
                video=row.post_id,
            )
        )
    return "\n".join(lines)
