"""Legacy tt-bot sources and tokdrop targets, on SQLite files and the throwaway PostgreSQL."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import pytest

from devservers.ttbot_legacy import (
    LegacyCounts,
    LegacySpec,
    generate_postgres_async,
    generate_sqlite,
)

# The locales the tests import into: fixed, so that the expected counts do not depend on
# which locale files this checkout has.
LANGUAGES = ("en", "es", "ru", "uk")
SMALL = LegacySpec(users=300, videos=2_400, music=500, seed=3)
_names = itertools.count()


@dataclass
class Legacy:
    """A generated tt-bot database and what it holds."""

    url: str
    counts: LegacyCounts
    kind: str


@pytest.fixture(params=["sqlite", "postgres"])
def source_kind(request) -> str:
    """The database a legacy source is on."""
    return request.param


@pytest.fixture(params=["sqlite", "postgres"])
def target_kind(request) -> str:
    """The database tokdrop's target is on."""
    return request.param


@pytest.fixture
def make_source(source_kind, tmp_path: Path, request):
    """``await make_source(spec)``: a new legacy database of the test's source kind."""

    async def make(spec: LegacySpec = SMALL) -> Legacy:
        if source_kind == "sqlite":
            path = tmp_path / f"ttbot{next(_names)}.sqlite3"
            return Legacy(f"sqlite:///{path}", generate_sqlite(path, spec), "sqlite")
        server = request.getfixturevalue("pg_server")
        url = server.create_database(f"ttbot_src_{next(_names)}_{id(tmp_path)}")
        return Legacy(url, await generate_postgres_async(url, spec), "postgres")

    return make


@pytest.fixture
def make_target(target_kind, tmp_path: Path, request):
    """``make_target()``: the URL of a new, empty target database of the test's target kind."""

    def make() -> str:
        if target_kind == "sqlite":
            return f"sqlite:///{tmp_path / f'tokdrop{next(_names)}.sqlite3'}"
        server = request.getfixturevalue("pg_server")
        return server.create_database(f"tokdrop_dst_{next(_names)}_{id(tmp_path)}")

    return make


def expected_reasons(counts: LegacyCounts, languages=LANGUAGES) -> dict[str, dict[str, int]]:
    """The adjustments the import must report for a generated database (without merges)."""
    supported = set(languages)
    closest = {"pt": "es", "pt-br": "es", "be": "ru"}
    langs = {"lang_missing": 0, "lang_normalised": 0, "lang_closest": 0, "lang_unknown": 0}
    for value, n in counts.langs.items():
        if value is None or value == "":
            langs["lang_missing"] += n
        elif value in supported:
            continue
        elif value.lower() in supported:
            langs["lang_normalised"] += n
        elif closest.get(value) in supported:
            langs["lang_closest"] += n
        else:
            langs["lang_unknown"] += n
    users = {
        **langs,
        "referral_empty": counts.referrals["empty"],
        "referral_truncated": counts.long_referrals,
        # URLs and non-ASCII values that fit the column: kept as they are, and counted.
        "referral_not_a_code": counts.referrals["url"] + counts.referrals["non_ascii"],
        "registered_at_filled": counts.null_registered,
    }
    videos = {
        "chat_missing": counts.orphan_videos,
        "downloaded_at_filled": counts.null_video_times,
        "link_unrecognised": counts.unrecognised_links,
        "post_id_unresolved": counts.short_links,
    }
    music = {"chat_missing": counts.orphan_music, "downloaded_at_filled": counts.null_music_times}
    return {
        name: {k: v for k, v in reasons.items() if v}
        for name, reasons in (("users", users), ("videos", videos), ("music", music))
    }
