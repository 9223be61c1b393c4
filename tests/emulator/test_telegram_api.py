"""The Telegram Bot API emulator, driven by a real aiogram Bot over HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import hashlib
import time

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, Router
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramRetryAfter,
)
from aiogram.filters import CommandStart
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    CallbackQuery,
    ChatMemberAdministrator,
    ChatMemberBanned,
    ChatMemberLeft,
    ChatMemberMember,
    ChatMemberOwner,
    ChatMemberRestricted,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultCachedVideo,
    InputMediaDocument,
    InputMediaPhoto,
    InputTextMessageContent,
    Message,
    ReplyParameters,
    Update,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devservers.telegram_api import ApiError, TelegramApiEmulator
from devservers.telegram_api.limits import RateLimiter

from .conftest import TOKEN, USER, make_bot

GROUP = -1001234567890
KEYBOARD = InlineKeyboardMarkup(
    inline_keyboard=[[InlineKeyboardButton(text="Again", callback_data="again")]]
)


def api_url(emulator: TelegramApiEmulator, method: str, token: str = TOKEN) -> str:
    return f"{emulator.base_url}/bot{token}/{method}"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- transport


async def test_get_me_returns_the_registered_bot(bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username) == (4242, True, "tokdrop_test_bot")


async def test_unknown_token_is_unauthorized(emulator: TelegramApiEmulator, http) -> None:
    async with http.post(api_url(emulator, "getMe", token="1:nope")) as response:
        assert response.status == 401
        assert await response.json() == {
            "ok": False,
            "error_code": 401,
            "description": "Unauthorized",
        }


async def test_unknown_method_is_not_found(emulator: TelegramApiEmulator, http) -> None:
    async with http.post(api_url(emulator, "sendTelepathy")) as response:
        body = await response.json()
    assert response.status == 404
    assert body["description"] == "Not Found: method not found"


async def test_method_names_are_case_insensitive_and_get_works(
    emulator: TelegramApiEmulator, http
) -> None:
    async with http.get(api_url(emulator, "GETME")) as response:
        assert (await response.json())["result"]["id"] == 4242
    assert emulator.calls[-1].method == "getMe"


async def test_form_and_json_bodies_decode_nested_objects(
    emulator: TelegramApiEmulator, http
) -> None:
    emulator.add_chat(USER)
    markup = '{"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}'
    form = {"chat_id": str(USER), "text": "form", "reply_markup": markup}
    async with http.post(api_url(emulator, "sendMessage"), data=form) as response:
        sent = (await response.json())["result"]
    assert sent["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "go"
    payload = {"chat_id": USER, "text": "json", "reply_markup": markup}
    async with http.post(api_url(emulator, "sendMessage"), json=payload) as response:
        assert (await response.json())["result"]["message_id"] == sent["message_id"] + 1
    first, second = emulator.calls_to("sendMessage", chat_id=USER)
    assert first.params["chat_id"] == USER  # form strings become the documented types
    assert second.params["reply_markup"]["inline_keyboard"][0][0]["text"] == "Go"


async def test_multipart_file_in_its_own_field(emulator: TelegramApiEmulator, http) -> None:
    emulator.add_chat(USER)
    data = aiohttp.FormData()
    data.add_field("chat_id", str(USER))
    data.add_field("document", b"%PDF-1.4 tiny", filename="a.pdf")
    async with http.post(api_url(emulator, "sendDocument"), data=data) as response:
        document = (await response.json())["result"]["document"]
    assert (document["file_name"], document["mime_type"]) == ("a.pdf", "application/pdf")
    (upload,) = emulator.calls[-1].files
    assert (upload.field, upload.size, upload.sha256) == ("document", 13, sha(b"%PDF-1.4 tiny"))


async def test_missing_and_invalid_parameters_are_bad_requests(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="Bad Request: chat not found"):
        await bot.send_message(31337, "nobody there has written to the bot")
    with pytest.raises(TelegramBadRequest, match="Bad Request: chat_id is empty"):
        await bot.send_message("", "x")
    with pytest.raises(TelegramBadRequest, match="Bad Request: message text is empty"):
        await bot.send_message(USER, "   ")
    with pytest.raises(TelegramBadRequest, match="wrong parameter action"):
        await bot.send_chat_action(USER, "dancing")


async def test_entity_too_large(shared_session) -> None:
    async with TelegramApiEmulator(token=TOKEN, max_upload_size=100) as small:
        small.add_chat(USER)
        bot = make_bot(small, shared_session)
        with pytest.raises(TelegramEntityTooLarge):
            await bot.send_video(USER, BufferedInputFile(b"x" * 101, "big.mp4"))


# ---------------------------------------------------------------- getUpdates


async def test_offset_confirms_and_negative_offset_keeps_the_tail(
    emulator: TelegramApiEmulator, bot: Bot
) -> None:
    ids = [emulator.send_message(USER, f"m{i}")["update_id"] for i in range(4)]
    assert [u.update_id for u in await bot.get_updates()] == ids
    assert [u.update_id for u in await bot.get_updates(offset=ids[1])] == ids[1:]
    assert [u.update_id for u in await bot.get_updates()] == ids[1:]  # ids[0] confirmed
    assert [u.update_id for u in await bot.get_updates(offset=-1)] == ids[-1:]
    assert [u.update_id for u in await bot.get_updates()] == ids[-1:]  # the rest forgotten
    assert await bot.get_updates(offset=ids[-1] + 1) == []


async def test_limit(emulator: TelegramApiEmulator, bot: Bot) -> None:
    ids = [emulator.send_message(USER, f"m{i}")["update_id"] for i in range(5)]
    assert [u.update_id for u in await bot.get_updates(limit=2)] == ids[:2]
    assert len(await bot.get_updates(limit=0)) == 5  # out of range: the default, 100


async def test_long_poll_times_out_empty(bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == []
    assert time.monotonic() - started >= 0.9


async def test_long_poll_returns_as_soon_as_an_update_arrives(
    emulator: TelegramApiEmulator, bot: Bot
) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=20))
    await emulator.wait_until(lambda: emulator.waiting_polls() == 1)
    pushed_at = time.monotonic()
    emulator.send_message(USER, "wake up")
    updates = await asyncio.wait_for(poll, 5)
    assert [u.message.text for u in updates] == ["wake up"]
    assert time.monotonic() - pushed_at < 2  # far from the 20 s timeout


async def test_second_poll_terminates_the_first(emulator: TelegramApiEmulator, bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=20))
    await emulator.wait_until(lambda: emulator.waiting_polls() == 1)
    assert await bot.get_updates() == []
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates"):
        await first


async def test_allowed_updates_filters_types(emulator: TelegramApiEmulator, bot: Bot) -> None:
    sent = await bot.send_message(USER, "pick", reply_markup=KEYBOARD)
    emulator.callback(USER, sent.message_id, "again")
    emulator.send_message(USER, "text")
    updates = await bot.get_updates(allowed_updates=["message"])
    assert [u.message.text for u in updates] == ["text"]
    emulator.callback(USER, sent.message_id, "again")
    # The setting is remembered: the new callback is not delivered either.
    assert await bot.get_updates(offset=updates[-1].update_id + 1) == []


async def test_delete_webhook_can_drop_pending_updates(
    emulator: TelegramApiEmulator, bot: Bot
) -> None:
    emulator.send_message(USER, "old")
    assert (await bot.get_webhook_info()).pending_update_count == 1
    assert await bot.delete_webhook(drop_pending_updates=True) is True
    assert await bot.get_updates() == []


async def test_stop_ends_pending_long_polls(shared_session) -> None:
    emulator = TelegramApiEmulator(token=TOKEN)
    await emulator.start()
    bot = make_bot(emulator, shared_session)
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await emulator.wait_until(lambda: emulator.waiting_polls() == 1)
    started = time.monotonic()
    await emulator.stop()
    assert await asyncio.wait_for(poll, 5) == []
    assert time.monotonic() - started < 2


async def test_several_bots_have_separate_worlds(
    emulator: TelegramApiEmulator, shared_session
) -> None:
    other_token = "5151:second-bot"
    emulator.add_bot(other_token, username="second_bot")
    first, second = make_bot(emulator, shared_session), Bot(other_token, session=shared_session)
    emulator.send_message(USER, "to the first bot")
    emulator.send_message(USER, "to the second bot", token=other_token)
    assert [u.message.text for u in await second.get_updates()] == ["to the second bot"]
    assert [u.message.text for u in await first.get_updates()] == ["to the first bot"]
    assert (await second.get_me()).username == "second_bot"
    emulator.block_chat(USER, token=other_token)
    await first.send_message(USER, "still allowed")
    with pytest.raises(TelegramForbiddenError):
        await second.send_message(USER, "blocked")


# ---------------------------------------------------------------- builders


async def test_every_builder_makes_an_update_aiogram_parses(
    emulator: TelegramApiEmulator, bot: Bot
) -> None:
    first = emulator.send_message(USER, "/start@tokdrop_test_bot deep")
    keyboard = await bot.send_message(USER, "pick", reply_markup=KEYBOARD)
    built = {
        "private text": first,
        "group text": emulator.send_message(
            GROUP, "https://vm.tiktok.com/ZM1/ please", user_id=USER, chat_type="supergroup"
        ),
        "reply": emulator.send_message(USER, "re", reply_to=first["message"]["message_id"]),
        "photo": emulator.send_photo(USER, caption="look @alice"),
        "sticker": emulator.send_sticker(GROUP, user_id=USER),
        "edited": emulator.edited_message(USER, first["message"]["message_id"], "/help"),
        "channel post": emulator.channel_post(-1009, "news", title="News"),
        "callback": emulator.callback(USER, keyboard.message_id, "again"),
        "inline callback": emulator.callback(data="x", inline_message_id="AAE1", user_id=USER),
        "inline query": emulator.inline_query(USER, "cats", offset="10"),
        "chosen inline": emulator.chosen_inline_result(
            USER, "r1", "cats", inline_message_id="AAE2"
        ),
        "blocked": emulator.my_chat_member(USER, USER, "member", "kicked"),
        "added to group": emulator.my_chat_member(-55, USER, "left", "administrator"),
        "raw": emulator.push_update(
            {"message": {"message_id": 99, "date": 1, "chat": {"id": 5, "type": "private"}}}
        ),
    }
    ids = [update["update_id"] for update in built.values()]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    parsed = {name: Update.model_validate(update) for name, update in built.items()}
    command = parsed["private text"].message
    assert command.entities[0].type == "bot_command"
    assert command.entities[0].length == len("/start@tokdrop_test_bot")
    assert parsed["group text"].message.chat.type == "supergroup"
    assert parsed["group text"].message.entities[0].type == "url"
    assert parsed["reply"].message.reply_to_message.text.startswith("/start")
    assert parsed["photo"].message.photo[-1].width == 1280
    assert parsed["edited"].edited_message.edit_date is not None
    assert parsed["channel post"].channel_post.sender_chat.type == "channel"
    assert parsed["callback"].callback_query.message.reply_markup is not None
    assert parsed["inline query"].inline_query.query == "cats"
    assert parsed["blocked"].my_chat_member.new_chat_member.status == "kicked"
    assert isinstance(
        parsed["added to group"].my_chat_member.new_chat_member, ChatMemberAdministrator
    )
    # ... and the bot receives exactly these updates over HTTP.
    received = await bot.get_updates(allowed_updates=[])
    assert [u.update_id for u in received] == ids
    # A raw update makes its chat known, like a builder's.
    assert (await bot.send_message(5, "hello raw")).message_id == 100


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(min_size=1, max_size=200))
def test_any_text_message_parses_with_entities_in_range(text: str) -> None:
    emulator = TelegramApiEmulator(token=TOKEN)
    update = Update.model_validate(emulator.send_message(USER, text))
    length = len(text.encode("utf-16-le")) // 2
    for entity in update.message.entities or []:
        assert 0 <= entity.offset and entity.offset + entity.length <= length


def test_builders_refuse_malformed_situations() -> None:
    emulator = TelegramApiEmulator(token=TOKEN)
    with pytest.raises(ValueError):
        emulator.send_message(-5, "hi", chat_type="private")
    with pytest.raises(ValueError):
        emulator.callback(USER, 99, "no such message")
    with pytest.raises(ValueError):
        emulator.my_chat_member(USER, USER, "member", "banned")


# ---------------------------------------------------------------- messages


async def test_message_ids_increase_per_chat(emulator: TelegramApiEmulator, bot: Bot) -> None:
    emulator.send_message(GROUP, "hello bot", user_id=USER)
    first = await bot.send_message(USER, "one")
    second = await bot.send_message(USER, "two")
    in_group = await bot.send_message(GROUP, "group")
    assert second.message_id == first.message_id + 1
    assert in_group.message_id == 2  # after the user's message 1 in that chat
    assert in_group.chat.type == "supergroup" and in_group.from_user.id == 4242


async def test_formatting_and_limits(bot: Bot) -> None:
    sent = await bot.send_message(
        USER, "<b>Done</b> 👍 <a href='https://x.y'>link</a>", parse_mode="HTML"
    )
    assert sent.text == "Done 👍 link"
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [
        ("bold", 0, 4),
        ("text_link", 8, 4),  # UTF-16 offsets: the emoji counts twice
    ]
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_message(USER, "<b>unclosed", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="Character '.' is reserved"):
        await bot.send_message(USER, "Done.", parse_mode="MarkdownV2")
    await bot.send_message(USER, "x" * 4096)
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(USER, "x" * 4097)
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_photo(USER, BufferedInputFile(b"img", "a.jpg"), caption="c" * 1025)


async def test_edit_text_and_markup(bot: Bot) -> None:
    sent = await bot.send_message(USER, "Downloading…", reply_markup=KEYBOARD)
    edited = await bot.edit_message_text(text="Done", chat_id=USER, message_id=sent.message_id)
    assert edited.text == "Done" and edited.edit_date is not None
    assert edited.reply_markup is None  # an edit without reply_markup removes the keyboard
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(text="Done", chat_id=USER, message_id=sent.message_id)
    marked = await bot.edit_message_reply_markup(
        chat_id=USER, message_id=sent.message_id, reply_markup=KEYBOARD
    )
    assert marked.reply_markup.inline_keyboard[0][0].callback_data == "again"
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text(text="x", chat_id=USER, message_id=999)


async def test_users_messages_cannot_be_edited(emulator: TelegramApiEmulator, bot: Bot) -> None:
    mine = emulator.send_message(USER, "mine")["message"]["message_id"]
    with pytest.raises(TelegramBadRequest, match="message can't be edited"):
        await bot.edit_message_text(text="ours", chat_id=USER, message_id=mine)


async def test_delete_message(emulator: TelegramApiEmulator, bot: Bot) -> None:
    sent = await bot.send_message(USER, "bye")
    assert await bot.delete_message(USER, sent.message_id) is True
    assert emulator.message(USER, sent.message_id) is None
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(USER, sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text(text="x", chat_id=USER, message_id=sent.message_id)


async def test_copy_and_forward(emulator: TelegramApiEmulator, bot: Bot) -> None:
    emulator.add_chat(GROUP)
    original = emulator.send_message(USER, "share me")["message"]
    copied = await bot.copy_message(GROUP, USER, original["message_id"])
    assert emulator.message(GROUP, copied.message_id)["text"] == "share me"
    forwarded = await bot.forward_message(GROUP, USER, original["message_id"])
    assert forwarded.forward_origin.sender_user.id == USER
    with pytest.raises(TelegramBadRequest, match="message to copy not found"):
        await bot.copy_message(GROUP, USER, 12345)
    with pytest.raises(TelegramBadRequest, match="message to forward not found"):
        await bot.forward_message(GROUP, USER, 12345)


async def test_replies(emulator: TelegramApiEmulator, bot: Bot) -> None:
    asked = emulator.send_message(USER, "link?")["message"]["message_id"]
    answer = await bot.send_message(
        USER, "here", reply_parameters=ReplyParameters(message_id=asked)
    )
    assert answer.reply_to_message.text == "link?"
    with pytest.raises(TelegramBadRequest, match="message to be replied not found"):
        await bot.send_message(USER, "x", reply_parameters=ReplyParameters(message_id=999))


async def test_bad_inline_keyboard(bot: Bot) -> None:
    too_long = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="x", callback_data="d" * 65)]]
    )
    before = await bot.send_message(USER, "before")
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(USER, "x", reply_markup=too_long)
    after = await bot.send_message(USER, "after")
    assert after.message_id == before.message_id + 1  # a rejected send takes no id


async def test_get_chat(emulator: TelegramApiEmulator, bot: Bot) -> None:
    chat = await bot.get_chat(USER)
    assert (chat.type, chat.first_name, chat.username) == ("private", "Alice", "alice")
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.get_chat(-42)


# ---------------------------------------------------------------- blocking and flood control


async def test_blocked_user_and_kicked_group(emulator: TelegramApiEmulator, bot: Bot) -> None:
    emulator.block_chat(USER)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(USER, "hi")
    with pytest.raises(TelegramForbiddenError):
        await bot.send_chat_action(USER, "typing")
    emulator.unblock_chat(USER)
    await bot.send_message(USER, "hi again")
    emulator.my_chat_member(GROUP, USER, "administrator", "kicked", chat_type="supergroup")
    with pytest.raises(TelegramForbiddenError, match="bot was kicked from the supergroup chat"):
        await bot.send_message(GROUP, "anyone?")
    emulator.my_chat_member(-77, USER, "member", "kicked", chat_type="group")
    with pytest.raises(TelegramForbiddenError, match="bot was kicked from the group chat"):
        await bot.send_message(-77, "anyone?")


async def test_rate_limit_answers_429_with_retry_after(
    emulator: TelegramApiEmulator, bot: Bot
) -> None:
    emulator.set_rate_limit(3)
    for n in range(3):
        await bot.send_message(USER, f"msg {n}")
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(USER, "one too many")
    assert caught.value.retry_after >= 1
    assert "Too Many Requests: retry after" in caught.value.message
    assert await bot.get_me()  # not a send: never limited
    emulator.set_rate_limit(None)
    await bot.send_message(USER, "free again")


def test_rate_window_slides_and_counts_album_items() -> None:
    limiter = RateLimiter()
    limiter.configure(5)
    limiter.acquire(4, now=100.0)
    with pytest.raises(ApiError) as caught:
        limiter.acquire(2, now=100.5)
    assert caught.value.parameters == {"retry_after": 1}
    limiter.acquire(1, now=100.5)
    limiter.acquire(5, now=101.6)  # the first window has slid past
    limiter.configure(0.5)  # one send per two seconds
    limiter.acquire(1, now=0.0)
    with pytest.raises(ApiError) as caught:
        limiter.acquire(1, now=0.5)
    assert caught.value.parameters == {"retry_after": 2}


async def test_fail_next_injects_errors(emulator: TelegramApiEmulator, bot: Bot) -> None:
    emulator.fail_next("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(USER, "x")
    assert caught.value.retry_after == 7
    emulator.fail_next(
        "sendMessage",
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        migrate_to_chat_id=GROUP,
    )
    with pytest.raises(TelegramMigrateToChat) as migrated:
        await bot.send_message(USER, "x")
    assert migrated.value.migrate_to_chat_id == GROUP
    emulator.fail_next("sendVideo", 500, "Internal Server Error", count=2)
    for _ in range(2):
        with pytest.raises(Exception, match="Internal Server Error"):
            await bot.send_video(USER, "https://example.com/v.mp4")
    assert (await bot.send_message(USER, "fine")).text == "fine"


# ---------------------------------------------------------------- files


async def test_upload_records_size_and_hash_and_file_id_resends(
    emulator: TelegramApiEmulator, bot: Bot
) -> None:
    payload = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40
    sent = await bot.send_video(
        USER,
        BufferedInputFile(payload, "clip.mp4"),
        width=720,
        height=1280,
        duration=9,
        caption="clip",
    )
    (upload,) = emulator.calls[-1].files
    assert (upload.filename, upload.size, upload.sha256) == ("clip.mp4", len(payload), sha(payload))
    video = sent.video
    assert (video.width, video.height, video.duration, video.file_size) == (
        720,
        1280,
        9,
        len(payload),
    )
    stored = emulator.file(video.file_id)
    assert (stored.kind, stored.sha256) == ("video", sha(payload))

    again = await bot.send_video(USER, video.file_id)
    assert again.video.file_id == video.file_id and again.video.duration == 9
    assert emulator.calls[-1].files == []

    with pytest.raises(TelegramBadRequest, match="type of file mismatch"):
        await bot.send_photo(USER, video.file_id)
    emulator.forget_file(video.file_id)
    with pytest.raises(TelegramBadRequest, match="wrong file identifier/HTTP URL specified"):
        await bot.send_video(USER, video.file_id)
    with pytest.raises(TelegramBadRequest, match="wrong file identifier/HTTP URL specified"):
        await bot.send_document(USER, "never-issued")


async def test_url_is_recorded_not_downloaded(emulator: TelegramApiEmulator, bot: Bot) -> None:
    sent = await bot.send_audio(USER, "https://cdn.example.com/track.mp3", title="Song")
    stored = emulator.file(sent.audio.file_id)
    assert (stored.url, stored.size, sent.audio.title) == (
        "https://cdn.example.com/track.mp3",
        None,
        "Song",
    )


async def test_media_group_of_ten_photos_keeps_order(
    emulator: TelegramApiEmulator, bot: Bot
) -> None:
    pictures = [f"picture {n}".encode() * 50 for n in range(10)]
    media = [
        InputMediaPhoto(
            media=BufferedInputFile(data, f"{n}.jpg"), caption=f"#{n}" if n == 0 else None
        )
        for n, data in enumerate(pictures)
    ]
    messages = await bot.send_media_group(USER, media)
    assert len(messages) == 10 and len({m.media_group_id for m in messages}) == 1
    assert [m.message_id for m in messages] == sorted(m.message_id for m in messages)
    assert [emulator.file(m.photo[-1].file_id).sha256 for m in messages] == [
        sha(data) for data in pictures
    ]
    assert messages[0].caption == "#0" and messages[1].caption is None
    assert len(emulator.calls[-1].files) == 10


async def test_media_group_rules(emulator: TelegramApiEmulator, bot: Bot) -> None:
    photo = InputMediaPhoto(media="https://example.com/a.jpg")
    with pytest.raises(TelegramBadRequest, match="2-10 items"):
        await bot.send_media_group(USER, [photo])
    with pytest.raises(TelegramBadRequest, match="2-10 items"):
        await bot.send_media_group(USER, [photo] * 11)
    document = InputMediaDocument(media="https://example.com/a.pdf")
    with pytest.raises(TelegramBadRequest, match="document can't be mixed"):
        await bot.send_media_group(USER, [photo, document])
    assert len(await bot.send_media_group(USER, [document, document])) == 2
    emulator.set_rate_limit(5)
    await bot.send_media_group(USER, [photo] * 4)  # 4 of the 5 slots
    with pytest.raises(TelegramRetryAfter):
        await bot.send_media_group(USER, [photo] * 2)


# ---------------------------------------------------------------- queries


async def test_answer_callback_query(emulator: TelegramApiEmulator, bot: Bot) -> None:
    sent = await bot.send_message(USER, "pick", reply_markup=KEYBOARD)
    query = emulator.callback(USER, sent.message_id, "again")["callback_query"]
    assert await bot.answer_callback_query(query["id"], text="On it") is True
    assert emulator.callback_answer(query["id"])["text"] == "On it"
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query["id"])
    with pytest.raises(TelegramBadRequest, match="query ID is invalid"):
        await bot.answer_callback_query("123456")
    raw = {
        "id": "raw-1",
        "from": {"id": USER, "is_bot": False, "first_name": "A"},
        "chat_instance": "1",
        "data": "x",
    }
    emulator.push_update({"callback_query": raw})
    assert await bot.answer_callback_query("raw-1", show_alert=True)
    assert emulator.callback_answer("raw-1") == {"show_alert": True}


async def test_inline_message_edits(emulator: TelegramApiEmulator, bot: Bot) -> None:
    emulator.callback(data="x", inline_message_id="AAE-inline", user_id=USER)
    assert await bot.edit_message_text(text="new", inline_message_id="AAE-inline") is True
    with pytest.raises(TelegramBadRequest, match="MESSAGE_ID_INVALID"):
        await bot.edit_message_text(text="new", inline_message_id="unknown")


async def test_answer_inline_query(emulator: TelegramApiEmulator, bot: Bot) -> None:
    def article(n: int | str) -> InlineQueryResultArticle:
        return InlineQueryResultArticle(
            id=str(n),
            title=f"r{n}",
            input_message_content=InputTextMessageContent(message_text="t"),
        )

    query_id = emulator.inline_query(USER, "cats")["inline_query"]["id"]
    assert await bot.answer_inline_query(query_id, [article(1), article(2)], cache_time=5)
    answer = emulator.inline_answer(query_id)
    assert [r["id"] for r in answer["results"]] == ["1", "2"] and answer["cache_time"] == 5
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_inline_query(query_id, [])

    cases = {
        "RESULTS_TOO_MUCH": [article(n) for n in range(51)],
        "RESULT_ID_DUPLICATE": [article(1), article(1)],
        "wrong file identifier": [
            InlineQueryResultCachedVideo(id="v", video_file_id="stale", title="v")
        ],
    }
    for error, results in cases.items():
        fresh = emulator.inline_query(USER, "dogs")["inline_query"]["id"]
        with pytest.raises(TelegramBadRequest, match=error):
            await bot.answer_inline_query(fresh, results)
    with pytest.raises(TelegramBadRequest, match="query ID is invalid"):
        await bot.answer_inline_query("404", [article(1)])


# ---------------------------------------------------------------- members and commands


async def test_get_chat_member_statuses(emulator: TelegramApiEmulator, bot: Bot) -> None:
    emulator.add_chat(GROUP)
    assert isinstance(await bot.get_chat_member(GROUP, USER), ChatMemberMember)
    assert isinstance(await bot.get_chat_member(GROUP, 4242), ChatMemberAdministrator)
    assert isinstance(await bot.get_chat_member(USER, USER), ChatMemberMember)
    expected = {
        "creator": ChatMemberOwner,
        "restricted": ChatMemberRestricted,
        "left": ChatMemberLeft,
        "kicked": ChatMemberBanned,
    }
    for user_id, (status, kind) in enumerate(expected.items(), start=1):
        emulator.set_chat_member(GROUP, user_id, status)
        member = await bot.get_chat_member(GROUP, user_id)
        assert isinstance(member, kind) and member.status == status


async def test_commands_are_stored_per_scope_and_language(
    emulator: TelegramApiEmulator, bot: Bot
) -> None:
    english = [BotCommand(command="start", description="Start")]
    russian = [BotCommand(command="start", description="Начать")]
    in_chat = [BotCommand(command="stats", description="Stats")]
    assert await bot.set_my_commands(english)
    assert await bot.set_my_commands(russian, language_code="ru")
    assert await bot.set_my_commands(in_chat, scope=BotCommandScopeChat(chat_id=USER))
    assert [c.description for c in await bot.get_my_commands(language_code="ru")] == ["Начать"]
    assert [c.description for c in await bot.get_my_commands()] == ["Start"]
    assert await bot.get_my_commands(language_code="de") == []
    assert [
        c.command for c in await bot.get_my_commands(scope=BotCommandScopeChat(chat_id=USER))
    ] == ["stats"]
    assert emulator.commands(language_code="ru") == [{"command": "start", "description": "Начать"}]
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Bad-Name", description="x")])


# ---------------------------------------------------------------- waiting and a real bot loop


async def test_wait_for_call_timeout_lists_recent_calls(
    emulator: TelegramApiEmulator, bot: Bot
) -> None:
    await bot.send_message(USER, "only this")
    with pytest.raises(TimeoutError, match=r"(?s)no deleteMessage call.*sendMessage\("):
        await emulator.wait_for_call("deleteMessage", timeout=0.05)


async def test_dispatcher_polling_answers_start(emulator: TelegramApiEmulator, bot: Bot) -> None:
    router = Router()

    @router.message(CommandStart())
    async def start(message: Message) -> None:
        await message.answer(
            f"Hi, {message.from_user.first_name}! Send me a TikTok link.", reply_markup=KEYBOARD
        )

    @router.callback_query()
    async def again(query: CallbackQuery) -> None:
        await query.answer("Again!")

    dp = Dispatcher()
    dp.include_router(router)
    polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False))
    try:
        emulator.send_message(USER, "/start")
        reply = await emulator.wait_for_call("sendMessage", lambda c: c.params["chat_id"] == USER)
        assert reply.result["text"] == "Hi, Alice! Send me a TikTok link."
        emulator.callback(USER, reply.result["message_id"], "again")
        answered = await emulator.wait_for_call("answerCallbackQuery")
        assert answered.ok and answered.params["text"] == "Again!"
        polls = emulator.calls_to("getUpdates")
        assert set(polls[-1].params["allowed_updates"]) == {"message", "callback_query"}
    finally:
        await dp.stop_polling()
        await asyncio.wait_for(polling, 5)
