"""The sandbox's Instagram samples: published on the cobalt stand-in, resolved by the bot's own
cobalt Instagram resolver with the sandbox's settings, and listed among the sample links."""

from pathlib import Path

import aiohttp
import pytest

from bot.links import find_links, find_unsupported
from bot.sources.cobalt_instagram import CobaltInstagramResolver
from bot.sources.errors import PostPrivate
from bot.sources.models import MediaType, PostKind
from devservers.cobalt import CobaltEmulator
from sandbox.instagram import CAROUSEL, PRIVATE_POST, PROFILE_LINK, REEL, publish_instagram
from sandbox.posts import SAMPLES_DIR
from sandbox.texts import links_text
from sandbox.world import fake_token, sandbox_settings


def sample(name: str) -> bytes:
    return (SAMPLES_DIR / name).read_bytes()


async def test_the_samples_resolve_through_the_bots_cobalt_instagram_backend(tmp_path: Path):
    async with CobaltEmulator() as cobalt, aiohttp.ClientSession() as session:
        publish_instagram(cobalt)
        nowhere = "http://127.0.0.1:9"  # Telegram and tikwm: not asked here
        settings = sandbox_settings(fake_token(), nowhere, nowhere, cobalt.base_url, tmp_path)
        assert settings.instagram_chain == (("cobalt",), "INSTAGRAM_BACKENDS")
        resolver = CobaltInstagramResolver.from_settings(settings, session, backoff_base=0)

        async def download(url: str) -> bytes:
            async with session.get(url) as response:
                assert response.status == 200, url
                return await response.read()

        reel = await resolver.resolve(REEL.link)
        assert (reel.kind, reel.id, reel.author) == (PostKind.VIDEO, "CsandboxR1", "")
        assert await download(reel.video_url) == sample("video.mp4")

        carousel = await resolver.resolve(CAROUSEL.link)
        assert (carousel.kind, carousel.id) == (PostKind.CAROUSEL, "CsandboxC1")
        assert [item.type for item in carousel.items] == [
            MediaType.PHOTO,
            MediaType.VIDEO,
            MediaType.PHOTO,
        ]
        assert [await download(item.url) for item in carousel.items] == [
            sample("slide-01.jpeg"),
            sample("video.mp4"),
            sample("slide-02.jpeg"),
        ]

        with pytest.raises(PostPrivate):
            await resolver.resolve(PRIVATE_POST.link)


def test_the_instagram_links_are_listed_and_read_as_the_bot_reads_them():
    text = links_text()
    for link in (REEL.link, CAROUSEL.link, PRIVATE_POST.link, PROFILE_LINK):
        assert f" {link}\n" in f"{text}\n", link
    assert "Instagram carousel (photo, video, photo):" in text
    assert REEL.link == "https://www.instagram.com/reel/CsandboxR1/"
    text = " ".join(sample.link for sample in (REEL, CAROUSEL, PRIVATE_POST))
    posts = [link.post_id for link in find_links(text)]
    assert posts == ["CsandboxR1", "CsandboxC1", "CsandboxP1"]
    [profile] = find_unsupported(PROFILE_LINK)
    assert (profile.what, profile.platform) == ("profile", "instagram")
