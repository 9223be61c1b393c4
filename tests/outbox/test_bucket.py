"""Token buckets: rate, burst, strict large costs, borrowing, per-chat/group sets."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.outbox.bucket import ChatBuckets, TokenBucket


def test_fresh_bucket_allows_its_burst_then_the_rate():
    bucket = TokenBucket(rate=2.0, capacity=3.0)
    for _ in range(3):
        assert bucket.ready_at(1) <= 10.0
        bucket.take(1, 10.0)
    assert bucket.ready_at(1) == pytest.approx(10.5)
    assert bucket.level(10.0) == pytest.approx(0.0)
    assert bucket.level(10.25) == pytest.approx(0.5)
    assert bucket.level(99.0) == 3.0


def test_keep_holds_tokens_back():
    bucket = TokenBucket(rate=10.0, capacity=2.0)
    bucket.take(1, 0.0)
    assert bucket.ready_at(1) <= 0.0
    assert bucket.ready_at(1, keep=1) == pytest.approx(0.1)


def test_strict_cost_above_capacity_waits_for_the_refill():
    bucket = TokenBucket(rate=10.0, capacity=2.0)
    bucket.take(2, 0.0)
    # full again at 0.2; five units need three more tokens of refill after that
    assert bucket.ready_at(5) == pytest.approx(0.5)


def test_borrowing_bucket_sends_a_large_cost_at_once_and_waits_it_off():
    bucket = TokenBucket(rate=1.0, capacity=3.0, borrow=True)
    assert bucket.ready_at(10) == -math.inf
    bucket.take(10, 0.0)
    assert bucket.level(0.0) == pytest.approx(-7.0)
    assert bucket.ready_at(1) == pytest.approx(8.0)


@settings(max_examples=200, deadline=None)
@given(
    rate=st.sampled_from([1.0, 7.0, 28.0]),
    capacity=st.sampled_from([1.0, 2.0, 5.0]),
    calls=st.lists(st.tuples(st.floats(0, 0.5), st.integers(1, 10)), min_size=1, max_size=80),
)
def test_strict_bucket_never_exceeds_rate_plus_capacity_in_a_window(rate, capacity, calls):
    bucket, now, sent = TokenBucket(rate, capacity), 0.0, []
    for gap, cost in calls:
        now = max(now + gap, bucket.ready_at(cost))
        bucket.take(cost, now)
        sent.append((now, cost))
    largest = max(cost for _, cost in calls)  # one call alone may exceed a window, once
    for start, _ in sent:  # every window of one second starting at a grant
        units = sum(cost for at, cost in sent if start <= at < start + 1.0 - 1e-9)
        assert units <= max(capacity + rate, largest) + 1e-6


def test_chat_buckets_limit_groups_per_minute_too():
    buckets = ChatBuckets(chat_rate=1.0, chat_burst=3.0, group_rate=20 / 60, group_burst=3.0)
    for _ in range(3):
        assert buckets.ready_at(-100, 1) <= 0.0
        buckets.take(-100, 1, 0.0)
        buckets.take(7, 1, 0.0)
    assert buckets.ready_at(7, 1) == pytest.approx(1.0)
    assert buckets.ready_at(-100, 1) == pytest.approx(3.0)
    assert buckets.ready_at(8, 1) == -math.inf
    assert buckets.ready_at(None, 5) == -math.inf


def test_usernames_count_as_groups_and_full_buckets_are_pruned():
    buckets = ChatBuckets(chat_rate=1.0, chat_burst=1.0, group_rate=1.0, group_burst=1.0)
    assert ChatBuckets.is_group("@channel") and ChatBuckets.is_group(-5)
    assert not ChatBuckets.is_group(5) and not ChatBuckets.is_group(None)
    buckets.take("@channel", 1, 0.0)
    buckets.take(5, 1, 0.0)
    assert len(buckets) == 3
    buckets.prune(0.5)
    assert len(buckets) == 3
    buckets.prune(1.0)
    assert len(buckets) == 0
