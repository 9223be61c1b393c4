"""1,000 random, odd but well-formed updates of every kind; afterwards the bot still answers
/start."""

import logging

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

CHATS = [11, 12, 13, -20, -21, -1001234567890]
STATUSES = ["member", "administrator", "left", "kicked", "restricted", "creator"]
ANCHOR = 10  # a private chat with a /lang keyboard, so callbacks have a message to press on

weird_text = st.one_of(
    st.text(min_size=1, max_size=300),
    st.sampled_from(["/start", "/lang", "/mode", "/stats", "/help", "/start@tokdrop_bot", "/nope"]),
    st.builds(lambda p: f"/start {p}", st.text(max_size=80)),
    st.builds(
        lambda c: f"/{c}",
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz_@0123456789", min_size=1, max_size=40),
    ),
    st.builds(lambda t: f"@tokdrop_bot {t}", st.text(max_size=50)),
    st.just("x" * 4096),
).filter(lambda t: t.strip())
language = st.one_of(
    st.none(), st.sampled_from(["en", "ru", "uk", "es", "pt-br", "zz", "EN", "ru-RU"])
)
user = st.integers(1, 50)

action = st.one_of(
    st.tuples(st.just("message"), st.sampled_from(CHATS), weird_text, user, language),
    st.tuples(
        st.just("callback"),
        st.one_of(
            st.text(max_size=64),
            st.builds(lambda c: f"lang:{c}", st.text(max_size=10)),
            st.sampled_from(["lang:ru", "lang:en", "lang:", "lang:ru:extra", ":"]),
        ),
        user,
    ),
    st.tuples(st.just("inline"), st.text(max_size=256), user),
    st.tuples(
        st.just("member"),
        st.sampled_from(CHATS),
        user,
        st.sampled_from(STATUSES),
        st.sampled_from(STATUSES),
    ),
    st.tuples(st.just("sticker"), st.sampled_from(CHATS), user),
    st.tuples(
        st.just("photo"), st.sampled_from(CHATS), st.one_of(st.none(), st.text(max_size=200)), user
    ),
    st.tuples(st.just("channel"), st.text(min_size=1, max_size=100).filter(str.strip)),
    st.tuples(st.just("edited"), st.text(min_size=1, max_size=100).filter(str.strip)),
)


def _chat_args(chat_id: int, user_id: int) -> dict:
    return {"user_id": user_id if chat_id < 0 else chat_id}


def _push(emu, step, keyboard_message_id: int, own_message_id: int) -> None:
    kind = step[0]
    if kind == "message":
        _, chat, text, uid, lang = step
        emu.send_message(chat, text, language_code=lang, **_chat_args(chat, uid))
    elif kind == "callback":
        emu.callback(ANCHOR, keyboard_message_id, step[1], user_id=ANCHOR)
    elif kind == "inline":
        emu.inline_query(step[2], step[1])
    elif kind == "member":
        _, chat, uid, old, new = step
        emu.my_chat_member(chat, chat if chat > 0 else uid, old, new)
    elif kind == "sticker":
        emu.send_sticker(step[1], **_chat_args(step[1], step[2]))
    elif kind == "photo":
        emu.send_photo(step[1], caption=step[2], **_chat_args(step[1], step[3]))
    elif kind == "channel":
        emu.channel_post(-1009999, step[1])
    elif kind == "edited":
        emu.edited_message(ANCHOR, own_message_id, step[1])


@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    phases=[Phase.generate],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
@given(steps=st.lists(action, min_size=250, max_size=250))
async def test_random_updates_never_break_the_bot(running_bot, caplog, steps):
    emu = running_bot.emulator
    caplog.set_level(logging.ERROR)
    for chat in CHATS + [ANCHOR]:
        emu.unblock_chat(chat)
    own = emu.send_message(ANCHOR, "/lang")["message"]["message_id"]
    menu = await emu.wait_for_call(
        "sendMessage", lambda c: c.chat_id == ANCHOR and "reply_markup" in c.params
    )
    for step in steps:
        _push(emu, step, menu.result["message_id"], own)
    await running_bot.settle(timeout=60)
    failures = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert failures == []
    reply = await running_bot.say(ANCHOR, "/start", language_code="en")
    assert reply.ok
