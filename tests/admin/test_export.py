"""CSV exports: argument parsing, throttled progress, keyset pagination and flat memory."""

from __future__ import annotations

import csv
import time
import tracemalloc

import pytest
from sqlalchemy import insert

from bot.admin import export
from data import db_service as db
from data.database import session_scope
from data.db_service import ChatExportRow, DownloadRow
from data.models import Download, Platform
from data.periods import DAY, HOUR, Audience, Period

MB = 1024 * 1024


def _read(path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        ("users", export.ExportJob("users")),
        (" USERS ", export.ExportJob("users")),
        ("downloads", export.ExportJob("downloads")),
        ("downloads 30", export.ExportJob("downloads", 30)),
        ("downloads 3650", export.ExportJob("downloads", 3650)),
        (None, None),
        ("", None),
        ("user", None),
        ("users 3", None),
        ("downloads 0", None),
        ("downloads 3651", None),
        ("downloads -1", None),
        ("downloads 1.5", None),
        ("downloads x", None),
        ("downloads 1 2", None),
        ("downloads ١٢", None),
    ],
)
def test_parse_export(argument, expected):
    assert export.parse_export(argument) == expected


def test_csv_values():
    assert export.iso(0) == "1970-01-01T00:00:00Z" and export.iso(None) == ""
    user = ChatExportRow(-5, 86400, "ru", None, True, None, 90000, 7)
    assert export.user_row(user) == (
        -5,
        "group",
        "1970-01-02T00:00:00Z",
        "ru",
        "",
        1,
        "",
        "1970-01-02T01:00:00Z",
        7,
    )
    download = DownloadRow(
        3, 5, 60, "v", "https://t/x", True, False, True, True, Platform.INSTAGRAM
    )
    assert export.download_row(download) == (
        3,
        5,
        "1970-01-01T00:01:00Z",
        "v",
        "https://t/x",
        1,
        0,
        1,
        1,
        "instagram",
    )
    assert export.DOWNLOADS_HEADER[-1] == "platform"
    assert export.ExportJob("downloads", 7).filename(0) == "downloads-7d-19700101-0000.csv"
    assert export.ExportJob("users").filename(0) == "users-19700101-0000.csv"


async def test_throttle_calls_at_most_once_per_interval():
    now = [100.0]
    seen: list[int] = []

    async def record(rows: int) -> None:
        seen.append(rows)

    throttle = export.Throttle(record, interval=2.0, clock=lambda: now[0])
    for rows, at in ((1, 100.5), (2, 101.9), (3, 102.0), (4, 103.0), (5, 104.1), (6, 104.2)):
        now[0] = at
        await throttle(rows)
    assert seen == [3, 5]


async def _fake_batches(rows: int, batch_size: int = 1000):
    """Download rows made on the fly, one batch at a time (never all of them at once)."""
    for start in range(0, rows, batch_size):
        yield [
            DownloadRow(
                i,
                i % 997,
                1_700_000_000 + i,
                f"7{i:018d}",
                f"https://www.tiktok.com/@someone/video/7{i:018d}",
                i % 3 == 0,
                i % 5 == 0,
                False,
                True,
            )
            for i in range(start, min(rows, start + batch_size))
        ]


