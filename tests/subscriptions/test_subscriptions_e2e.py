# ruff: noqa: F811 - the e2e fixtures imported below are used as test arguments
"""Subscriptions end to end: the real bot, handlers and poller against the Telegram emulator and
the tikwm stand-in, on SQLite and PostgreSQL. Polls are triggered with ``Poller.poll_once``."""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import re
import time
from collections import Counter

import pytest

import bot.app
from bot.i18n import Locales
from bot.outbox import Lane, bulk_lane
from bot.subscriptions import Poller, start_subscription_poller
from data import db_service as db
from data.preferences import parse_preference
from data.runtime_settings import Setting
from handlers import subscriptions as subscription_handlers
from tests.e2e.conftest import e2e_session, emulator, start_bot, tikwm  # noqa: F401 - fixtures

ALICE, BORIS, CAROL = 6101, 6102, 6103
GROUP = -100_600_100
POSTS = "/api/user/posts"
_post_ids = itertools.count(7_400_000_000_000_000_001)


@pytest.fixture(autouse=True)
def subscription_routes(monkeypatch):
    """The bot's routers with the subscriptions router before ``media`` (as handlers/__init__
    will have it)."""
    original = bot.app.routers

    def routers():
        found = original()
        if any(r.name == "subscriptions" for r in found):
            return found
        at = next(i for i, r in enumerate(found) if r.name == "media")
        return [*found[:at], subscription_handlers.router(), *found[at:]]

    monkeypatch.setattr(bot.app, "routers", routers)


@pytest.fixture
async def app(start_bot):
    """The production bot, with no poller of its own running (tests poll by hand)."""
    running = await start_bot()
    await _stop_own_poller(running)
    return running


async def _stop_own_poller(app) -> None:
    own = app.dp.workflow_data.pop("background_jobs", None)
    if own is not None:
        await own.stop()


@pytest.fixture
async def pollers():
    """Make pollers (interval 0: every creator is due at every poll; no jitter); stopped after
    the test."""
    made: list[Poller] = []

    def make(app, **tuning) -> Poller:
        tuning = {"interval": 0, "jitter": 0, "worker_id": f"test:{len(made)}", **tuning}
        poller = Poller(app.bot, app.services.media, Locales(), **tuning)
        made.append(poller)
        return poller

    yield make
    for poller in made:
        await poller.stop()


