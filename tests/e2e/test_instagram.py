"""Instagram end to end: the real bot with INSTAGRAM_BACKENDS=cobalt against the cobalt stand-in
(its Instagram half), the Telegram emulator and real databases. Reels, carousels in order,
the cache keyed by platform, file mode, inline mode, errors and links that are no posts."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator

import pytest

from bot.i18n import Locales
from data import db_service as db
from data.models import MediaKind
from data.models.platform import Platform
from data.periods import Period
from devservers.cobalt import CobaltEmulator
from devservers.cobalt_instagram import AGE_RESTRICTED, PRIVATE

ALICE, GROUP, STORAGE = 4101, -100999, -1009100
REEL, CAROUSEL, BIG = "Cre3L_x-9Q", "CaR0usel12", "Cmany40xyz"
REEL_LINK = f"https://www.instagram.com/reel/{REEL}/?igsh=MWZ0eXh2"
CAROUSEL_LINK = f"instagram.com/nasa/p/{CAROUSEL}/"
EN = Locales().translator("en")


def blob(size: int, seed: int) -> bytes:
    return hashlib.sha256(str(seed).encode()).digest() * (size // 32)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


REEL_VIDEO = blob(120_000, 1)
# twelve items: photos and videos (a gif is sent as a video), in this order
ITEMS = [
    ("video" if i % 3 == 1 else "gif" if i == 5 else "photo", blob(6_000 + i, 50 + i))
    for i in range(12)
]
EXPECTED_TYPES = ["video" if kind in ("video", "gif") else "photo" for kind, _ in ITEMS]


@pytest.fixture
async def cobalt() -> AsyncIterator[CobaltEmulator]:
    async with CobaltEmulator() as emulator:
        emulator.add_instagram_video(REEL, video=REEL_VIDEO, share_code="sHaReCoDe1")
        emulator.add_instagram_carousel(CAROUSEL, items=ITEMS)
        yield emulator


@pytest.fixture
def start_instagram_bot(start_bot, cobalt):
    async def start(**extra: str):
        return await start_bot(COBALT_URL=cobalt.base_url, INSTAGRAM_BACKENDS="cobalt", **extra)

    return start


def media_of(groups) -> list[dict]:
    return [item for group in groups for item in group.params["media"]]


async def test_a_reel_is_sent_as_a_video_with_its_link_and_recorded_as_instagram(
    start_instagram_bot, cobalt
):
    app = await start_instagram_bot()
    call = await app.say(ALICE, f"look {REEL_LINK}", method="sendVideo")
    assert [f.sha256 for f in call.files] == [sha(REEL_VIDEO)]
    assert f"https://www.instagram.com/reel/{REEL}/" in call.params["caption"]
    assert "Instagram" in call.params["caption"]  # cobalt names no author: the platform is credited
    assert not call.params.get("reply_markup")  # no separate sound
    await app.settle()
    [row] = await db.download_history(ALICE)
    assert (row.platform, row.post_id, row.is_slideshow) == (Platform.INSTAGRAM, REEL, False)
    counts = await db.downloads_per_platform(Period.all_time(row.downloaded_at + 1))
    assert counts == {Platform.INSTAGRAM: 1}
    # the cache is the Instagram one: the same id under TikTok finds nothing
    assert await db.get_cached_media(REEL, MediaKind.VIDEO, platform=Platform.INSTAGRAM)
    assert await db.get_cached_media(REEL, MediaKind.VIDEO) is None


async def test_a_carousel_goes_in_order_photos_as_photos_videos_as_videos_then_from_cache(
    start_instagram_bot, cobalt
):
    app = await start_instagram_bot()
    app.emulator.send_message(ALICE, CAROUSEL_LINK)
    await app.settle(timeout=20)
    groups = app.sent_to(ALICE, "sendMediaGroup")
    assert [len(g.params["media"]) for g in groups] == [10, 2]
    assert [m["type"] for m in media_of(groups)] == EXPECTED_TYPES
    assert [f.sha256 for g in groups for f in g.files] == [sha(data) for _, data in ITEMS]
    caption = groups[0].params["media"][0]["caption"]
    assert f"https://www.instagram.com/p/{CAROUSEL}/" in caption
    asked = cobalt.count("/")
    app.emulator.send_message(ALICE, f"https://www.instagram.com/p/{CAROUSEL}")
    await app.settle(timeout=20)
    again = app.sent_to(ALICE, "sendMediaGroup")[2:]
    assert [m["type"] for m in media_of(again)] == EXPECTED_TYPES
    assert all(g.files == [] for g in again)  # by file id
    assert cobalt.count("/") == asked  # and no backend request
    await app.settle()
    rows = await db.download_history(ALICE)
    assert [(r.platform, r.is_slideshow) for r in rows] == [(Platform.INSTAGRAM, True)] * 2


async def test_file_mode_sends_a_carousel_as_documents(start_instagram_bot, cobalt):
    app = await start_instagram_bot()
    await app.say(ALICE, "/mode")
    app.emulator.send_message(ALICE, CAROUSEL_LINK)
    await app.settle(timeout=20)
    groups = app.sent_to(ALICE, "sendMediaGroup")
    assert {m["type"] for m in media_of(groups)} == {"document"}
    assert len(media_of(groups)) == len(ITEMS)


async def test_a_big_carousel_is_cut_to_max_images_and_says_so(start_instagram_bot, cobalt):
    many = [("photo" if i % 2 else "video", blob(1_000 + i, 900 + i)) for i in range(40)]
    cobalt.add_instagram_carousel(BIG, items=many)
    app = await start_instagram_bot(MEDIA_MAX_IMAGES="10")
    app.emulator.send_message(ALICE, f"https://instagram.com/p/{BIG}/")
    await app.settle(timeout=20)
    [group] = app.sent_to(ALICE, "sendMediaGroup")
    assert [f.sha256 for f in group.files] == [sha(data) for _, data in many[:10]]
    assert EN("media-items-capped", sent=10, total=40) in group.params["media"][0]["caption"]


async def test_links_of_both_platforms_in_one_message_are_each_handled_in_order(
    start_instagram_bot, cobalt, tikwm
):
    tikwm.add_video("7300000000000000091", author="nasa", video=blob(50_000, 7))
    app = await start_instagram_bot()
    app.emulator.send_message(
        ALICE, f"{REEL_LINK} and https://www.tiktok.com/@nasa/video/7300000000000000091"
    )
    await app.settle(timeout=20)
    videos = app.sent_to(ALICE, "sendVideo")
    assert [f.sha256 for v in videos for f in v.files] == [sha(REEL_VIDEO), sha(blob(50_000, 7))]
    rows = await db.download_history(ALICE)
    assert sorted(r.platform for r in rows) == [Platform.INSTAGRAM, Platform.TIKTOK]


async def test_a_share_link_is_resolved_by_the_backend(start_instagram_bot, cobalt):
    app = await start_instagram_bot()
    call = await app.say(ALICE, "https://www.instagram.com/share/sHaReCoDe1", method="sendVideo")
    assert [f.sha256 for f in call.files] == [sha(REEL_VIDEO)]
    await app.settle()
    [row] = await db.download_history(ALICE)
    assert row.post_id == REEL


@pytest.mark.parametrize(
    ("error", "key"),
    [(PRIVATE, "media-private"), (AGE_RESTRICTED, "media-login-required"), (None, "removed")],
)
async def test_private_login_walled_and_removed_posts_get_their_own_message(
    start_instagram_bot, cobalt, error, key
):
    app = await start_instagram_bot()
    if key == "removed":
        link, expected = "https://www.instagram.com/p/NoSuchPost/", EN("media-unavailable")
    else:
        cobalt.instagram_error(REEL, error)
        link, expected = REEL_LINK, EN(key, platform="Instagram")
    reply = await app.say(ALICE, link)
    assert reply.params["text"] == expected
    await app.settle()
    assert await db.download_history(ALICE) == []


async def test_profile_and_story_links_say_what_is_supported(start_instagram_bot, cobalt):
    app = await start_instagram_bot()
    reply = await app.say(ALICE, "https://www.instagram.com/nasa/")
    assert reply.params["text"] == EN("media-unsupported-profile", platform="Instagram")
    reply = await app.say(ALICE, "instagram.com/stories/nasa/3141592653589793/")
    assert reply.params["text"] == EN("media-unsupported-story", platform="Instagram")
    # in a group such links pass without a word; a post link there is still answered
    app.emulator.send_message(GROUP, "https://www.instagram.com/nasa/", user_id=ALICE)
    await app.say(GROUP, REEL_LINK, user_id=ALICE, method="sendVideo")
    await app.settle()
    assert app.sent_to(GROUP) == []
    assert cobalt.count("/") == 1


async def test_inline_answers_a_carousel_with_photo_and_video_results(start_instagram_bot, cobalt):
    app = await start_instagram_bot(STORAGE_CHAT_ID=str(STORAGE))
    app.emulator.add_chat(STORAGE, "channel", title="storage")
    app.emulator.inline_query(ALICE, CAROUSEL_LINK)
    call = await app.emulator.wait_for_call("answerInlineQuery", timeout=20)
    results = call.params["results"]
    assert [r["type"] for r in results] == EXPECTED_TYPES
    await app.settle()
    [row] = await db.download_history(ALICE)
    assert row.is_inline and row.platform is Platform.INSTAGRAM


async def test_a_media_url_on_a_refused_host_and_a_malformed_answer_get_their_messages(
    start_instagram_bot, cobalt
):
    app = await start_instagram_bot()
    inward = {"status": "redirect", "url": "http://127.0.0.1:9/secret", "filename": "x.mp4"}
    cobalt.answer_next(inward)  # loopback, but not a configured service's host:port
    reply = await app.say(ALICE, REEL_LINK)
    assert reply.params["text"] == EN("media-host-refused")
    cobalt.answer_next(b"{not json", count=10)
    reply = await app.say(ALICE, f"https://www.instagram.com/p/{CAROUSEL}/")
    assert reply.params["text"] == EN("media-resolver-down", platform="Instagram")
    await app.settle()
    assert await db.download_history(ALICE) == []
    assert await db.get_cached_media(REEL, MediaKind.VIDEO, platform=Platform.INSTAGRAM) is None
