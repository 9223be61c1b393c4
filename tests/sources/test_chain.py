"""The chain's rules with scripted backends on a fake clock: fallback on transient failures,
definitive answers final, unsupported requests passed on, breakers skipping, forced tries when
every backend is open, creator lists, health and counts."""

from __future__ import annotations

import asyncio
import logging
from collections import deque

import pytest
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from bot.metrics import Metrics
from bot.sources import (
    BackendHealth,
    CreatorNotFound,
    CreatorPage,
    InvalidLink,
    Post,
    PostKind,
    PostUnavailable,
    Resolver,
    ResolverChain,
    ResolverDown,
    ResolverTimeout,
    SlideshowUnsupported,
)
from bot.sources.breaker import BreakerState
from bot.web import ProbeResult, backend_probes
from tests.sources.test_breaker import FakeClock

LINK = "https://www.tiktok.com/@nasa/video/7300000000000000001"
PAGE = CreatorPage((), None, False)


def post(source: str) -> Post:
    return Post(
        id="7300000000000000001",
        author="nasa",
        author_name=source,  # which backend answered
        caption="",
        kind=PostKind.VIDEO,
        video_url="https://media.example/v.mp4",
        image_urls=(),
        sound=None,
        duration=None,
        width=None,
        height=None,
        cover_url=None,
        size=None,
        created_at=None,
    )


class Scripted:
    """A backend answering from a script: each entry is an exception (class or instance) to
    raise, an ``asyncio.Event`` to wait for, or anything else meaning "answer". An empty
    script answers."""

    def __init__(self, name: str, *script: object, lists: bool = True) -> None:
        self.name = name
        self.script = deque(script)
        self.lists = lists
        self.calls: list[str] = []
        self.closed = False

    async def _next(self, what: str) -> None:
        self.calls.append(what)
        step = self.script.popleft() if self.script else None
        if isinstance(step, asyncio.Event):
            await step.wait()
        elif isinstance(step, BaseException) or (
            isinstance(step, type) and issubclass(step, BaseException)
        ):
            raise step

    async def resolve(self, link: str) -> Post:
        await self._next("post")
        return post(self.name)

    async def creator_posts(self, unique_id, *, since=None, count=20, cursor=None) -> CreatorPage:
        if not self.lists:
            raise NotImplementedError(f"{self.name} cannot list creators")
        await self._next("creator")
        return PAGE

    async def close(self) -> None:
        self.closed = True


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def chain_of(clock: FakeClock, *backends: Scripted, failures: int = 2, cooldown: float = 30):
    return ResolverChain.of(
        "tiktok",
        [(b.name, b) for b in backends],
        failures=failures,
        cooldown=cooldown,
        clock=clock,
    )


def counts(chain: ResolverChain, name: str) -> tuple[dict, dict]:
    backend = next(b for b in chain.backends if b.name == name)
    return backend.requests, backend.fallbacks


async def test_the_chain_is_a_resolver_and_asks_only_the_first_healthy_backend(clock):
    first, second = Scripted("first"), Scripted("second")
    chain = chain_of(clock, first, second)
    assert isinstance(chain, Resolver)
    assert (await chain.resolve(LINK)).author_name == "first"
    assert second.calls == []
    await chain.close()
    assert first.closed and second.closed


@pytest.mark.parametrize("error", [ResolverTimeout("slow"), ResolverDown("HTTP 503")])
async def test_a_transient_failure_falls_through_to_the_next_backend(clock, error):
    first, second = Scripted("first", error), Scripted("second")
    chain = chain_of(clock, first, second)
    assert (await chain.resolve(LINK)).author_name == "second"
    requests, fallbacks = counts(chain, "first")
    assert requests == {
        ("post", "timeout" if isinstance(error, ResolverTimeout) else "resolver_down"): 1
    }
    assert fallbacks == {requests.popitem()[0][1]: 1}
    assert counts(chain, "second")[0] == {("post", "ok"): 1}