async def test_50000_rows_stream_with_flat_memory(tmp_path):
    path = tmp_path / "big.csv"
    progress: list[int] = []

    async def note(rows: int) -> None:
        progress.append(rows)

    await export.write_csv(
        tmp_path / "warm.csv", export.DOWNLOADS_HEADER, _fake_batches(10), export.download_row
    )
    tracemalloc.start()
    try:
        rows = await export.write_csv(
            path, export.DOWNLOADS_HEADER, _fake_batches(50_000), export.download_row, note
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert rows == 50_000 and progress[-1] == 50_000 and len(progress) == 50
    assert path.stat().st_size > 5 * MB  # the file is far larger than the memory the export used
    assert peak < 2 * MB, f"peak {peak / MB:.2f} MB"
    exported = _read(path)
    assert tuple(exported[0]) == export.DOWNLOADS_HEADER and len(exported) == 50_000
    assert exported[49_999]["id"] == "49999" and exported[3]["is_slideshow"] == "1"
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"  # BOM, so spreadsheets read UTF-8


# ---------------------------------------------------------------- repository side


async def test_download_export_pages_through_ties_in_time_order(store):
    now = int(time.time())
    for uid in (1, 2, -3):
        await db.create_chat(uid, now=now - 40 * DAY)
    expected = []
    for i in range(23):  # many downloads share a second, so pages split inside a tie
        at = now - 30 * DAY + (i // 5) * DAY
        row_id = await db.add_download(
            (1, 2, -3)[i % 3], f"https://t/{i}", str(i), is_slideshow=i % 4 == 0, now=at
        )
        expected.append((at, row_id))
    late = await db.add_download(
        1, "https://t/late", "late", now=now - 35 * DAY
    )  # older, inserted last
    expected.append((now - 35 * DAY, late))
    expected.sort()

    for batch_size in (1, 3, 5, 24, 1000):
        batches = [b async for b in db.iter_downloads_for_export(batch_size=batch_size)]
        got = [(r.downloaded_at, r.id) for batch in batches for r in batch]
        assert got == expected, batch_size
        assert all(len(b) <= batch_size for b in batches)

    since = now - 30 * DAY + 2 * DAY
    recent = [r async for batch in db.iter_downloads_for_export(since, batch_size=4) for r in batch]
    assert [(r.downloaded_at, r.id) for r in recent] == [e for e in expected if e[0] >= since]
    assert [r async for batch in db.iter_downloads_for_export(now + 1) for r in batch] == []
    assert {r.is_slideshow for r in recent} == {True, False}


async def test_download_export_has_each_rows_platform(store, tmp_path):
    now = int(time.time())
    await db.create_chat(1, now=now - DAY)
    await db.add_download(1, "https://vm.tiktok.com/a/", "C1", now=now - 2)
    await db.add_download(
        1, "https://www.instagram.com/reel/C1/", "C1", platform=Platform.INSTAGRAM, now=now - 1
    )
    path = tmp_path / "downloads.csv"
    assert await export.ExportJob("downloads").write(path) == 2
    assert [(r["video_id"], r["platform"]) for r in _read(path)] == [
        ("C1", "tiktok"),
        ("C1", "instagram"),
    ]


async def test_downloads_per_platform_follow_period_and_audience(store):
    now = 10 * DAY
    for uid in (1, -1):
        await db.create_chat(uid, now=0)
    assert await db.downloads_per_platform(Period.all_time(now)) == {}
    for uid, platform, at in (
        (1, Platform.TIKTOK, now - HOUR),
        (1, Platform.TIKTOK, now - 3 * DAY),
        (-1, Platform.TIKTOK, now - HOUR),
        (1, Platform.INSTAGRAM, now - 2 * DAY),
        (-1, Platform.INSTAGRAM, now - 1),
        (-1, Platform.INSTAGRAM, now),  # the period's end is not in it
    ):
        await db.add_download(uid, "https://x/", "p", platform=platform, now=at)
    day = Period.last(DAY, now)
    assert await db.downloads_per_platform(day) == {Platform.TIKTOK: 2, Platform.INSTAGRAM: 1}
    assert await db.downloads_per_platform(day, Audience.USERS) == {Platform.TIKTOK: 1}
    assert await db.downloads_per_platform(day, Audience.GROUPS) == {
        Platform.TIKTOK: 1,
        Platform.INSTAGRAM: 1,
    }
    assert list(await db.downloads_per_platform(Period.all_time(now), Audience.USERS)) == [
        Platform.TIKTOK,
        Platform.INSTAGRAM,
    ]
    assert await db.downloads_per_platform(Period.all_time(now), Audience.USERS) == {
        Platform.TIKTOK: 2,
        Platform.INSTAGRAM: 1,
    }
    assert await db.downloads_per_platform(Period(now - DAY, now - 2)) == {Platform.TIKTOK: 2}


async def test_user_export_pages_by_id_with_download_counts(store):
    now = int(time.time())
    ids = [-20, -7, 1, 2, 3, 10, 11]
    for uid in ids:
        await db.create_chat(
            uid, "es" if uid > 5 else "en", "ref" if uid == 2 else None, now=now - DAY
        )
    for _ in range(3):
        await db.add_download(2, "https://t/x", "x", now=now - HOUR)
    await db.add_download(-7, "https://t/y", "y", now=now - HOUR)
    await db.set_blocked(3, True, now=now)
    await db.update_file_mode(10, True)
    for batch_size in (1, 2, 7, 100):
        rows = [r async for batch in db.iter_chats_for_export(batch_size=batch_size) for r in batch]
        assert [r.chat_id for r in rows] == ids, batch_size
    by_id = {r.chat_id: r for r in rows}
    assert by_id[2].downloads == 3 and by_id[2].referral == "ref" and by_id[-7].downloads == 1
    assert by_id[1].downloads == 0 and by_id[3].blocked_at == now and by_id[10].file_mode is True
    assert by_id[-20].lang == "en" and by_id[11].lang == "es"


async def test_overview_counts_follow_the_audience(store):
    now = int(time.time())
    for uid in (1, 2, 3, -1, -2):
        await db.create_chat(uid, now=now)
    await db.set_blocked(2, True)
    await db.set_blocked(-1, True)
    for uid, creator in ((1, "a"), (1, "b"), (2, "a"), (-2, "a"), (-2, "c")):
        await db.add_subscription(uid, creator, limit=5)
    await db.deactivate_creator("c")
    everyone = await db.overview_counts()
    assert (everyone.users, everyone.groups, everyone.blocked) == (3, 2, 2)
    assert (everyone.subscriptions, everyone.creators) == (4, 2)
    users = await db.overview_counts(Audience.USERS)
    assert (users.users, users.groups, users.blocked, users.subscriptions, users.creators) == (
        3,
        2,
        1,
        3,
        2,
    )
    groups = await db.overview_counts(Audience.GROUPS)
    assert (groups.blocked, groups.subscriptions, groups.creators) == (1, 1, 1)


async def test_database_export_of_50000_downloads_keeps_memory_flat(store, tmp_path):
    now = int(time.time())
    await db.create_chat(1, now=now - DAY)
    await db.create_chat(-1, now=now - DAY)
    rows = [
        {
            "user_id": 1 if i % 2 else -1,
            "downloaded_at": now - DAY + i // 10,
            "source_url": f"https://t/{i}",
            "video_id": str(i),
            "is_images": i % 7 == 0,
        }
        for i in range(50_000)
    ]
    async with session_scope() as session:
        for start in range(0, len(rows), 10_000):
            await session.execute(insert(Download), rows[start : start + 10_000])
    del rows
    job = export.ExportJob("downloads")
    await export.write_csv(
        tmp_path / "warm.csv",
        export.DOWNLOADS_HEADER,
        db.iter_downloads_for_export(now - DAY + 4_990),
        export.download_row,
    )
    path = tmp_path / "downloads.csv"
    tracemalloc.start()
    try:
        written = await job.write(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert written == 50_000
    assert peak < 4 * MB, f"peak {peak / MB:.2f} MB"
    exported = _read(path)
    assert len(exported) == 50_000 and len({r["id"] for r in exported}) == 50_000
    assert [r["downloaded_at"] for r in exported] == sorted(r["downloaded_at"] for r in exported)
