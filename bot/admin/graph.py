"""The statistics graph: downloads per hour or day with new chats on a second axis, as a PNG.

Rendering uses matplotlib's Agg canvas (no display, no pyplot global state) and runs in a worker
thread (``asyncio.to_thread``) so the event loop keeps serving updates while it draws.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import io
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.admin.keyboards import PeriodName, audience_label, period_label
from bot.i18n import Translator
from data import db_service
from data.periods import DAY, Audience, Bucket, Period, PeriodStats

WIDTH, HEIGHT, DPI = 1280, 720, 100
FONT, TITLE_FONT, TICK_FONT = 18, 22, 15
DOWNLOADS_COLOR, NEW_CHATS_COLOR = "#3b7dd8", "#e4572e"
HEADROOM = 1.25
# FreeType and matplotlib's font caches are not thread-safe: one figure at a time.
_render_lock = threading.Lock()


@dataclass(frozen=True)
class GraphLabels:
    """Every text drawn on the graph, already translated."""

    title: str
    downloads: str
    new_chats: str
    x_axis: str
    empty: str


def bucket_for(period: PeriodName) -> Bucket:
    """Hours for the last 24 hours, days for anything longer."""
    return Bucket.HOUR if PeriodName(period) is PeriodName.DAY else Bucket.DAY


def render_png(
    stats: PeriodStats, labels: GraphLabels, fallback: GraphLabels | None = None
) -> bytes:
    """Draw ``stats.series`` (downloads as bars, new chats as a line) as a 1280×720 PNG.

    A period without any download or new chat gives an empty chart with ``labels.empty`` on it.
    ``fallback`` (English) labels are drawn instead when the font lacks characters of
    ``labels`` (see :func:`drawable`). Blocking and CPU-bound: call it through
    ``asyncio.to_thread``.
    """
    with _render_lock:
        if fallback is not None and not all(map(drawable, dataclasses.astuple(labels))):
            labels = fallback
        return _render(stats, labels)


def drawable(text: str) -> bool:
    """Whether the plotting font has every character of ``text`` (it has no Devanagari, for
    one; matplotlib itself joins and orders Arabic)."""
    glyphs = _font_glyphs()
    return all(char.isspace() or ord(char) in glyphs for char in text)


@functools.cache
def _font_glyphs() -> frozenset[int]:
    from matplotlib import font_manager, rcParams
    from matplotlib.ft2font import FT2Font

    path = font_manager.findfont(font_manager.FontProperties(family=rcParams["font.family"]))
    return frozenset(FT2Font(path).get_charmap())


def _render(stats: PeriodStats, labels: GraphLabels) -> bytes:
    from matplotlib import dates as mdates
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    hourly = stats.bucket is Bucket.HOUR
    width = timedelta(seconds=int(stats.bucket))
    series = stats.series
    times = [datetime.fromtimestamp(start, UTC) for start, _ in series]
    downloads = [counts.downloads for _, counts in series]
    new_chats = [counts.new_users for _, counts in series]
    empty = not any(downloads) and not any(new_chats)

    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    chats_axes = axes.twinx()
    if times:
        # Each bucket is drawn centred on its start, so the tick "04:00" or "21.11" sits under it.
        axes.bar(
            times,
            downloads,
            width=width * 0.8,
            align="center",
            color=DOWNLOADS_COLOR,
            label=labels.downloads,
            linewidth=0,
        )
        chats_axes.plot(
            times,
            new_chats,
            color=NEW_CHATS_COLOR,
            linewidth=3,
            label=labels.new_chats,
            marker="o" if len(times) <= 60 else None,
            markersize=6,
        )
        axes.set_xlim(times[0] - width / 2, times[-1] + width / 2)
    else:
        end = datetime.fromtimestamp(stats.period.end, UTC)
        axes.set_xlim(end - timedelta(seconds=7 * DAY), end)
    if empty:
        axes.set_ylim(0, 1)
        chats_axes.set_ylim(0, 1)
        axes.text(
            0.5,
            0.5,
            labels.empty,
            transform=axes.transAxes,
            ha="center",
            va="center",
            fontsize=TITLE_FONT,
            color="#666666",
            bbox={"boxstyle": "round,pad=0.6", "facecolor": "white", "edgecolor": "#cccccc"},
        )
    else:
        # Headroom above the highest bar and point keeps the legend clear of the data.
        axes.set_ylim(bottom=0, top=max(1, max(downloads)) * HEADROOM)
        chats_axes.set_ylim(bottom=0, top=max(1, max(new_chats)) * HEADROOM)

    axes.set_title(labels.title, fontsize=TITLE_FONT, pad=16)
    axes.set_xlabel(labels.x_axis, fontsize=FONT)
    axes.set_ylabel(labels.downloads, fontsize=FONT, color=DOWNLOADS_COLOR)
    chats_axes.set_ylabel(labels.new_chats, fontsize=FONT, color=NEW_CHATS_COLOR)
    for each, color in ((axes, DOWNLOADS_COLOR), (chats_axes, NEW_CHATS_COLOR)):
        each.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        each.tick_params(axis="y", labelsize=TICK_FONT, colors=color)
    axes.tick_params(axis="x", labelsize=TICK_FONT)
    axes.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=9, tz=UTC))
    span = axes.get_xlim()[1] - axes.get_xlim()[0]
    fmt = "%H:%M" if hourly else ("%d.%m" if span <= 366 else "%m.%Y")
    axes.xaxis.set_major_formatter(mdates.DateFormatter(fmt, tz=UTC))
    axes.grid(axis="y", alpha=0.3)
    axes.spines["top"].set_visible(False)
    chats_axes.spines["top"].set_visible(False)
    handles = axes.get_legend_handles_labels()[0] + chats_axes.get_legend_handles_labels()[0]
    if handles and not empty:
        axes.legend(handles=handles, loc="upper left", ncols=2, fontsize=TICK_FONT, framealpha=0.9)
    figure.tight_layout()

    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def graph_labels(t: Translator, period: PeriodName, audience: Audience) -> GraphLabels:
    """The translated texts of a graph of ``period`` for ``audience``."""
    return GraphLabels(
        title=t(
            "admin-graph-title",
            period=period_label(t, period),
            audience=audience_label(t, audience),
        ),
        downloads=t("admin-graph-downloads"),
        new_chats=t("admin-graph-new-chats"),
        x_axis=t(
            "admin-graph-axis-hours"
            if bucket_for(period) is Bucket.HOUR
            else "admin-graph-axis-days"
        ),
        empty=t("admin-graph-empty"),
    )


async def build_graph(
    t: Translator,
    period: PeriodName,
    audience: Audience,
    *,
    now: int | None = None,
) -> tuple[bytes, str]:
    """Load the period's series from the hourly counters and render it off the event loop.

    Returns the PNG and a caption with the period's totals.
    """
    from bot.admin.overview import stats_now

    period, audience = PeriodName(period), Audience(audience)
    at = stats_now() if now is None else now
    stats = await db_service.period_stats(
        Period.named(period.value, at), audience, bucket_for(period)
    )
    labels = graph_labels(t, period, audience)
    english = graph_labels(t.in_fallback(), period, audience)
    png = await asyncio.to_thread(render_png, stats, labels, english)
    caption = t(
        "admin-graph-caption",
        period=period_label(t, period),
        audience=audience_label(t, audience),
        downloads=stats.totals.downloads,
        new=stats.totals.new_users,
    )
    return png, caption