@pytest.mark.parametrize(
    "error", [PostUnavailable("private"), InvalidLink("not a post"), CreatorNotFound("gone")]
)
async def test_a_definitive_answer_is_the_answer(clock, error):
    first, second = Scripted("first", ResolverDown("x"), error), Scripted("second")
    chain = chain_of(clock, first, second, failures=2)
    await chain.resolve(LINK)  # one transient failure on record
    with pytest.raises(type(error)) as caught:
        await chain.resolve(LINK)
    assert caught.value is error
    assert second.calls == ["post"]  # only the first link fell through
    assert chain.backends[0].breaker.consecutive_failures == 0  # the backend answered
    assert counts(chain, "first")[0][("post", "answer")] == 1


async def test_an_unsupported_slideshow_goes_to_a_backend_that_can(clock):
    ytdlp = Scripted("ytdlp", SlideshowUnsupported("yt-dlp cannot"), SlideshowUnsupported("no"))
    tikwm = Scripted("tikwm")
    chain = chain_of(clock, ytdlp, tikwm, failures=1)
    assert (await chain.resolve(LINK)).author_name == "tikwm"
    assert (await chain.resolve(LINK)).author_name == "tikwm"
    assert chain.backends[0].breaker.state is BreakerState.CLOSED  # not the backend's failure
    assert counts(chain, "ytdlp") == ({("post", "unsupported"): 2}, {"unsupported": 2})


async def test_slideshow_unsupported_everywhere_is_the_answer(clock):
    only = Scripted("ytdlp", SlideshowUnsupported("yt-dlp cannot fetch slideshows"))
    with pytest.raises(SlideshowUnsupported):
        await chain_of(clock, only).resolve(LINK)


async def test_a_transient_failure_beats_unsupported_in_the_final_error(clock):
    tikwm = Scripted("tikwm", ResolverDown("tikwm answered HTTP 502"))
    ytdlp = Scripted("ytdlp", SlideshowUnsupported("no slideshows"))
    with pytest.raises(ResolverDown, match="502"):
        await chain_of(clock, tikwm, ytdlp).resolve(LINK)


async def test_all_failing_raises_the_last_transient_error(clock):
    first = Scripted("first", ResolverTimeout("first slow"))
    second = Scripted("second", ResolverDown("second down"))
    with pytest.raises(ResolverDown, match="second down"):
        await chain_of(clock, first, second).resolve(LINK)


async def test_an_open_breaker_skips_the_backend_without_a_request(clock):
    first = Scripted("first", *[ResolverTimeout("slow")] * 2)
    second = Scripted("second")
    chain = chain_of(clock, first, second, failures=2, cooldown=30)
    for _ in range(2):
        await chain.resolve(LINK)
    assert chain.backends[0].health is BackendHealth.OPEN
    for _ in range(5):
        assert (await chain.resolve(LINK)).author_name == "second"
    assert first.calls == ["post", "post"]  # nothing since it opened
    assert counts(chain, "first")[1] == {"timeout": 2, "open": 5}


async def test_after_the_cooldown_one_probe_decides_while_the_rest_fall_back(clock):
    gate = asyncio.Event()
    first = Scripted("first", ResolverDown("down"), gate)  # the probe waits for the gate
    second = Scripted("second")
    chain = chain_of(clock, first, second, failures=1, cooldown=30)
    await chain.resolve(LINK)
    clock.advance(30)
    probe = asyncio.create_task(chain.resolve(LINK))
    while first.calls != ["post", "post"]:
        await asyncio.sleep(0)
    others = [await chain.resolve(LINK) for _ in range(3)]  # during the probe
    assert [p.author_name for p in others] == ["second"] * 3
    assert len(first.calls) == 2
    gate.set()
    assert (await probe).author_name == "first"
    assert chain.backends[0].health is BackendHealth.UP
    assert (await chain.resolve(LINK)).author_name == "first"


