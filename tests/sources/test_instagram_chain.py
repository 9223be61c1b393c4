"""Instagram's chain as ``create_resolvers`` builds it from ``INSTAGRAM_BACKENDS=cobalt,ytdlp``:
the real cobalt backend against the cobalt stand-in, yt-dlp's around a fake YoutubeDL, breakers
on a fake clock. A transient cobalt failure falls through to yt-dlp; a definitive answer (a
private post) does not."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.sources import (
    PostKind,
    PostPrivate,
    ResolverChain,
    Unsupported,
    create_http_session,
    create_resolvers,
)
from bot.sources.breaker import BreakerState
from data.models.platform import Platform
from devservers.cobalt import CobaltEmulator
from devservers.cobalt_instagram import PRIVATE

from .conftest import make_settings
from .test_breaker import FakeClock
from .test_chain import counts
from .test_ytdlp import FakeYoutubeDL
from .test_ytdlp_instagram import CODE, REEL_INFO, REEL_LINK

COOLDOWN = 30


@pytest.fixture
async def cobalt() -> AsyncIterator[CobaltEmulator]:
    async with CobaltEmulator() as emulator:
        emulator.add_instagram_video(CODE, video=b"\x00\x00\x00\x18ftypmp42 from cobalt")
        emulator.add_instagram_carousel("C9carou", items=[("photo", b"1"), ("video", b"2")])
        yield emulator


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def chain(
    cobalt: CobaltEmulator, clock: FakeClock, tmp_path: Path
) -> AsyncIterator[tuple[ResolverChain, list]]:
    """The Instagram chain, and the URLs its yt-dlp backend was asked for."""
    settings = make_settings(
        tmp_path,
        COBALT_URL=cobalt.base_url,
        INSTAGRAM_BACKENDS="cobalt,ytdlp",
        BREAKER_FAILURES="2",
        BREAKER_COOLDOWN=str(COOLDOWN),
    )
    session: aiohttp.ClientSession = create_http_session(settings)
    built = create_resolvers(settings, session, backoff_base=0, clock=clock)[Platform.INSTAGRAM]
    calls: list = []
    ytdlp = built.backends[1].resolver
    ytdlp._factory = lambda options: FakeYoutubeDL(options, REEL_INFO, calls)
    yield built, calls
    await built.close()
    await session.close()


async def test_cobalt_answers_first(chain, cobalt):
    instagram, ytdlp_calls = chain
    post = await instagram.resolve(REEL_LINK)
    assert post.video_url.startswith(cobalt.base_url)  # cobalt's tunnel
    assert ytdlp_calls == []


async def test_a_transient_cobalt_failure_falls_through_to_ytdlp(chain, cobalt, clock):
    instagram, ytdlp_calls = chain
    cobalt.rate_limit_next(count=5)
    post = await instagram.resolve(REEL_LINK)
    assert post.caption == "Liftoff! #space"  # yt-dlp's answer
    assert [url for url, *_ in ytdlp_calls] == [REEL_LINK]
    requests, fallbacks = counts(instagram, "cobalt")
    assert requests == {("post", "resolver_down"): 1} and fallbacks == {"resolver_down": 1}

    await instagram.resolve(REEL_LINK)  # a second failure in a row opens cobalt's breaker
    cobalt_backend = instagram.backends[0]
    assert cobalt_backend.breaker.state is BreakerState.OPEN
    asked = cobalt.count("/")
    await instagram.resolve(REEL_LINK)
    assert cobalt.count("/") == asked  # skipped while open
    assert counts(instagram, "cobalt")[1]["open"] == 1

    cobalt.clear_faults()
    clock.advance(COOLDOWN)
    post = await instagram.resolve(REEL_LINK)  # the probe: cobalt answers again
    assert post.video_url.startswith(cobalt.base_url)
    assert cobalt_backend.breaker.state is BreakerState.CLOSED
    assert len(ytdlp_calls) == 3


async def test_a_private_post_is_final(chain, cobalt):
    instagram, ytdlp_calls = chain
    cobalt.instagram_error(CODE, PRIVATE)
    with pytest.raises(PostPrivate) as caught:
        await instagram.resolve(REEL_LINK)
    assert caught.value.reason == "private"
    assert ytdlp_calls == []  # not asked: the answer is the answer
    assert counts(instagram, "cobalt")[0] == {("post", "answer"): 1}
    assert instagram.backends[0].breaker.consecutive_failures == 0


async def test_a_share_links_carousel_neither_backend_can_open(chain, cobalt):
    """cobalt gives no post id for it and yt-dlp cannot open share links: the chain says so
    (cobalt's reason first) without counting it against either breaker."""
    instagram, ytdlp_calls = chain
    cobalt.add_instagram_carousel("C9shared", items=[("photo", b"1")], share_code="SHx1")
    with pytest.raises(Unsupported, match="post id"):
        await instagram.resolve("https://www.instagram.com/share/p/SHx1/")
    assert ytdlp_calls == []
    assert all(b.breaker.consecutive_failures == 0 for b in instagram.backends)
    post = await instagram.resolve("https://www.instagram.com/p/C9carou/")
    assert post.kind is PostKind.CAROUSEL and len(post.items) == 2
