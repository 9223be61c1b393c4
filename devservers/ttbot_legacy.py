"""Legacy tt-bot databases for tests and benchmarks: the schema of tt-bot's Python versions
(``users``, ``videos``, ``music``) in an SQLite file or a PostgreSQL database, filled with N
rows carrying every quirk real ones have, at known rates.

Rows are made from their index (and a seeded ``random.Random`` for the values that do not
matter), so a spec always gives the same database; they are written in chunks (``executemany``
on SQLite, ``COPY`` on PostgreSQL), never held all in memory. :func:`generate` returns
:class:`LegacyCounts`: exactly how many rows carry each quirk, for tests to assert reports.

Quirks: junk referral values (URLs, 200-character strings, empty strings, non-ASCII), language
codes tokdrop lacks or that are no language (``pt``, ``xx``, ``""``, NULL, ``pt-br``, ``EN``),
NULL timestamps, every TikTok link shape plus some Instagram links and a few links to
elsewhere, and, on SQLite only (PostgreSQL enforces the foreign keys), downloads and sounds whose
``user_id`` has no row in ``users``.

``python -m devservers.ttbot_legacy URL --videos N`` makes one from the command line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "CHUNK",
    "LINK_SHAPES",
    "LegacyCounts",
    "LegacySpec",
    "generate",
    "generate_postgres",
    "generate_sqlite",
    "schema_sql",
]

CHUNK = 10_000
BASE_TIME = 1_600_000_000  # 2020-09-13
SPAN = 400 * 86_400  # rows spread over about 400 days, in index order
ORPHAN_BASE = 9_000_000_000  # ids of chats that downloaded but have no users row
ORPHAN_POOL = 17

# Link shapes by index (i % len): posts mostly, every other shape at a known rate.
LINK_SHAPES = (
    "video",
    "video_query",
    "photo",
    "video",
    "vm",
    "video",
    "vt",
    "t",
    "mobile_v",
    "video_www_http",
    "instagram_reel",
    "video",
    "instagram_p",
    "instagram_share",
    "photo_query",
    "elsewhere",
)
# Shapes whose link carries no post id (short or share links) and shapes that are no post link.
SHORT_SHAPES = frozenset({"vm", "vt", "t", "instagram_share"})
UNRECOGNISED_SHAPES = frozenset({"elsewhere"})
INSTAGRAM_SHAPES = frozenset({"instagram_reel", "instagram_p", "instagram_share"})

# Language codes by index (i % 25); the rest are "en".
LANGS = {
    0: "pt",
    1: "xx",
    2: "",
    3: None,
    4: "ar",
    5: "hi",
    6: "id",
    7: "vi",
    8: "so",
    9: "pt-br",
    10: "EN",
    11: "ru",
    12: "uk",
    13: "es",
    14: "be",
}


def schema_sql(*, old_schema: bool = False, foreign_keys: bool = True) -> list[str]:
    """The ``CREATE TABLE`` statements of tt-bot's schema (``old_schema``: users without
    ``ad_count``/``ad_cooldown``)."""
    ads = "" if old_schema else ", ad_count INTEGER, ad_cooldown BIGINT"
    fk = " REFERENCES users (user_id)" if foreign_keys else ""
    return [
        "CREATE TABLE users (user_id BIGINT PRIMARY KEY, registered_at BIGINT, lang VARCHAR, "
        f"link VARCHAR, file_mode BOOLEAN{ads})",
        f"CREATE TABLE videos (pk_id BIGINT PRIMARY KEY, user_id BIGINT{fk}, "
        "downloaded_at BIGINT, video_link VARCHAR NOT NULL, is_images BOOLEAN, "
        "is_processed BOOLEAN, is_inline BOOLEAN)",
        f"CREATE TABLE music (pk_id BIGINT PRIMARY KEY, user_id BIGINT{fk}, "
        "downloaded_at BIGINT, video_id BIGINT)",
    ]


@dataclass(frozen=True)
class LegacySpec:
    """What to generate. ``orphans`` (rows whose chat is missing from ``users``) defaults to
    True on SQLite; PostgreSQL's foreign keys forbid them."""

    users: int = 1_000
    videos: int = 5_000
    music: int = 1_000
    seed: int = 1
    old_schema: bool = False
    orphans: bool | None = None