def blob(seed: int, size: int = 20_000) -> bytes:
    return hashlib.sha256(str(seed).encode()).digest() * (size // 32)


def new_post(tikwm, creator: str, *, seconds_ahead: int, slideshow: bool = False) -> str:
    """Publish a post created ``seconds_ahead`` from now (after any subscription made so far)."""
    post_id = str(next(_post_ids))
    created = int(time.time()) + seconds_ahead
    if slideshow:
        tikwm.add_slideshow(
            post_id,
            author=creator,
            images=[blob(int(post_id) + i) for i in range(3)],
            created_at=created,
        )
    else:
        tikwm.add_video(
            post_id,
            author=creator,
            video=blob(int(post_id)),
            sound=b"ID3 sound",
            created_at=created,
        )
    return post_id


def videos(app, chat_id: int) -> list[str]:
    """Post ids of the videos (or documents) the chat received successfully, in order."""
    found = []
    for call in app.emulator.calls:
        if call.method in ("sendVideo", "sendDocument") and call.chat_id == chat_id and call.ok:
            found.append(re.search(r"/(?:video|photo)/(\d+)", call.params["caption"])[1])
    return found


async def subscribe(app, chat_id: int, creator: str, **kwargs) -> str:
    reply = await app.say(chat_id, f"/subscribe {creator}", **kwargs)
    return reply.params["text"]


# ---------------------------------------------------------------- commands


async def test_subscribe_list_unsubscribe_and_their_errors(app, tikwm):
    tikwm.add_creator("star")
    assert "/subscribe @name" in await subscribe(app, ALICE, "")
    assert "/subscribe @name" in await subscribe(app, ALICE, "not a name!")
    before = tikwm.count(POSTS)
    assert "couldn't find a TikTok creator called <b>@ghost</b>" in await subscribe(
        app, ALICE, "@ghost"
    )
    assert tikwm.count(POSTS) == before + 1 and await db.list_subscriptions(ALICE) == []
    added = await subscribe(app, ALICE, "https://www.tiktok.com/@Star")
    assert "You now follow <b>@star</b>" in added
    check = [r for r in tikwm.requests if r.path == POSTS][-1]
    assert (check.query["unique_id"], check.query["count"]) == ("star", "1")
    assert "already follow <b>@star</b>" in await subscribe(app, ALICE, "@STAR")
    assert [s.creator for s in await db.list_subscriptions(ALICE)] == ["star"]

    tikwm.add_creator("moon")
    await subscribe(app, ALICE, "moon")
    listing = await app.say(ALICE, "/subscriptions")
    assert "@moon" in listing.params["text"] and "@star" in listing.params["text"]
    assert "(2 of 10)" in listing.params["text"]
    buttons = [b for row in listing.params["reply_markup"]["inline_keyboard"] for b in row]
    assert [b["text"] for b in buttons] == ["✖️ Unsubscribe @moon", "✖️ Unsubscribe @star"]
    app.emulator.callback(
        ALICE, listing.result["message_id"], buttons[0]["callback_data"], user_id=ALICE
    )
    edit = await app.emulator.wait_for_call("editMessageText", lambda c: c.chat_id == ALICE)
    assert "@moon" not in edit.params["text"] and "@star" in edit.params["text"]
    answer = await app.emulator.wait_for_call("answerCallbackQuery")
    assert answer.params["text"] == "Unsubscribed from @moon"
    assert [s.creator for s in await db.list_subscriptions(ALICE)] == ["star"]

    assert (
        "Send <code>/unsubscribe @name</code>"
        in (await app.say(ALICE, "/unsubscribe")).params["text"]
    )
    assert (
        "no longer follow <b>@star</b>"
        in (await app.say(ALICE, "/unsubscribe @star")).params["text"]
    )
    assert "don't follow <b>@star</b>" in (await app.say(ALICE, "/unsubscribe star")).params["text"]
    empty = await app.say(ALICE, "/subscriptions")
    assert "don't follow any creators yet" in empty.params["text"]


async def test_replies_are_in_the_chats_language(app, tikwm):
    tikwm.add_creator("star")
    assert "Вы подписались на <b>@star</b>" in await subscribe(
        app, BORIS, "@star", language_code="ru"
    )
    assert "No encontré" in await subscribe(app, CAROL, "@ghost", language_code="es")


async def test_limit_is_the_runtime_setting_and_refuses_clearly(app, tikwm):
    await db.set_setting(Setting.SUBSCRIPTION_LIMIT, 2)
    for name in ("one", "two", "three"):
        tikwm.add_creator(name)
    assert "You now follow" in await subscribe(app, ALICE, "one")
    assert "You now follow" in await subscribe(app, ALICE, "two")
    before = tikwm.count(POSTS)
    refused = await subscribe(app, ALICE, "three")
    assert "already follow 2 creators, the most allowed" in refused
    assert tikwm.count(POSTS) == before  # refused without asking TikTok
    assert [s.creator for s in await db.list_subscriptions(ALICE)] == ["one", "two"]
    await db.set_setting(Setting.SUBSCRIPTION_LIMIT, 0)
    assert "turned off" in await subscribe(app, BORIS, "one")


async def test_in_groups_only_admins_change_subscriptions(app, tikwm):
    tikwm.add_creator("star")
    emu = app.emulator
    await app.say(GROUP, "/start", user_id=ALICE)
    emu.set_chat_member(GROUP, ALICE, "member")
    emu.set_chat_member(GROUP, BORIS, "administrator")
    before = tikwm.count(POSTS)
    assert "Only the group's admins" in await subscribe(app, GROUP, "@star", user_id=ALICE)
    assert tikwm.count(POSTS) == before and await db.list_subscriptions(GROUP) == []
    assert "You now follow" in await subscribe(app, GROUP, "@star", user_id=BORIS)
    refused = await app.say(GROUP, "/unsubscribe @star", user_id=ALICE)
    assert "Only the group's admins" in refused.params["text"]

    listing = await app.say(GROUP, "/subscriptions", user_id=ALICE)  # anyone may look
    button = listing.params["reply_markup"]["inline_keyboard"][0][0]
    emu.callback(GROUP, listing.result["message_id"], button["callback_data"], user_id=ALICE)
    alert = await emu.wait_for_call("answerCallbackQuery")
    assert alert.params.get("show_alert") is True and "admins" in alert.params["text"]
    assert [s.creator for s in await db.list_subscriptions(GROUP)] == ["star"]
    emu.callback(GROUP, listing.result["message_id"], button["callback_data"], user_id=BORIS)
    await emu.wait_for_call("editMessageText", lambda c: c.chat_id == GROUP)
    assert await db.list_subscriptions(GROUP) == []


# ---------------------------------------------------------------- the poller


async def _three_followers(app, tikwm, creator: str = "star") -> list[int]:
    tikwm.add_creator(creator)
    tikwm.add_video(str(next(_post_ids)), author=creator, video=blob(1))  # back catalogue: 2023
    await app.say(GROUP, "/start", user_id=CAROL)
    app.emulator.set_chat_member(GROUP, CAROL, "administrator")
    for chat_id, user in ((ALICE, ALICE), (BORIS, BORIS), (GROUP, CAROL)):
        assert "You now follow" in await subscribe(app, chat_id, creator, user_id=user)
    await app.settle()
    return [ALICE, BORIS, GROUP]


async def test_each_chat_gets_each_new_post_once_oldest_first_with_one_fetch_per_creator(
    app, tikwm, pollers
):
    chats = await _three_followers(app, tikwm)
    poller = pollers(app)
    report = await poller.poll_once()
    assert (report.creators, report.posts, report.delivered) == (
        1,
        0,
        0,
    )  # never the back catalogue
    assert all(videos(app, chat) == [] for chat in chats)

    newer = new_post(tikwm, "star", seconds_ahead=20)
    older = new_post(tikwm, "star", seconds_ahead=10)
    lists, media = tikwm.count(POSTS), tikwm.media_fetches()
    report = await poller.poll_once()
    assert (report.creators, report.posts, report.delivered) == (1, 2, 6)
    assert tikwm.count(POSTS) == lists + 1  # one listing for three followers
    assert tikwm.media_fetches() == media + 2  # each video downloaded once: the others by file id
    for chat in chats:
        assert videos(app, chat) == [older, newer]
    first = [c for c in app.emulator.calls_to("sendVideo") if c.ok]
    assert sum(1 for c in first if c.files) == 2  # two uploads serve six deliveries
    button = first[0].params["reply_markup"]["inline_keyboard"][0][0]
    assert button["text"] == "🎵 Music" and button["callback_data"].startswith("music:")
    history = await db.download_history(ALICE)
    assert [(h.post_id, h.via_subscription) for h in history] == [(newer, True), (older, True)]

    report = await poller.poll_once()  # nothing new
    assert (report.creators, report.posts, report.delivered) == (1, 0, 0)
    assert tikwm.count(POSTS) == lists + 2
    for chat in chats:
        assert videos(app, chat) == [older, newer]


async def test_restarting_the_poller_or_the_bot_repeats_nothing(app, start_bot, tikwm, pollers):
    chats = await _three_followers(app, tikwm)
    first = new_post(tikwm, "star", seconds_ahead=10)
    await pollers(app).poll_once()
    await pollers(app).poll_once()  # a new poller (another worker id, nothing in memory)
    assert all(videos(app, chat) == [first] for chat in chats)

    await app.stop()
    again = await start_bot()
    await _stop_own_poller(again)
    second = new_post(tikwm, "star", seconds_ahead=20)
    report = await pollers(again).poll_once()
    assert report.delivered == 3
    assert all(videos(again, chat) == [first, second] for chat in chats)


async def test_a_claim_left_by_a_crash_is_never_sent_again(app, tikwm, pollers):
    await _three_followers(app, tikwm)
    post = new_post(tikwm, "star", seconds_ahead=10)
    alice = next(s for s in await db.list_subscriptions(ALICE))
    # The process claimed ALICE's delivery, then died before (or while) sending it.
    assert await db.claim_deliveries(post, [alice.id]) == {alice.id}
    report = await pollers(app).poll_once()
    assert report.delivered == 2
    assert (
        videos(app, ALICE) == [] and videos(app, BORIS) == [post] and videos(app, GROUP) == [post]
    )
    await pollers(app).poll_once()
    assert videos(app, ALICE) == []  # at most once: the one post in flight is lost, never doubled


async def test_stopping_mid_poll_finishes_the_send_under_way_and_hands_the_rest_back(
    app, tikwm, pollers
):
    chats = await _three_followers(app, tikwm)
    post = new_post(tikwm, "star", seconds_ahead=10)
    tikwm.delay("/media/", 0.5)
    poller = pollers(app)
    polling = asyncio.create_task(poller.poll_once())
    await tikwm.wait_until(
        lambda: tikwm.media_fetches() >= 1
    )  # the first chat's upload is under way
    await poller.stop()
    report = await polling
    assert report.delivered == 1
    row = await db.creator_poll("star")
    assert (row.leased_by, row.leased_until) == (None, 0)
    first = next(chat for chat in chats if videos(app, chat))
    tikwm.delay("/media/", 0)
    report = await pollers(app).poll_once()  # another process (or the restarted one) goes on
    assert report.delivered == 2
    assert all(videos(app, chat) == [post] for chat in chats) and videos(app, first) == [post]


async def test_a_refused_send_is_not_marked_delivered_and_is_retried_next_poll(app, tikwm, pollers):
    chats = await _three_followers(app, tikwm)
    post = new_post(tikwm, "star", seconds_ahead=10)
    app.emulator.fail_next("sendVideo", 400, "Bad Request: not enough rights to send videos")
    poller = pollers(app)
    report = await poller.poll_once()
    assert (report.delivered, report.retried) == (2, 1)
    refused = next(c for c in app.emulator.calls_to("sendVideo") if not c.ok)
    assert videos(app, refused.chat_id) == []
    later = new_post(tikwm, "star", seconds_ahead=20)
    report = await poller.poll_once()
    assert report.delivered == 4  # the retry, and the newer post for everyone
    for chat in chats:
        assert videos(app, chat) == [post, later]  # still oldest first for the refused chat


async def test_a_chat_that_blocked_the_bot_is_paused_and_resumes_when_it_comes_back(
    app, tikwm, pollers
):
    await _three_followers(app, tikwm)
    emu, poller = app.emulator, pollers(app)
    emu.block_chat(ALICE)
    while_away = new_post(tikwm, "star", seconds_ahead=10)
    report = await poller.poll_once()
    assert (report.delivered, report.blocked) == (2, 1)
    assert (await db.get_chat(ALICE)).blocked_at is not None
    assert [s.creator for s in await db.list_subscriptions(ALICE)] == [
        "star"
    ]  # paused, not deleted

    also_away = new_post(tikwm, "star", seconds_ahead=20)
    attempts = len(emu.calls_to("sendVideo", chat_id=ALICE))
    await poller.poll_once()
    assert len(emu.calls_to("sendVideo", chat_id=ALICE)) == attempts  # paused: not even tried

    emu.unblock_chat(ALICE)
    listing = await app.say(ALICE, "/subscriptions")  # writing to the bot again unblocks the chat
    assert "@star" in listing.params["text"] and (await db.get_chat(ALICE)).blocked_at is None
    back = new_post(tikwm, "star", seconds_ahead=30)
    await poller.poll_once()
    assert videos(app, ALICE) == [back]
    assert videos(app, BORIS) == [while_away, also_away, back]


async def test_file_mode_and_language_of_each_chat_are_used(app, tikwm, pollers):
    tikwm.add_creator("star")
    await subscribe(app, ALICE, "star", language_code="ru")
    await app.say(ALICE, "/mode")
    await subscribe(app, BORIS, "star")
    post = new_post(tikwm, "star", seconds_ahead=10)
    await pollers(app).poll_once()
    [document] = app.emulator.calls_to("sendDocument", chat_id=ALICE)
    assert (
        document.ok
        and document.params["reply_markup"]["inline_keyboard"][0][0]["text"] == "🎵 Музыка"
    )
    [video] = app.emulator.calls_to("sendVideo", chat_id=BORIS)
    assert video.ok and post in video.params["caption"]


async def test_each_chats_captions_and_music_button_are_used(app, tikwm, pollers):
    tikwm.add_creator("star")
    for chat in (ALICE, BORIS):
        await subscribe(app, chat, "star")
    await db.set_preference(ALICE, *parse_preference("captions", "short"))
    await db.set_preference(ALICE, *parse_preference("music_button", "off"))
    await db.set_preference(BORIS, *parse_preference("captions", "off"))
    post = new_post(tikwm, "star", seconds_ahead=10)
    await pollers(app).poll_once()
    [short] = app.emulator.calls_to("sendVideo", chat_id=ALICE)
    assert short.ok and short.params["caption"].startswith("👤") and post in short.params["caption"]
    assert "reply_markup" not in short.params
    [bare] = app.emulator.calls_to("sendVideo", chat_id=BORIS)
    assert bare.ok and "caption" not in bare.params and bare.params["reply_markup"]


async def test_slideshows_arrive_as_albums(app, tikwm, pollers):
    tikwm.add_creator("artist")
    await subscribe(app, ALICE, "artist")
    await subscribe(app, BORIS, "artist")
    post = new_post(tikwm, "artist", seconds_ahead=10, slideshow=True)
    media = tikwm.media_fetches()
    report = await pollers(app).poll_once()
    assert report.delivered == 2
    for chat in (ALICE, BORIS):
        [album] = app.emulator.calls_to("sendMediaGroup", chat_id=chat)
        assert album.ok and len(album.params["media"]) == 3
    assert tikwm.media_fetches() == media + 3  # three photos, fetched once
    assert [h.is_slideshow for h in await db.download_history(BORIS)] == [True]
    assert (
        post
        in app.emulator.calls_to("sendMediaGroup", chat_id=BORIS)[0].params["media"][0]["caption"]
    )


async def test_a_slideshow_that_fails_after_its_first_album_is_never_sent_again(
    app, tikwm, pollers
):
    tikwm.add_creator("artist")
    await subscribe(app, ALICE, "artist")
    post_id = str(next(_post_ids))  # eleven photos: an album of ten, then one photo
    tikwm.add_slideshow(
        post_id,
        author="artist",
        images=[blob(int(post_id) + i) for i in range(11)],
        created_at=int(time.time()) + 10,
    )
    app.emulator.fail_next("sendPhoto", 500, "Internal Server Error")  # nothing sent: would retry
    poller = pollers(app)
    report = await poller.poll_once()
    assert (report.delivered, report.retried, report.failed) == (0, 0, 1)  # outcome unknown: kept
    [album] = app.emulator.calls_to("sendMediaGroup", chat_id=ALICE)
    assert album.ok and len(album.params["media"]) == 10
    await poller.poll_once()
    assert len(app.emulator.calls_to("sendMediaGroup", chat_id=ALICE)) == 1  # no second copy


async def test_a_creator_that_vanishes_is_unfollowed_after_a_few_failed_polls(app, tikwm, pollers):
    await _three_followers(app, tikwm, creator="ghosty")
    tikwm.remove_creator("ghosty")
    poller = pollers(app, max_failures=3)
    for failures in (1, 2):
        report = await poller.poll_once()
        assert report.not_found == 1 and report.deactivated == []
        assert (await db.creator_poll("ghosty")).failures == failures
    assert all(
        not app.sent_to(chat) or "no longer" not in app.sent_to(chat)[-1].params["text"]
        for chat in (ALICE, BORIS, GROUP)
    )
    report = await poller.poll_once()
    assert report.deactivated == ["ghosty"]
    for chat in (ALICE, BORIS, GROUP):
        told = await app.emulator.wait_for_call(
            "sendMessage",
            lambda c, chat=chat: c.chat_id == chat and "can no longer be found" in c.params["text"],
        )
        assert "<b>@ghosty</b>" in told.params["text"]
    subs = await db.list_subscriptions(ALICE, include_inactive=True)
    assert [(s.creator, s.active) for s in subs] == [("ghosty", False)]
    assert await db.creator_poll("ghosty") is None
    lists = tikwm.count(POSTS)
    await poller.poll_once()
    assert tikwm.count(POSTS) == lists  # nobody follows it any more
    registry = app.metrics.registry
    assert (
        registry.get_sample_value("tokdrop_resolver_errors_total", {"reason": "unavailable"}) == 3
    )


async def test_a_creator_that_comes_back_in_time_starts_counting_again(app, tikwm, pollers):
    tikwm.add_creator("flaky")
    await subscribe(app, ALICE, "flaky")
    tikwm.remove_creator("flaky")
    poller = pollers(app, max_failures=2)
    await poller.poll_once()
    assert (await db.creator_poll("flaky")).failures == 1
    tikwm.add_creator("flaky")
    await poller.poll_once()
    assert (await db.creator_poll("flaky")).failures == 0
    tikwm.remove_creator("flaky")
    report = await poller.poll_once()
    assert report.deactivated == [] and [s.creator for s in await db.list_subscriptions(ALICE)] == [
        "flaky"
    ]


async def test_two_pollers_never_poll_the_same_creator(app, tikwm, pollers):
    creators = [f"maker{i}" for i in range(12)]
    for i, creator in enumerate(creators):
        tikwm.add_creator(creator)
        for chat_id in (ALICE, BORIS, CAROL)[: 1 + i % 3]:
            await db.create_chat(chat_id)
            await db.add_subscription(chat_id, creator, limit=100)
    posts = {creator: new_post(tikwm, creator, seconds_ahead=10) for creator in creators}
    tikwm.delay(POSTS, 0.2)  # listings overlap in time
    # An interval of an hour: each creator is due once, so it must be polled exactly once in all.
    one, two = (pollers(app, interval=3600, concurrency=3, batch_size=1) for _ in range(2))
    first, second = await asyncio.gather(one.poll_once(), two.poll_once())
    listed = Counter(r.query["unique_id"] for r in tikwm.requests if r.path == POSTS)
    assert listed == Counter(creators)  # every creator once, none twice
    assert first.creators + second.creators == len(creators) and first.creators and second.creators
    for i, creator in enumerate(creators):
        for chat_id in (ALICE, BORIS, CAROL)[: 1 + i % 3]:
            assert videos(app, chat_id).count(posts[creator]) == 1


async def test_the_background_poller_starts_with_an_interval_and_stops(app, tikwm):
    tikwm.add_creator("star")
    await subscribe(app, ALICE, "star")
    post = new_post(tikwm, "star", seconds_ahead=10)
    poller = start_subscription_poller(
        app.bot, app.settings, app.services.media, Locales(), interval=0.2, jitter=0
    )
    try:
        assert poller.running
        call = await app.emulator.wait_for_call(
            "sendVideo", lambda c: c.chat_id == ALICE, timeout=10
        )
        assert post in call.params["caption"]
        await tikwm.wait_until(lambda: tikwm.count(POSTS) >= 4, timeout=10)  # and it keeps polling
    finally:
        await poller.stop()
    assert not poller.running
    row = await db.creator_poll("star")
    assert row.leased_by is None and row.leased_until == 0
    assert videos(app, ALICE) == [post]


async def test_a_delivery_waiting_for_the_send_limiter_is_not_claimed_yet(app, tikwm, pollers):
    """A process killed while its sends wait for the limiter must leave no claim (the next
    poll would never send those posts): a claim is made once the send is granted."""
    chats = await _three_followers(app, tikwm)
    subscriptions = [s.id for chat in chats for s in await db.list_subscriptions(chat)]
    post = new_post(tikwm, "star", seconds_ahead=10)
    limiter = next(m.limiter for m in app.bot.session.middleware if hasattr(m, "limiter"))
    # A 429 to a bulk send pauses every send for 5 s (one to a reply would pause only its
    # chat): the poller's sends queue in the limiter behind the retried send.
    app.emulator.fail_next("sendMessage", 429, "Too Many Requests: retry after 5", retry_after=5)
    with bulk_lane():
        reply = asyncio.create_task(app.bot.send_message(ALICE, "hello"))
    await app.emulator.wait_for_call("sendMessage", lambda c: not c.ok)
    media = tikwm.media_fetches()
    polling = asyncio.create_task(pollers(app).poll_once())
    for _ in range(1000):  # until the first chat's upload waits for its grant
        if tikwm.media_fetches() > media and limiter.queued(Lane.BULK) > 1:
            break
        await asyncio.sleep(0.01)
    assert limiter.queued(Lane.BULK) == 2, "the delivery is not waiting in the limiter"
    assert await db.delivered_pairs(subscriptions, [post]) == set()  # nothing claimed yet
    report = await polling
    await reply
    assert report.delivered == 3
    assert all(videos(app, chat) == [post] for chat in chats)
    assert await db.delivered_pairs(subscriptions, [post]) == {(s, post) for s in subscriptions}
