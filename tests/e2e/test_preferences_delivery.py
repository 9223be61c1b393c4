"""Each preference's effect on what the bot sends, end to end: the real Dispatcher polling the
emulator, the tikwm stand-in serving real JPEGs and a real MP3, the real renderer, both
databases."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bot.i18n import Locales
from data import db_service as db
from data.models import MediaKind
from data.preferences import Preference, parse_preference
from devservers.render_inputs import write_jpeg, write_mp3

ALICE, BORIS = 3001, 3002
STORAGE = -1009100
VIDEO_ID, SLIDES_ID, BROKEN_ID = "7300000000000000301", "7300000000000000302", "7300000000000000303"
VIDEO_LINK = f"https://www.tiktok.com/@nasa/video/{VIDEO_ID}"
SLIDES_LINK = f"https://www.tiktok.com/@artist/photo/{SLIDES_ID}"
BROKEN_LINK = f"https://www.tiktok.com/@artist/photo/{BROKEN_ID}"
CAPTION = "Moon <landing> & more #space"
EN = Locales().translator("en")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def media_files(tmp_path_factory) -> dict[str, object]:
    """Three real 360×640 JPEGs and a real 4.5 s MP3 (made once for the module)."""
    folder: Path = tmp_path_factory.mktemp("inputs")
    photos = [write_jpeg(folder / f"{i}.jpg", 360, 640, seed=i).read_bytes() for i in range(3)]
    sound = write_mp3(folder / "sound.mp3", 4.5).read_bytes()
    return {"photos": photos, "sound": sound}


@pytest.fixture
def posts(tikwm, media_files):
    tikwm.add_video(
        VIDEO_ID, author="nasa", caption=CAPTION, video=b"\x00" * 4000, sound=b"ID3" * 100
    )
    tikwm.add_slideshow(
        SLIDES_ID, author="artist", images=media_files["photos"], sound=media_files["sound"]
    )
    # Not decodable as pictures: rendering fails, the photos still go out.
    tikwm.add_slideshow(
        BROKEN_ID, author="artist", images=[b"not a jpeg 1", b"not a jpeg 2"], sound=b"ID3 x"
    )
    return media_files


async def prefer(app, chat_id: int, **values: str) -> None:
    """Register ``chat_id`` (as /start does) and set its preferences."""
    await app.say(chat_id, "/start")
    for key, value in values.items():
        await db.set_preference(chat_id, *parse_preference(key, value))


def music_buttons(app, chat_id: int) -> int:
    """How many 🎵 Music buttons the bot sent to the chat."""
    return sum(
        1
        for call in app.emulator.calls
        if call.chat_id == chat_id and call.params.get("reply_markup")
        for row in call.params["reply_markup"].get("inline_keyboard", [])
        for button in row
        if button.get("callback_data", "").startswith("music:")
    )


def renders(app, outcome: str) -> float:
    value = app.metrics.registry.get_sample_value(
        "tokdrop_slideshow_renders_total", {"outcome": outcome}
    )
    return value or 0.0


async def test_slideshow_as_video_is_rendered_with_its_facts_and_then_sent_from_cache(
    running_bot, posts, tikwm
):
    app = running_bot
    await prefer(app, ALICE, slideshow="video")
    call = await app.say(ALICE, SLIDES_LINK, method="sendVideo", timeout=60)
    params = call.params
    assert (params["width"], params["height"]) == (360, 640)
    assert params["duration"] in (4, 5) and params["supports_streaming"] is True
    attached = {f.field: f.filename for f in call.files}
    assert attached[params["thumbnail"].removeprefix("attach://")] == "thumb.jpg"
    assert attached[params["video"].removeprefix("attach://")] == f"{SLIDES_ID}.mp4"
    assert "@artist" in params["caption"]
    assert params["reply_markup"]["inline_keyboard"][0][0]["text"] == "🎵 Music"
    await app.settle()
    assert app.sent_to(ALICE, "sendMediaGroup") == []
    assert renders(app, "ok") == 1
    cached = await db.get_cached_media(SLIDES_ID, MediaKind.SLIDESHOW_VIDEO)
    assert cached is not None and cached.file_ids == [call.result["video"]["file_id"]]

    fetched = tikwm.media_fetches(SLIDES_ID)
    again = await app.say(ALICE, SLIDES_LINK, method="sendVideo", timeout=30)
    assert again.files == [] and again.params["video"] == cached.file_ids[0]
    assert (again.params["width"], again.params["height"]) == (360, 640)
    await app.settle()
    assert tikwm.media_fetches(SLIDES_ID) == fetched and renders(app, "ok") == 1
    assert (await db.get_chat_stats(ALICE)).slideshows == 2


async def test_both_sends_the_photos_then_the_video(running_bot, posts):
    app = running_bot
    await prefer(app, ALICE, slideshow="both")
    app.emulator.send_message(ALICE, SLIDES_LINK)
    video = await app.emulator.wait_for_call("sendVideo", lambda c: c.chat_id == ALICE, timeout=60)
    await app.settle()
    [album] = app.sent_to(ALICE, "sendMediaGroup")
    assert [f.sha256 for f in album.files] == [sha(p) for p in posts["photos"]]
    assert album.at < video.at
    # One music button, on the video: no "the sound of this slideshow" message after the photos.
    assert "reply_markup" in video.params
    assert music_buttons(app, ALICE) == 1
    assert (await db.get_chat_stats(ALICE)).slideshows == 1
    assert await db.get_cached_media(SLIDES_ID, MediaKind.IMAGES) is not None
    assert await db.get_cached_media(SLIDES_ID, MediaKind.SLIDESHOW_VIDEO) is not None

    # Asked again: both from the cache, in the same order.
    app.emulator.send_message(ALICE, SLIDES_LINK)
    await app.emulator.wait_for_call(
        "sendVideo", lambda c: c.chat_id == ALICE and c.at > video.at, timeout=30
    )
    await app.settle()
    albums = app.sent_to(ALICE, "sendMediaGroup")
    assert len(albums) == 2 and albums[1].files == [] and renders(app, "ok") == 1


async def test_a_failed_render_sends_the_photos_with_a_note_and_counts_it(running_bot, posts):
    app = running_bot
    await prefer(app, ALICE, slideshow="video")
    album = await app.say(ALICE, BROKEN_LINK, method="sendMediaGroup", timeout=60)
    assert EN("media-render-failed") in album.params["media"][0]["caption"]
    await app.settle()
    assert app.sent_to(ALICE, "sendVideo") == []
    assert renders(app, "failed") == 1 and renders(app, "ok") == 0
    assert await db.get_cached_media(BROKEN_ID, MediaKind.SLIDESHOW_VIDEO) is None
    assert (await db.get_chat_stats(ALICE)).slideshows == 1


async def test_a_failed_render_after_the_photos_says_so(running_bot, posts):
    app = running_bot
    await prefer(app, ALICE, slideshow="both")
    app.emulator.send_message(ALICE, BROKEN_LINK)
    note = await app.emulator.wait_for_call(
        "sendMessage",
        lambda c: (
            c.chat_id == ALICE and c.params.get("text") == EN("media-render-failed-after-photos")
        ),
        timeout=60,
    )
    await app.settle()
    [album] = app.sent_to(ALICE, "sendMediaGroup")
    assert album.at < note.at and renders(app, "failed") == 1
    assert note.params["reply_markup"] and music_buttons(app, ALICE) == 1


async def test_captions_full_short_and_off(running_bot, posts):
    app = running_bot
    await prefer(app, ALICE)  # full is the default
    full = await app.say(ALICE, VIDEO_LINK, method="sendVideo")
    assert full.params["caption"].startswith("Moon &lt;landing&gt; &amp; more #space\n\n")
    assert "@nasa" in full.params["caption"]

    await app.settle()  # the file id is recorded
    await db.set_preference(ALICE, *parse_preference("captions", "short"))
    short = await app.say(ALICE, VIDEO_LINK, method="sendVideo")  # from the cache
    assert short.files == [] and short.params["caption"] == EN(
        "media-caption", link=f"https://www.tiktok.com/@nasa/video/{VIDEO_ID}", author="nasa"
    )

    await db.set_preference(ALICE, *parse_preference("captions", "off"))
    off = await app.say(ALICE, VIDEO_LINK, method="sendVideo")
    assert "caption" not in off.params
    assert off.params["reply_markup"]  # the music button is another preference


async def test_a_long_post_text_is_cut_to_telegrams_caption_limit(running_bot, tikwm):
    tikwm.add_video("7300000000000000304", author="nasa", caption="word " * 400)
    app = running_bot
    call = await app.say(
        ALICE, "https://www.tiktok.com/@nasa/video/7300000000000000304", method="sendVideo"
    )
    caption = call.params["caption"]
    assert "@nasa" in caption and "…" in caption
    visible = caption.replace(
        '<a href="https://www.tiktok.com/@nasa/video/7300000000000000304">', ""
    )
    assert len(visible.replace("</a>", "")) <= 1024


async def test_music_button_off_leaves_out_every_button(running_bot, posts, tikwm):
    app = running_bot
    await prefer(app, ALICE, music_button="off")
    video = await app.say(ALICE, VIDEO_LINK, method="sendVideo")
    assert "reply_markup" not in video.params
    await app.say(ALICE, SLIDES_LINK, method="sendMediaGroup", timeout=30)
    await app.settle()
    assert music_buttons(app, ALICE) == 0
    assert (await db.get_preferences(ALICE)).get(Preference.MUSIC_BUTTON) is False


async def test_inline_offers_the_cached_slideshow_video_with_the_users_captions(start_bot, posts):
    app = await start_bot(STORAGE_CHAT_ID=str(STORAGE))
    app.emulator.add_chat(STORAGE, "channel", title="storage")
    await prefer(app, ALICE, slideshow="both")
    app.emulator.send_message(ALICE, SLIDES_LINK)
    await app.emulator.wait_for_call("sendVideo", lambda c: c.chat_id == ALICE, timeout=60)
    await app.settle()

    await prefer(app, BORIS, captions="off", music_button="off")
    app.emulator.inline_query(BORIS, SLIDES_LINK)
    answer = await app.emulator.wait_for_call("answerInlineQuery", timeout=20)
    results = answer.params["results"]
    assert [r["type"] for r in results] == ["video", "photo", "photo", "photo"]
    video = await db.get_cached_media(SLIDES_ID, MediaKind.SLIDESHOW_VIDEO)
    assert results[0]["video_file_id"] == video.file_ids[0]
    assert all("caption" not in r and "reply_markup" not in r for r in results)
    assert answer.params["is_personal"] is True


QUALITY_ID = "7300000000000000305"
QUALITY_LINK = f"https://www.tiktok.com/@nasa/video/{QUALITY_ID}"
HD, SD = b"\x01" * 600_000, b"\x02" * 200_000


@pytest.mark.parametrize(
    ("quality", "expected", "kind"),
    [
        ("best", HD, MediaKind.VIDEO),
        ("standard", SD, MediaKind.VIDEO_STANDARD),
        ("saver", SD, MediaKind.VIDEO_SAVER),
    ],
    # Named by quality: an id made of the bytes would sit in PYTEST_CURRENT_TEST, and an
    # environment that large makes every subprocess of the worker fail (E2BIG).
    ids=["best", "standard", "saver"],
)
async def test_quality_picks_the_rendition_and_caches_it_apart(
    running_bot, tikwm, quality, expected, kind
):
    tikwm.add_video(QUALITY_ID, author="nasa", video=SD, hd_video=HD, width=1080, height=1920)
    app = running_bot
    await prefer(app, ALICE, quality=quality)
    call = await app.say(ALICE, QUALITY_LINK, method="sendVideo")
    assert [f.sha256 for f in call.files] == [sha(expected)]
    assert EN("media-quality-lowered") not in call.params["caption"]
    await app.settle()
    cached = await db.get_cached_media(QUALITY_ID, kind)
    assert cached is not None and cached.file_ids == [call.result["video"]["file_id"]]
    others = {MediaKind.VIDEO, MediaKind.VIDEO_STANDARD, MediaKind.VIDEO_SAVER} - {kind}
    for other in others:
        assert await db.get_cached_media(QUALITY_ID, other) is None


async def test_a_lower_quality_sent_for_the_upload_limit_says_so_also_from_cache(start_bot, tikwm):
    big = b"\x03" * 1_200_000  # over MAX_UPLOAD_MB=1
    tikwm.add_video(QUALITY_ID, author="nasa", video=SD, hd_video=big, width=1080, height=1920)
    app = await start_bot(MAX_UPLOAD_MB="1")
    await prefer(app, ALICE)
    call = await app.say(ALICE, QUALITY_LINK, method="sendVideo")
    assert [f.sha256 for f in call.files] == [sha(SD)]
    assert EN("media-quality-lowered") in call.params["caption"]
    await app.settle()  # the file id is recorded
    again = await app.say(ALICE, QUALITY_LINK, method="sendVideo")
    assert again.files == [] and EN("media-quality-lowered") in again.params["caption"]

    # A saver chat asked for the small one: nothing was lowered for it.
    await prefer(app, BORIS, quality="saver")
    saver = await app.say(BORIS, QUALITY_LINK, method="sendVideo")
    assert [f.sha256 for f in saver.files] == [sha(SD)]
    assert EN("media-quality-lowered") not in saver.params["caption"]


async def test_file_mode_sends_the_best_file_as_a_document_whatever_the_quality(running_bot, tikwm):
    tikwm.add_video(QUALITY_ID, author="nasa", video=SD, hd_video=HD, width=1080, height=1920)
    app = running_bot
    await prefer(app, ALICE, quality="saver", file_mode="on", slideshow="video")
    call = await app.say(ALICE, QUALITY_LINK, method="sendDocument")
    assert [f.sha256 for f in call.files] == [sha(HD)]
