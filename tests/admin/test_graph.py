"""The statistics graph: valid 1280×720 PNGs for busy and empty periods, drawn off the event
loop."""

from __future__ import annotations

import asyncio
import struct
import threading
import time

from bot.admin import graph
from bot.admin.keyboards import PeriodName
from bot.i18n import Locales
from data import db_service as db
from data.periods import DAY, HOUR, Audience, Bucket, Counts, Period, PeriodStats

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
LABELS = graph.GraphLabels(
    "Downloads and new chats · 7 days · All chats",
    "Downloads",
    "New chats",
    "Day (UTC)",
    "No data for this period",
)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (which must come first), checking the signature."""
    assert data[:8] == PNG_SIGNATURE, "not a PNG"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    return struct.unpack(">II", data[16:24])


def _series(period: Period, bucket: Bucket, counts) -> PeriodStats:
    width = int(bucket)
    first, last = period.start // width, (period.end - 1) // width
    series = [(b * width, counts(b - first)) for b in range(first, last + 1)]
    return PeriodStats(period, Audience.ALL, bucket, series=series)


def test_busy_day_and_month_render_as_1280x720_png():
    now = int(time.time())
    day = _series(
        Period.last(DAY, now), Bucket.HOUR, lambda i: Counts(downloads=i * 3, new_users=i % 4)
    )
    month = _series(
        Period.last(30 * DAY, now), Bucket.DAY, lambda i: Counts(downloads=1000 + i, new_users=i)
    )
    for stats in (day, month):
        png = graph.render_png(stats, LABELS)
        assert png_size(png) == (1280, 720)
        assert len(png) > 20_000  # bars, lines and text, not a blank canvas


def test_empty_periods_give_an_empty_chart_not_an_error():
    now = int(time.time())
    nothing_ever = PeriodStats(Period.all_time(now), Audience.ALL, Bucket.DAY)  # no series at all
    quiet_day = _series(Period.last(DAY, now), Bucket.HOUR, lambda i: Counts())
    zero_length = PeriodStats(Period(now, now), Audience.GROUPS, Bucket.HOUR)
    for stats in (nothing_ever, quiet_day, zero_length):
        assert png_size(graph.render_png(stats, LABELS)) == (1280, 720)


def test_long_all_time_series_and_cyrillic_labels():
    now = int(time.time())
    years = _series(
        Period(now - 3 * 365 * DAY, now),
        Bucket.DAY,
        lambda i: Counts(downloads=i % 50, new_users=1),
    )
    ru = graph.graph_labels(Locales().translator("ru"), PeriodName.ALL, Audience.USERS)
    assert (
        ru.title == "Загрузки и новые чаты · Всё время · Пользователи" and ru.x_axis == "День (UTC)"
    )
    assert png_size(graph.render_png(years, ru)) == (1280, 720)


def test_bucket_is_hourly_for_a_day_and_daily_otherwise():
    assert graph.bucket_for(PeriodName.DAY) is Bucket.HOUR
    assert {graph.bucket_for(p) for p in (PeriodName.WEEK, PeriodName.MONTH, PeriodName.ALL)} == {
        Bucket.DAY
    }


def test_renders_from_several_threads_at_once():
    now = int(time.time())
    stats = _series(
        Period.last(7 * DAY, now), Bucket.DAY, lambda i: Counts(downloads=i, new_users=i)
    )
    results: list[bytes] = []
    threads = [
        threading.Thread(target=lambda: results.append(graph.render_png(stats, LABELS)))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4 and all(png_size(png) == (1280, 720) for png in results)


async def test_build_graph_reads_the_counters_and_renders_in_a_worker_thread(store, monkeypatch):
    now = int(time.time())
    await db.create_chat(1, now=now - 3 * HOUR)
    for i in range(5):
        await db.add_download(1, "https://vm.tiktok.com/x/", str(i), now=now - 2 * HOUR - i)
    seen: dict = {}
    real = graph.render_png

    def spy(stats, labels, fallback):
        seen["thread"] = threading.get_ident()
        seen["stats"] = stats
        return real(stats, labels, fallback)

    monkeypatch.setattr(graph, "render_png", spy)
    ticks = 0

    async def ticker():
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.005)

    beat = asyncio.create_task(ticker())
    try:
        png, caption = await graph.build_graph(
            Locales().translator("en"), PeriodName.DAY, Audience.USERS
        )
    finally:
        beat.cancel()
    assert seen["thread"] != threading.get_ident()
    assert ticks > 3  # the loop kept running while the figure was drawn
    stats = seen["stats"]
    assert (
        stats.bucket is Bucket.HOUR and stats.totals.downloads == 5 and stats.totals.new_users == 1
    )
    assert sum(c.downloads for _, c in stats.series) == 5 and len(stats.series) in (24, 25)
    assert caption == "📈 24 h · Users — downloads: 5, new chats: 1"
    assert png_size(png) == (1280, 720)


def test_labels_with_characters_the_font_lacks_fall_back_to_english(monkeypatch):
    assert graph.drawable("Загрузки по дням") and graph.drawable("Lượt tải theo ngày")
    assert not graph.drawable("डाउनलोड")  # no Devanagari in the plotting font
    assert graph.drawable("التنزيلات حسب اليوم")  # matplotlib shapes Arabic itself
    locales = Locales()
    english = graph.graph_labels(locales.translator("en"), PeriodName.WEEK, Audience.ALL)
    drawn: list[graph.GraphLabels] = []
    monkeypatch.setattr(graph, "_render", lambda stats, labels: drawn.append(labels) or b"")
    stats = PeriodStats(Period(0, 7 * DAY), Audience.ALL, Bucket.DAY)
    hindi = graph.graph_labels(locales.translator("hi"), PeriodName.WEEK, Audience.ALL)
    russian = graph.graph_labels(locales.translator("ru"), PeriodName.WEEK, Audience.ALL)
    graph.render_png(stats, hindi, english)
    graph.render_png(stats, russian, english)
    assert drawn == [english, russian]
    assert locales.translator("hi").in_fallback()("admin-graph-downloads") == english.downloads