@dataclass
class LegacyCounts:
    """Exactly how many generated rows carry each quirk."""

    users: int = 0
    videos: int = 0
    music: int = 0
    groups: int = 0
    # referral kinds: valid, url, long (200 characters), edge (65 characters), empty,
    # non_ascii; None are NULL
    referrals: Counter = field(default_factory=Counter)
    langs: Counter = field(default_factory=Counter)  # source value (None = NULL) -> users
    null_registered: int = 0
    null_video_times: int = 0
    null_music_times: int = 0
    links: Counter = field(default_factory=Counter)  # shape -> videos
    orphan_videos: int = 0
    orphan_music: int = 0
    orphan_chats: set = field(default_factory=set)  # chat ids missing from users

    @property
    def long_referrals(self) -> int:
        """Referral values longer than tokdrop's 64-character column."""
        return self.referrals["long"] + self.referrals["edge"] + self.referrals["url_long"]

    @property
    def short_links(self) -> int:
        """Videos whose link carries no post id (short and share links)."""
        return sum(n for shape, n in self.links.items() if shape in SHORT_SHAPES)

    @property
    def unrecognised_links(self) -> int:
        """Videos whose link is no TikTok or Instagram post link."""
        return sum(n for shape, n in self.links.items() if shape in UNRECOGNISED_SHAPES)

    @property
    def instagram_links(self) -> int:
        """Videos with an Instagram link."""
        return sum(n for shape, n in self.links.items() if shape in INSTAGRAM_SHAPES)

    def as_json(self) -> dict:
        """A JSON-friendly copy (for the command line and benchmarks)."""
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["referrals"] = dict(self.referrals)
        data["langs"] = {str(k): v for k, v in self.langs.items()}
        data["links"] = dict(self.links)
        data["orphan_chats"] = len(self.orphan_chats)
        return data


def _user_id(i: int) -> int:
    """User ids: sparse positives, every 10th a group (negative)."""
    return -(1_000_000_000_000 + i) if i % 10 == 9 else 10_000 + i * 7


def _referral(i: int, rng: random.Random) -> tuple[str, str | None]:
    k = i % 20
    if k == 0:
        return "url", f"https://t.me/somebot?start=ref{rng.randrange(10**6)}"
    if k == 1:
        return "valid", f"ref_{i % 97}"
    if k == 2:
        return "long", "x" * 190 + f"{i:010d}"
    if k == 3:
        return "empty", ""
    if k == 4:
        return "non_ascii", f"реф-{i % 13}-ссылка"
    if k == 5:
        return "edge", "r" * 65
    if k == 6:
        return "url_long", "https://example.org/" + "p" * 60 + f"?i={i}"
    return "none", None


def _link(shape: str, i: int) -> str:
    post = 7_000_000_000_000_000_000 + i
    code = f"ZM{i:07d}"
    return {
        "video": f"https://www.tiktok.com/@user{i % 50}/video/{post}",
        "video_query": f"https://www.tiktok.com/@user.x/video/{post}?is_from_webapp=1&sender=2",
        "video_www_http": f"http://tiktok.com/@u_{i % 9}/video/{post}/",
        "photo": f"https://www.tiktok.com/@pics{i % 7}/photo/{post}",
        "photo_query": f"https://www.tiktok.com/@pics/photo/{post}?lang=en#top",
        "vm": f"https://vm.tiktok.com/{code}/",
        "vt": f"https://vt.tiktok.com/{code}",
        "t": f"https://www.tiktok.com/t/{code}/",
        "mobile_v": f"https://m.tiktok.com/v/{post}.html?u_code=abc&share_app_id=1233",
        "instagram_reel": f"https://www.instagram.com/reel/C{code}/?igsh=MWQ1",
        "instagram_p": f"https://instagram.com/p/C{code}/",
        "instagram_share": f"https://www.instagram.com/share/B{code}/",
        "elsewhere": f"https://example.com/watch?v={i}",
    }[shape]


def _time(i: int, n: int, rng: random.Random) -> int:
    return BASE_TIME + (i * SPAN) // max(n, 1) + rng.randrange(3_600)


class _Maker:
    """Makes the rows of one spec, counting every quirk as it goes."""

    def __init__(self, spec: LegacySpec, orphans: bool) -> None:
        self.spec, self.orphans = spec, orphans
        self.counts = LegacyCounts(users=spec.users, videos=spec.videos, music=spec.music)

    def users(self) -> Iterator[tuple]:
        rng, c = random.Random(f"{self.spec.seed}-users"), self.counts
        for i in range(self.spec.users):
            user_id = _user_id(i)
            c.groups += user_id < 0
            registered = None if i % 50 == 7 else _time(i, self.spec.users, rng) - SPAN // 4
            c.null_registered += registered is None
            kind, link = _referral(i, rng)
            c.referrals[kind] += 1
            lang = LANGS.get(i % 25, "en")
            c.langs[lang] += 1
            row = (user_id, registered, lang, link, i % 9 == 0)
            if not self.spec.old_schema:
                row += (rng.randrange(50), 0 if i % 3 else BASE_TIME + SPAN + rng.randrange(999))
            yield row

    def _chat(self, i: int, rng: random.Random, orphan: bool) -> int:
        if orphan:
            chat = ORPHAN_BASE + i % ORPHAN_POOL
            self.counts.orphan_chats.add(chat)
            return chat
        return _user_id(rng.randrange(max(self.spec.users, 1)))

    def videos(self) -> Iterator[tuple]:
        rng, c = random.Random(f"{self.spec.seed}-videos"), self.counts
        for i in range(self.spec.videos):
            orphan = self.orphans and i % 40 == 3 or self.spec.users == 0
            c.orphan_videos += orphan
            chat = self._chat(i, rng, orphan)
            at = None if i % 60 == 5 else _time(i, self.spec.videos, rng)
            c.null_video_times += at is None
            shape = LINK_SHAPES[i % len(LINK_SHAPES)]
            c.links[shape] += 1
            images = shape.startswith("photo")
            yield (i + 1, chat, at, _link(shape, i), images, i % 11 != 0, i % 7 == 0)

    def music(self) -> Iterator[tuple]:
        rng, c = random.Random(f"{self.spec.seed}-music"), self.counts
        for i in range(self.spec.music):
            orphan = self.orphans and i % 33 == 2 or self.spec.users == 0
            c.orphan_music += orphan
            chat = self._chat(i, rng, orphan)
            at = None if i % 45 == 4 else _time(i, self.spec.music, rng)
            c.null_music_times += at is None
            yield (i * 3 + 5, chat, at, 7_100_000_000_000_000_000 + i)


