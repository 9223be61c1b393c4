"""TikTok links end to end: local tikwm server and media, the emulator, real databases."""

import hashlib

import pytest
from sqlalchemy import event

from data import database
from data import db_service as db
from data.models import MediaKind
from data.runtime_settings import Setting

ALICE, GROUP = 2001, -100777
STORAGE = -1009000


def blob(size: int, seed: int) -> bytes:
    """Deterministic bytes standing in for a media file."""
    return hashlib.sha256(str(seed).encode()).digest() * (size // 32)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def uploads(call) -> list[str]:
    return [f.sha256 for f in call.files]


VIDEO = blob(300_000, 1)
SOUND = blob(40_000, 2)
LINK = "https://www.tiktok.com/@nasa/video/7300000000000000001"


@pytest.fixture
def posts(tikwm):
    tikwm.add_video(
        "7300000000000000001",
        author="nasa",
        nickname="NASA",
        video=VIDEO,
        sound=SOUND,
        width=720,
        height=1280,
        duration=9,
    )
    images = [blob(20_000 + i, 100 + i) for i in range(13)]
    tikwm.add_slideshow("7300000000000000002", author="artist", images=images, sound=SOUND)
    tikwm.add_short_link("ZMshort1", "7300000000000000001")
    return {"images": images}


async def test_video_is_sent_with_caption_sizes_and_music_button(running_bot, posts):
    call = await running_bot.say(ALICE, f"look {LINK}?is_from_webapp=1", method="sendVideo")
    assert uploads(call) == [sha(VIDEO)]
    assert (call.params["width"], call.params["height"], call.params["duration"]) == (720, 1280, 9)
    assert (
        "@nasa" in call.params["caption"]
        and "tiktok.com/@nasa/video/7300000000000000001" in call.params["caption"]
    )
    button = call.params["reply_markup"]["inline_keyboard"][0][0]
    assert button["text"] == "🎵 Music" and button["callback_data"].startswith("music:")
    await running_bot.settle()
    stats = await db.get_chat_stats(ALICE)
    assert (stats.downloads, stats.slideshows) == (1, 0)


async def test_slideshow_of_13_images_goes_in_two_ordered_groups(running_bot, posts):
    running_bot.emulator.send_message(
        ALICE,
        "https://vm.tiktok.com/unused https://www.tiktok.com/@artist/photo/7300000000000000002",
    )
    await running_bot.settle(timeout=20)
    groups = running_bot.sent_to(ALICE, "sendMediaGroup")
    assert [len(g.params["media"]) for g in groups] == [10, 3]
    assert [h for g in groups for h in uploads(g)] == [sha(i) for i in posts["images"]]
    assert "@artist" in groups[0].params["media"][0]["caption"]
    music = [c for c in running_bot.sent_to(ALICE) if c.params.get("reply_markup")]
    assert music and music[-1].params["text"].startswith("🎵")
    assert (await db.get_chat_stats(ALICE)).slideshows == 1


async def test_file_mode_sends_documents(running_bot, posts):
    await running_bot.say(ALICE, "/mode")
    call = await running_bot.say(ALICE, LINK, method="sendDocument")
    assert uploads(call) == [sha(VIDEO)]
    running_bot.emulator.send_message(
        ALICE, "https://www.tiktok.com/@artist/photo/7300000000000000002"
    )
    await running_bot.settle(timeout=20)
    groups = running_bot.sent_to(ALICE, "sendMediaGroup")
    assert {m["type"] for g in groups for m in g.params["media"]} == {"document"}
    assert running_bot.sent_to(ALICE, "sendVideo") == []


async def test_music_button_sends_the_sound_and_records_it(running_bot, posts, tikwm):
    video = await running_bot.say(ALICE, LINK, method="sendVideo")
    button = video.params["reply_markup"]["inline_keyboard"][0][0]
    running_bot.emulator.callback(
        ALICE, video.result["message_id"], button["callback_data"], user_id=ALICE
    )
    audio = await running_bot.emulator.wait_for_call("sendAudio", lambda c: c.chat_id == ALICE)
    assert uploads(audio) == [sha(SOUND)]
    await running_bot.settle()
    assert (await db.get_chat_stats(ALICE)).music == 1
    fetched = tikwm.media_fetches()
    running_bot.emulator.callback(
        ALICE, video.result["message_id"], button["callback_data"], user_id=ALICE
    )
    again = await running_bot.emulator.wait_for_call("sendAudio", lambda c: c.chat_id == ALICE)
    assert again.files == [] and tikwm.media_fetches() == fetched
    await running_bot.settle()
    assert (await db.get_chat_stats(ALICE)).music == 2


async def test_repeat_link_is_served_from_file_ids_without_fetching(running_bot, posts, tikwm):
    first = await running_bot.say(ALICE, LINK, method="sendVideo")
    await running_bot.settle()  # the file id is stored after the send
    api_calls, media = tikwm.count("/api"), tikwm.media_fetches()
    second = await running_bot.say(ALICE + 1, LINK, method="sendVideo")
    assert second.files == [] and second.params["video"] == first.result["video"]["file_id"]
    assert (tikwm.count("/api"), tikwm.media_fetches()) == (api_calls, media)
    short = await running_bot.say(ALICE + 2, "https://vm.tiktok.com/ZMshort1/", method="sendVideo")
    assert short.files == [] and tikwm.media_fetches() == media
    await running_bot.settle()
    await running_bot.say(ALICE + 3, "vm.tiktok.com/ZMshort1", method="sendVideo")
    assert tikwm.count("/api") == api_calls + 1  # the short link is resolved once, then remembered


async def test_stale_file_id_falls_back_to_a_fresh_fetch_and_replaces_the_entry(
    running_bot, posts, tikwm
):
    first = await running_bot.say(ALICE, LINK, method="sendVideo")
    await running_bot.settle()
    old_id = first.result["video"]["file_id"]
    running_bot.emulator.forget_file(old_id)
    running_bot.emulator.send_message(ALICE + 1, LINK)
    fresh = await running_bot.emulator.wait_for_call(
        "sendVideo", lambda c: c.chat_id == ALICE + 1 and c.ok
    )
    assert uploads(fresh) == [sha(VIDEO)]
    await running_bot.settle()
    entry = await db.get_cached_media("7300000000000000001", MediaKind.VIDEO)
    assert entry.file_ids == [fresh.result["video"]["file_id"]] != [old_id]


async def test_inline_without_storage_chat_explains_itself(running_bot, posts):
    emu = running_bot.emulator
    update = emu.inline_query(ALICE, LINK)
    call = await emu.wait_for_call("answerInlineQuery")
    results = call.params["results"]
    assert len(results) == 1 and results[0]["type"] == "article"
    assert "STORAGE_CHAT_ID" in results[0]["input_message_content"]["message_text"]
    assert update["inline_query"]["id"] == call.params["inline_query_id"]


@pytest.fixture
async def storage_bot(start_bot):
    """The bot with a storage channel for inline uploads."""
    app = await start_bot(STORAGE_CHAT_ID=str(STORAGE))
    app.emulator.add_chat(STORAGE, "channel", title="storage")
    return app


async def test_inline_uploads_once_to_storage_and_answers_cached_results(storage_bot, posts, tikwm):
    app, emu = storage_bot, storage_bot.emulator
    emu.inline_query(ALICE, LINK)
    call = await emu.wait_for_call("answerInlineQuery")
    [result] = call.params["results"]
    stored = app.sent_to(STORAGE, "sendVideo")
    assert (
        result["type"] == "video"
        and result["video_file_id"] == stored[0].result["video"]["file_id"]
    )
    emu.inline_query(ALICE + 1, f"{LINK}/")
    await emu.wait_for_call("answerInlineQuery")
    assert len(app.sent_to(STORAGE, "sendVideo")) == 1
    await app.settle()
    rows = await db.download_history(ALICE)
    assert len(rows) == 1 and rows[0].is_inline


async def test_inline_stale_file_id_is_uploaded_again_and_counted_once(storage_bot, posts, tikwm):
    app, emu = storage_bot, storage_bot.emulator
    emu.inline_query(ALICE, LINK)
    first = await emu.wait_for_call("answerInlineQuery")
    emu.forget_file(first.params["results"][0]["video_file_id"])  # Telegram no longer knows it
    emu.inline_query(ALICE + 1, LINK)
    answered = await emu.wait_for_call(
        "answerInlineQuery", lambda c: c.ok and c is not first, timeout=10
    )
    assert (
        answered.params["results"][0]["video_file_id"]
        != first.params["results"][0]["video_file_id"]
    )
    assert len(app.sent_to(STORAGE, "sendVideo")) == 2 and tikwm.count("/api") == 2
    await app.settle()
    assert [row.is_inline for row in await db.download_history(ALICE + 1)] == [True]
    registry = app.metrics.registry
    inline = {
        cached: registry.get_sample_value(
            "tokdrop_downloads_total", {"kind": "video", "inline": "true", "cached": cached}
        )
        for cached in ("true", "false")
    }
    assert inline == {"true": 0.0, "false": 2.0}  # two answers, each one upload; no double count


@pytest.mark.parametrize(
    "setup, link, expected",
    [
        (lambda t: t.make_private("7300000000000000001"), LINK, "private, deleted or unavailable"),
        (lambda t: t.delete("7300000000000000001"), LINK, "private, deleted or unavailable"),
        (lambda t: None, "https://vm.tiktok.com/ZMnotthere/", "couldn't open this link"),
        (lambda t: t.fail_next("/api", status=500, count=100), LINK, "can't reach TikTok"),
        (lambda t: t.break_media("7300000000000000001"), LINK, "didn't give me the media"),
    ],
)
async def test_each_failure_gets_its_own_message(running_bot, posts, tikwm, setup, link, expected):
    setup(tikwm)
    reply = await running_bot.say(ALICE, link)
    assert expected in reply.params["text"]
    assert await db.download_history(ALICE) == []


async def test_slow_resolver_times_out_with_a_message(start_bot, posts, tikwm):
    app = await start_bot(TIKTOK_TIMEOUT="1", TIKTOK_RETRIES="0")
    tikwm.delay("/api", 3)
    reply = await app.say(ALICE, LINK, timeout=15)
    assert "too slowly" in reply.params["text"]


async def test_too_large_video_gets_a_direct_link(start_bot, tikwm):
    tikwm.add_video("7300000000000000009", author="big", video=blob(1_200_000, 9))
    app = await start_bot(MAX_UPLOAD_MB="1")
    reply = await app.say(ALICE, "https://www.tiktok.com/@big/video/7300000000000000009")
    assert "too big for Telegram" in reply.params["text"] and "href=" in reply.params["text"]


async def test_per_chat_limit_answers_instead_of_dropping(running_bot, posts, tikwm):
    await db.set_setting(Setting.LINKS_IN_FLIGHT, 1)
    tikwm.delay("/api", 1.5)
    running_bot.emulator.send_message(ALICE, LINK)
    await tikwm.wait_until(lambda: tikwm.count("/api") >= 1)
    busy = await running_bot.say(ALICE, "https://www.tiktok.com/@artist/photo/7300000000000000002")
    assert "still working" in busy.params["text"]
    await running_bot.emulator.wait_for_call("sendVideo", lambda c: c.chat_id == ALICE, timeout=15)


async def test_flood_protection_tells_the_chat_to_slow_down(running_bot, posts):
    await db.set_setting(Setting.LINKS_PER_MINUTE, 2)
    await running_bot.say(ALICE, LINK, method="sendVideo")
    await running_bot.say(ALICE, LINK, method="sendVideo")
    reply = await running_bot.say(ALICE, LINK)
    assert "wait a minute" in reply.params["text"]


async def test_first_five_links_of_a_message_are_handled(running_bot, tikwm):
    for i in range(6):
        tikwm.add_video(f"73000000000000001{i}", author="many", video=blob(1000, 50 + i))
    text = " ".join(f"https://www.tiktok.com/@many/video/73000000000000001{i}" for i in range(6))
    note = await running_bot.say(ALICE, text)
    assert "first 5 links" in note.params["text"]
    await running_bot.settle(timeout=20)
    assert len(running_bot.sent_to(ALICE, "sendVideo")) == 5


async def test_ads_follow_threshold_and_reset_the_counter(running_bot, posts):
    await db.set_setting(Setting.AD_TEXT, "Try <b>our</b> app")
    await db.set_setting(Setting.AD_BUTTON_URL, "https://example.org/app")
    await db.set_setting(Setting.AD_THRESHOLD, 2)
    for _ in range(2):
        await running_bot.say(ALICE, LINK, method="sendVideo")
        await running_bot.settle()
    assert (await db.get_chat(ALICE)).ad_count == 2
    assert not [c for c in running_bot.sent_to(ALICE) if "our" in c.params.get("text", "")]
    await running_bot.say(ALICE, LINK, method="sendVideo")
    await running_bot.settle()
    ads = [c for c in running_bot.sent_to(ALICE) if "our" in c.params.get("text", "")]
    assert (
        len(ads) == 1
        and ads[0].params["reply_markup"]["inline_keyboard"][0][0]["url"]
        == "https://example.org/app"
    )
    assert (await db.get_chat(ALICE)).ad_count == 0


def transactions(engine) -> list[list[str]]:
    """The statements of every transaction on ``engine`` from now on, one list each (live)."""
    seen: list[list[str]] = []

    def begin(conn) -> None:
        conn.info["statements"] = []
        seen.append(conn.info["statements"])

    def execute(conn, _cursor, statement, *_args) -> None:
        conn.info.setdefault("statements", []).append(statement)

    event.listen(engine.sync_engine, "begin", begin)
    event.listen(engine.sync_engine, "before_cursor_execute", execute)
    return seen


async def test_a_delivered_link_is_recorded_in_one_transaction(running_bot, posts):
    await db.set_setting(Setting.AD_TEXT, "Try <b>our</b> app")
    await db.set_setting(Setting.AD_THRESHOLD, 1)
    await running_bot.say(ALICE, "/start")
    await running_bot.settle()
    seen = transactions(database.get_engine())
    for _ in range(2):  # first the ad counter moves on, then the ad is claimed
        await running_bot.say(ALICE, LINK, method="sendVideo")
        await running_bot.settle()
    writes = [
        [st for st in tx if st.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
        for tx in seen
    ]
    writes = [
        tx
        for tx in writes
        if any(
            table in statement
            for statement in tx
            for table in ("downloads", "media_cache", "stats_hourly", "ad_count")
        )
    ]
    assert len(writes) == 2, writes
    fresh, cached = (" ".join(tx) for tx in writes)
    for part in ("INSERT INTO downloads", "INSERT INTO media_cache", "stats_hourly", "ad_count"):
        assert part in fresh
    assert "media_cache" not in cached and "INSERT INTO downloads" in cached
    assert [c for c in running_bot.sent_to(ALICE) if "our" in c.params.get("text", "")]
    assert (await db.get_chat_stats(ALICE)).downloads == 2


async def test_without_ad_text_no_ads_and_counters_untouched(running_bot, posts):
    for _ in range(3):
        await running_bot.say(ALICE, LINK, method="sendVideo")
    await running_bot.settle()
    assert (await db.get_chat(ALICE)).ad_count == 0
    assert running_bot.sent_to(ALICE) == []


async def test_group_flow_replies_with_media_and_no_ads(running_bot, posts):
    await db.set_setting(Setting.AD_TEXT, "ad")
    await db.set_setting(Setting.AD_THRESHOLD, 1)
    running_bot.emulator.send_message(GROUP, "lol", user_id=ALICE)
    video = await running_bot.say(GROUP, f"watch this {LINK}", method="sendVideo", user_id=ALICE)
    assert video.params.get("reply_parameters", {}).get("message_id")
    await running_bot.settle()
    assert running_bot.sent_to(GROUP) == []
    assert (await db.get_chat_stats(GROUP)).downloads == 1


async def test_slow_delivery_shows_a_status_message_then_removes_it(running_bot, posts, tikwm):
    running_bot.services.media.slow_notice_after = 0.05
    tikwm.delay("/media", 0.5)
    await running_bot.say(ALICE, LINK, method="sendVideo")
    await running_bot.settle()
    [status] = [c for c in running_bot.sent_to(ALICE) if c.params["text"] == "⏳ Downloading…"]
    edits = running_bot.emulator.calls_to("editMessageText", chat_id=ALICE)
    assert [e.params["text"] for e in edits] == ["⏳ Uploading…"]
    deleted = running_bot.emulator.calls_to("deleteMessage", chat_id=ALICE)
    assert [d.params["message_id"] for d in deleted] == [status.result["message_id"]]
