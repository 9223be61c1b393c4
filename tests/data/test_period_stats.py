"""Period statistics from the hourly counters agree with a plain Python count of the raw events."""

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data import db_service as db
from data.errors import InvalidPeriod
from data.periods import DAY, HOUR, Audience, Bucket, Counts, Period
from tests.conftest import clear_tables

T0 = 1_760_000_000 - 1_760_000_000 % DAY  # a UTC midnight
SPAN = 5 * DAY

CHATS = [1, 2, 3, -10, -11]

# Bounds drawn near hour edges as often as anywhere else: the edges are where rollups go wrong.
bound = st.one_of(
    st.integers(0, SPAN + HOUR),
    st.integers(0, SPAN // HOUR).map(lambda h: h * HOUR),
    st.integers(1, SPAN // HOUR).flatmap(lambda h: st.integers(h * HOUR - 900, h * HOUR + 900)),
).map(lambda offset: T0 + max(offset, 0))


@st.composite
def scenarios(draw):
    """A period, then events of which many fall within half an hour of its bounds."""
    a, b = sorted((draw(bound), draw(bound)))
    period = Period(None if draw(st.booleans()) and draw(st.booleans()) else a, b)
    moment = st.one_of(
        st.integers(T0, T0 + SPAN),
        st.integers(a - 1800, a + 1800),
        st.integers(b - 1800, b + 1800),
    ).map(lambda at: max(at, T0))
    event = st.tuples(
        st.sampled_from(["download", "music"]),
        st.sampled_from(CHATS),
        moment,
        st.booleans(),
        st.booleans(),
        st.booleans(),
    )
    registered = draw(st.lists(moment, min_size=len(CHATS), max_size=len(CHATS)))
    return period, draw(st.lists(event, max_size=60)), dict(zip(CHATS, registered, strict=True))


def expected(events, registered, period, audience, bucket):
    def inside(at, chat):
        if audience is Audience.USERS and chat < 0 or audience is Audience.GROUPS and chat > 0:
            return False
        return (period.start is None or at >= period.start) and at < period.end

    per_bucket: dict[int, Counter] = {}

    def count(at, **fields):
        bucket_counts = per_bucket.setdefault(at // bucket * bucket, Counter())
        bucket_counts.update(fields)

    for chat, at in registered.items():
        if inside(at, chat):
            count(at, new_users=1)
    for kind, chat, at, images, inline, via_sub in events:
        if not inside(at, chat):
            continue
        if kind == "music":
            count(at, music=1)
        else:
            count(
                at,
                downloads=1,
                slideshows=int(images),
                inline=int(inline),
                via_subscription=int(via_sub),
            )
    return {b: Counts(**c) for b, c in per_bucket.items()}


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    scenario=scenarios(),
    audience=st.sampled_from(list(Audience)),
    bucket=st.sampled_from(list(Bucket)),
)
async def test_period_stats_match_a_python_count(store, scenario, audience, bucket):
    period, events, registered = scenario
    await clear_tables()
    for chat, at in registered.items():
        await db.create_chat(chat, now=at)
    for kind, chat, at, images, inline, via_sub in events:
        if kind == "music":
            await db.add_music(chat, "v", now=at)
        else:
            await db.add_download(
                chat,
                "https://t",
                "v",
                is_slideshow=images,
                is_inline=inline,
                via_subscription=via_sub,
                now=at,
            )
    want = expected(events, registered, period, audience, int(bucket))

    got = await db.period_stats(period, audience, bucket)

    series = dict(got.series)
    assert {b: c for b, c in series.items() if c != Counts()} == want
    total = Counts()
    for counts in want.values():
        total.add(counts)
    assert got.totals == total
    if period.start == period.end:
        assert got.series == []
    elif period.start is not None:
        starts = [b for b, _ in got.series]
        assert starts == list(range(period.start // bucket * bucket, starts[-1] + 1, int(bucket)))
        assert starts[-1] == (period.end - 1) // bucket * bucket


async def test_rebuild_reproduces_the_live_counters(store):
    for chat in (1, -2):
        await db.create_chat(chat, now=T0 + chat * 7)
    for i in range(50):
        await db.add_download(
            1 if i % 3 else -2,
            "https://t",
            str(i),
            is_slideshow=i % 4 == 0,
            is_inline=i % 5 == 0,
            via_subscription=i % 7 == 0,
            now=T0 + i * 997,
        )
        await db.add_music(1, str(i), now=T0 + i * 1601)
    everything = Period.all_time(T0 + 10 * DAY)
    live = await db.period_stats(everything, bucket=Bucket.HOUR)
    assert await db.rebuild_hourly_stats() > 0
    rebuilt = await db.period_stats(everything, bucket=Bucket.HOUR)
    assert (rebuilt.totals, rebuilt.series) == (live.totals, live.series)
    assert live.totals.downloads == 50 and live.totals.music == 50 and live.totals.new_users == 2


async def test_empty_database_gives_zero_filled_series(store):
    stats = await db.period_stats(Period.named("7d", now=T0), bucket=Bucket.DAY)
    assert stats.totals == Counts()
    assert len(stats.series) in (7, 8) and all(c == Counts() for _, c in stats.series)
    assert (await db.period_stats(Period.all_time(T0))).series == []


def test_named_periods_and_bad_bounds():
    assert Period.named("24h", now=T0) == Period(T0 - DAY, T0)
    assert Period.named("30d", now=T0).start == T0 - 30 * DAY
    assert Period.named("all", now=T0) == Period(None, T0)
    with pytest.raises(InvalidPeriod):
        Period.named("fortnight", now=T0)
    with pytest.raises(InvalidPeriod):
        Period(T0, T0 - 1)
    with pytest.raises(InvalidPeriod):
        Period.last(0, now=T0)