def _chunks(rows: Iterator[tuple], size: int = CHUNK) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def generate_sqlite(path: str | Path, spec: LegacySpec = LegacySpec()) -> LegacyCounts:
    """Write a legacy database to a new SQLite file (replacing one already there)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        stale.unlink(missing_ok=True)
    maker = _Maker(spec, True if spec.orphans is None else spec.orphans)
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        for statement in schema_sql(old_schema=spec.old_schema):
            db.execute(statement)
        ucols = 5 if spec.old_schema else 7
        tables = (
            ("users", ucols, maker.users()),
            ("videos", 7, maker.videos()),
            ("music", 4, maker.music()),
        )
        for table, width, rows in tables:
            marks = ", ".join("?" * width)
            for chunk in _chunks(rows):
                db.executemany(f"INSERT INTO {table} VALUES ({marks})", chunk)
        db.commit()
    finally:
        db.close()
    return maker.counts


async def _generate_postgres(url: str, spec: LegacySpec) -> LegacyCounts:
    import asyncpg  # only the PostgreSQL side needs the driver

    if spec.orphans:
        raise ValueError("PostgreSQL enforces tt-bot's foreign keys: no orphan rows there")
    maker = _Maker(spec, False)
    conn = await asyncpg.connect(url)
    try:
        async with conn.transaction():
            await conn.execute("DROP TABLE IF EXISTS music, videos, users")
            for statement in schema_sql(old_schema=spec.old_schema, foreign_keys=False):
                await conn.execute(statement)
            for table, rows in (
                ("users", maker.users()),
                ("videos", maker.videos()),
                ("music", maker.music()),
            ):
                for chunk in _chunks(rows):
                    await conn.copy_records_to_table(table, records=chunk)
            # The foreign keys of the real schema, checked once after the load.
            for table in ("videos", "music"):
                await conn.execute(
                    f"ALTER TABLE {table} ADD FOREIGN KEY (user_id) REFERENCES users (user_id)"
                )
        await conn.execute("ANALYZE users; ANALYZE videos; ANALYZE music")
    finally:
        await conn.close()
    return maker.counts


def generate_postgres(url: str, spec: LegacySpec = LegacySpec()) -> LegacyCounts:
    """Write a legacy database into the PostgreSQL database at ``url`` (its tt-bot tables are
    replaced)."""
    return asyncio.run(_generate_postgres(url, spec))


async def generate_postgres_async(url: str, spec: LegacySpec = LegacySpec()) -> LegacyCounts:
    """:func:`generate_postgres` for callers already in an event loop."""
    return await _generate_postgres(url, spec)


def generate(url: str, spec: LegacySpec = LegacySpec()) -> LegacyCounts:
    """A legacy database at ``url``: ``sqlite:///path`` or ``postgresql://…``."""
    if url.startswith("sqlite:///"):
        return generate_sqlite(url[len("sqlite:///") :], spec)
    if url.startswith(("postgresql://", "postgres://")):
        return generate_postgres(url, spec)
    raise ValueError(f"unsupported URL {url!r}: use sqlite:///path or postgresql://…")


def _main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--users", type=int, default=None)
    parser.add_argument("--videos", type=int, default=100_000)
    parser.add_argument("--music", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--old-schema", action="store_true")
    args = parser.parse_args()
    spec = LegacySpec(
        users=args.users if args.users is not None else max(args.videos // 10, 1),
        videos=args.videos,
        music=args.music if args.music is not None else args.videos // 5,
        seed=args.seed,
        old_schema=args.old_schema,
    )
    print(json.dumps(generate(args.url, spec).as_json()))


if __name__ == "__main__":
    _main()