async def test_when_every_backend_is_open_the_earliest_to_reopen_is_tried(clock):
    first = Scripted("first", ResolverDown("a"), ResolverDown("a2"))
    second = Scripted("second", None, ResolverDown("b"))
    chain = chain_of(clock, first, second, failures=1, cooldown=30)
    await chain.resolve(LINK)  # first opens, second answers
    clock.advance(10)
    with pytest.raises(ResolverDown):
        await chain.resolve(LINK)  # first skipped, second fails and opens (until +40)
    assert [b.health for b in chain.backends] == [BackendHealth.OPEN] * 2
    assert len(first.calls) == 1 and len(second.calls) == 2
    # Both open: first's cool-down ends first (at +30), so it gets the one request.
    clock.advance(5)
    with pytest.raises(ResolverDown, match="a2"):
        await chain.resolve(LINK)
    assert len(first.calls) == 2 and len(second.calls) == 2
    # Its forced failure restarted its wait (to +45): second's (+40) now ends first.
    assert (await chain.resolve(LINK)).author_name == "second"
    assert chain.backends[1].health is BackendHealth.UP


async def test_a_chain_of_one_always_asks_its_backend(clock):
    only = Scripted("only", *[ResolverDown("down")] * 4)
    chain = chain_of(clock, only, failures=2)
    for _ in range(4):
        with pytest.raises(ResolverDown):
            await chain.resolve(LINK)
    assert len(only.calls) == 4 and chain.backends[0].health is BackendHealth.OPEN
    assert (await chain.resolve(LINK)).author_name == "only"
    assert chain.backends[0].health is BackendHealth.UP


async def test_creator_lists_skip_backends_that_cannot_list(clock):
    cobalt_like = Scripted("cobalt", lists=False)
    tikwm = Scripted("tikwm")
    chain = chain_of(clock, cobalt_like, tikwm)
    assert await chain.creator_posts("nasa") is PAGE
    assert tikwm.calls == ["creator"]
    assert counts(chain, "cobalt") == ({("creator", "unsupported"): 1}, {"unsupported": 1})
    with pytest.raises(ResolverDown, match=r"backends \(cobalt\) can list"):
        await chain_of(clock, Scripted("cobalt", lists=False)).creator_posts("nasa")


async def test_creator_lists_use_the_same_breakers(clock):
    first = Scripted("first", ResolverTimeout("slow"), CreatorNotFound("no such creator"))
    second = Scripted("second")
    chain = chain_of(clock, first, second, failures=1, cooldown=30)
    assert await chain.creator_posts("nasa") is PAGE
    assert (await chain.resolve(LINK)).author_name == "second"  # open for posts as well
    clock.advance(30)
    with pytest.raises(CreatorNotFound):
        await chain.creator_posts("nobody")


async def test_when_only_listers_are_open_one_is_still_tried(clock):
    tikwm = Scripted("tikwm", ResolverDown("down"))
    cobalt_like = Scripted("cobalt", lists=False)
    chain = chain_of(clock, tikwm, cobalt_like, failures=1)
    await chain.resolve(LINK)  # tikwm opens
    assert await chain.creator_posts("nasa") is PAGE  # cobalt cannot: tikwm tried anyway
    assert tikwm.calls == ["post", "creator"]


async def test_an_unexpected_exception_falls_through_and_is_logged(clock, caplog):
    first, second = Scripted("first", KeyError("id")), Scripted("second", KeyError("x"))
    chain = chain_of(clock, first, second)
    with caplog.at_level(logging.ERROR, logger="bot.sources.chain"):
        with pytest.raises(ResolverDown, match=r"second failed \(KeyError\)"):
            await chain.resolve(LINK)
    assert "first failed unexpectedly" in caplog.text
    assert counts(chain, "first")[0] == {("post", "error"): 1}


async def test_a_cancelled_probe_frees_the_probe_slot(clock):
    gate = asyncio.Event()
    first = Scripted("first", ResolverDown("down"), gate)
    chain = chain_of(clock, first, Scripted("second"), failures=1)
    await chain.resolve(LINK)
    clock.advance(30)
    probe = asyncio.create_task(chain.resolve(LINK))
    while len(first.calls) < 2:
        await asyncio.sleep(0)
    probe.cancel()
    with pytest.raises(asyncio.CancelledError):
        await probe
    assert (await chain.resolve(LINK)).author_name == "first"  # the next request probes
    assert counts(chain, "first")[0][("post", "cancelled")] == 1


async def test_health_reads_up_degraded_open(clock):
    first = Scripted("first", ResolverDown("a"), ResolverDown("b"))
    chain = chain_of(clock, first, Scripted("second"), failures=2, cooldown=30)
    metrics = Metrics()
    assert backend_probes(metrics) == {}  # nothing watched yet
    metrics.backends.watch(chain)
    check = backend_probes(metrics)["tiktok_backends"]
    assert await check() == ProbeResult(True, "first up, second up")
    await chain.resolve(LINK)
    assert (await check()).detail == "first degraded, second up"
    await chain.resolve(LINK)
    assert await check() == ProbeResult(True, "first open, second up", degraded=True)
    clock.advance(30)
    assert (await check()).detail == "first degraded, second up"  # half-open


async def test_health_is_degraded_never_failed_when_every_backend_is_open(clock):
    only = Scripted("only", ResolverDown("a"))
    chain = chain_of(clock, only, failures=1)
    metrics = Metrics()
    metrics.backends.watch(chain)
    with pytest.raises(ResolverDown):
        await chain.resolve(LINK)
    result = await backend_probes(metrics)["tiktok_backends"]()
    assert (result.ok, result.degraded, result.detail) == (True, True, "only open")


def metric_values(text: str, family: str) -> dict[tuple[tuple[str, str], ...], float]:
    """``{sorted label items: value}`` of one family's samples in an exposition text."""
    found = {}
    for each in text_string_to_metric_families(text):
        for sample in each.samples:
            if sample.name == family:
                found[tuple(sorted(sample.labels.items()))] = sample.value
    return found


def labels(backend: str, **extra: str) -> tuple[tuple[str, str], ...]:
    return tuple(sorted({"platform": "tiktok", "backend": backend, **extra}.items()))


async def test_metrics_count_requests_failures_fallbacks_and_states(clock):
    first = Scripted("first", ResolverTimeout("slow"), ResolverDown("down"))
    chain = chain_of(clock, first, Scripted("second"), failures=2)
    metrics = Metrics()
    metrics.backends.watch(chain)
    for _ in range(3):
        await chain.resolve(LINK)
    text = generate_latest(metrics.registry).decode()
    requests = metric_values(text, "tokdrop_backend_requests_total")
    assert {key: value for key, value in requests.items() if value} == {
        labels("first", operation="post", outcome="timeout"): 1,
        labels("first", operation="post", outcome="resolver_down"): 1,
        labels("second", operation="post", outcome="ok"): 3,
    }
    assert len(requests) == 2 * 2 * 7  # every backend, operation and outcome, zeros included
    failures = metric_values(text, "tokdrop_backend_failures_total")
    assert failures[labels("first", reason="timeout")] == 1
    assert failures[labels("first", reason="resolver_down")] == 1
    assert failures[labels("second", reason="timeout")] == 0
    fallbacks = metric_values(text, "tokdrop_backend_fallbacks_total")
    assert {key: value for key, value in fallbacks.items() if value} == {
        labels("first", reason="timeout"): 1,
        labels("first", reason="resolver_down"): 1,
        labels("first", reason="open"): 1,
    }
    assert metric_values(text, "tokdrop_backend_breaker_opened_total") == {
        labels("first"): 1,
        labels("second"): 0,
    }
    states = metric_values(text, "tokdrop_backend_breaker_state")
    assert {key for key, value in states.items() if value} == {
        labels("first", state="open"),
        labels("second", state="closed"),
    }


def test_a_chain_needs_distinct_backends():
    with pytest.raises(ValueError):
        ResolverChain.of("tiktok", [])
    with pytest.raises(ValueError):
        ResolverChain.of("tiktok", [("a", Scripted("a")), ("a", Scripted("a"))])
