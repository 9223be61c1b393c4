"""The /settings preferences menu end to end: real Dispatcher, the emulator, real databases."""

import re

import pytest

from bot.i18n import Locales
from bot.preference_keyboard import PreferenceChoice
from data import db_service as db
from data.preferences import DEFAULT_PREFERENCES, Preference, Quality

ALICE, BORIS, GROUP = 2001, 2002, -200500
REFUSED = "Only the group's admins can change this."
# A Fluent key left in a text or a button: what a missing message or a bad reference looks like.
RAW_ID = re.compile(r"\bprefs-[a-z_-]+|\{|\}|cmd-settings")


def _buttons(call) -> list[dict]:
    """The inline buttons of a recorded call (or of a stored message, given as its params)."""
    params = call["params"] if isinstance(call, dict) else call.params
    return [b for row in params["reply_markup"]["inline_keyboard"] for b in row]


def _button(call, key: Preference) -> dict:
    """The button of ``key`` (found by its callback data, whatever the language)."""
    for button in _buttons(call):
        if PreferenceChoice.unpack(button["callback_data"]).key == key.value:
            return button
    raise AssertionError(f"no {key} button in {_buttons(call)}")


async def _press(running_bot, chat_id: int, menu, data: str, *, user_id: int):
    """Press ``data`` on ``menu`` and return the callback's answer."""
    emu = running_bot.emulator
    emu.callback(chat_id, menu.result["message_id"], data, user_id=user_id)
    return await emu.wait_for_call("answerCallbackQuery")


async def test_private_menu_opens_with_the_defaults(running_bot):
    await running_bot.say(ALICE, "/start")
    menu = await running_bot.say(ALICE, "/settings")
    text = menu.params["text"]
    assert text.startswith("<b>Preferences for this chat</b>")
    for line in (
        "• <b>Quality</b>: Best — ",
        "• <b>Slideshows</b>: Photos — ",
        "• <b>Captions</b>: Full — ",
        "• <b>Music button</b>: On — ",
        "• <b>File mode</b>: Off — ",
    ):
        assert line in text, text
    assert [b["text"] for b in _buttons(menu)] == [
        "Quality: Best",
        "Slideshows: Photos",
        "Captions: Full",
        "Music button: On",
        "File mode: Off",
    ]
    assert await db.get_preferences(ALICE) == DEFAULT_PREFERENCES


async def test_pressing_cycles_and_edits_the_menu_in_place(running_bot):
    emu = running_bot.emulator
    await running_bot.say(ALICE, "/start")
    menu = await running_bot.say(ALICE, "/settings")
    expected = ["Standard", "Data saver", "Best"]
    for shown in expected:
        data = _button(menu, Preference.QUALITY)["callback_data"]
        answer = await _press(running_bot, ALICE, menu, data, user_id=ALICE)
        assert answer.params["text"] == f"Quality: {shown}"
        assert not answer.params.get("show_alert")
        edit = await emu.wait_for_call("editMessageText", lambda c: c.chat_id == ALICE)
        assert edit.params["message_id"] == menu.result["message_id"]
        assert f"• <b>Quality</b>: {shown} — " in edit.params["text"]
        assert _button(edit, Preference.QUALITY)["text"] == f"Quality: {shown}"
        assert (await db.get_preferences(ALICE)).quality == Quality(
            {"Standard": "standard", "Data saver": "saver", "Best": "best"}[shown]
        )
        menu = edit  # the edited message carries the new keyboard
    assert running_bot.sent_to(ALICE)[-1].params["text"].startswith("<b>Preferences")
    assert len(running_bot.sent_to(ALICE)) == 2  # the welcome and the menu: nothing new sent


async def test_file_mode_button_and_mode_command_agree(running_bot):
    emu = running_bot.emulator
    await running_bot.say(ALICE, "/start")
    menu = await running_bot.say(ALICE, "/settings")
    data = _button(menu, Preference.FILE_MODE)["callback_data"]
    await _press(running_bot, ALICE, menu, data, user_id=ALICE)
    edit = await emu.wait_for_call("editMessageText", lambda c: c.chat_id == ALICE)
    assert _button(edit, Preference.FILE_MODE)["text"] == "File mode: On"
    assert (await db.get_chat(ALICE)).file_mode is True
    off = await running_bot.say(ALICE, "/mode")
    assert "<b>off</b>" in off.params["text"]
    assert (await db.get_preferences(ALICE)).file_mode is False
    await running_bot.say(ALICE, "/mode")
    reopened = await running_bot.say(ALICE, "/settings")
    assert _button(reopened, Preference.FILE_MODE)["text"] == "File mode: On"


async def test_group_admin_changes_and_member_is_refused(running_bot):
    emu = running_bot.emulator
    await running_bot.say(GROUP, "/start", user_id=BORIS)
    emu.set_chat_member(GROUP, ALICE, "member")
    emu.set_chat_member(GROUP, BORIS, "administrator")
    menu = await running_bot.say(GROUP, "/settings", user_id=ALICE)  # anyone may look
    data = _button(menu, Preference.SLIDESHOW)["callback_data"]

    refused = await _press(running_bot, GROUP, menu, data, user_id=ALICE)
    assert refused.params["text"] == REFUSED and refused.params["show_alert"] is True
    await running_bot.settle()
    assert emu.calls_to("editMessageText", chat_id=GROUP) == []
    assert await db.get_preferences(GROUP) == DEFAULT_PREFERENCES
    typed = await running_bot.say(GROUP, "/settings captions off", user_id=ALICE)
    assert typed.params["text"] == REFUSED
    assert await db.get_preferences(GROUP) == DEFAULT_PREFERENCES

    changed = await _press(running_bot, GROUP, menu, data, user_id=BORIS)
    assert changed.params["text"] == "Slideshows: Video"
    edit = await emu.wait_for_call("editMessageText", lambda c: c.chat_id == GROUP)
    assert _button(edit, Preference.SLIDESHOW)["text"] == "Slideshows: Video"
    assert (await db.get_preferences(GROUP)).slideshow == "video"
    typed = await running_bot.say(GROUP, "/settings captions off", user_id=BORIS)
    assert typed.params["text"] == "✅ Captions is now: Off"
    assert (await db.get_preferences(GROUP)).captions == "off"


async def test_settings_key_value_sets_one_directly(running_bot):
    await running_bot.say(ALICE, "/start", language_code="es")
    reply = await running_bot.say(ALICE, "/settings quality saver")
    assert reply.params["text"] == "✅ Calidad ahora es: Ahorro de datos"
    assert (await db.get_preferences(ALICE)).quality == Quality.SAVER
    reply = await running_bot.say(ALICE, "/settings Music_Button OFF")
    assert (await db.get_preferences(ALICE)).music_button is False
    menu = await running_bot.say(ALICE, "/settings")
    assert _button(menu, Preference.QUALITY)["text"] == "Calidad: Ahorro de datos"
    assert _button(menu, Preference.MUSIC_BUTTON)["text"] == "Botón de música: No"


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (
            "/settings colour blue",
            "❌ There is no preference “colour”. Valid keys: "
            "quality, slideshow, captions, music_button, file_mode",
        ),
        ("/settings quality ultra", "❌ quality takes one of: best, standard, saver"),
        ("/settings music_button maybe", "❌ music_button takes one of: on, off"),
    ],
)
async def test_wrong_key_or_value_lists_the_valid_ones(running_bot, command, expected):
    await running_bot.say(ALICE, "/start")
    reply = await running_bot.say(ALICE, command)
    assert reply.params["text"] == expected
    assert await db.get_preferences(ALICE) == DEFAULT_PREFERENCES


async def test_key_without_value_answers_the_usage(running_bot):
    await running_bot.say(ALICE, "/start")
    reply = await running_bot.say(ALICE, "/settings quality")
    text = reply.params["text"]
    assert text.startswith("Usage: /settings &lt;key&gt; &lt;value&gt;")
    assert "quality: best | standard | saver" in text
    assert "file_mode: on | off" in text
    assert await db.get_preferences(ALICE) == DEFAULT_PREFERENCES


async def test_a_stale_button_changes_nothing(running_bot):
    emu = running_bot.emulator
    await running_bot.say(ALICE, "/start")
    menu = await running_bot.say(ALICE, "/settings")
    old = _button(menu, Preference.CAPTIONS)["callback_data"]  # full -> short
    await _press(running_bot, ALICE, menu, old, user_id=ALICE)
    edit = await emu.wait_for_call("editMessageText", lambda c: c.chat_id == ALICE)
    await _press(
        running_bot, ALICE, menu, _button(edit, Preference.CAPTIONS)["callback_data"], user_id=ALICE
    )  # short -> off
    await emu.wait_for_call("editMessageText", lambda c: c.chat_id == ALICE)
    assert (await db.get_preferences(ALICE)).captions == "off"

    stale = await _press(running_bot, ALICE, menu, old, user_id=ALICE)  # the first keyboard
    assert stale.params["text"].startswith("This menu was out of date")
    assert not stale.params.get("show_alert")
    await running_bot.settle()
    assert (await db.get_preferences(ALICE)).captions == "off"  # not back to "short"
    shown = emu.message(ALICE, menu.result["message_id"])  # as the chat sees it now
    assert _button({"params": shown}, Preference.CAPTIONS)["text"] == "Captions: Off"


@pytest.mark.parametrize(
    "data",
    [
        PreferenceChoice(key="colour", current="red", value="blue").pack(),
        PreferenceChoice(key="quality", current="best", value="ultra").pack(),
        PreferenceChoice(key="quality", current="huge", value="saver").pack(),
    ],
)
async def test_a_malformed_button_gets_an_alert_and_changes_nothing(running_bot, data):
    await running_bot.say(ALICE, "/start")
    menu = await running_bot.say(ALICE, "/settings")
    answer = await _press(running_bot, ALICE, menu, data, user_id=ALICE)
    assert answer.params["text"] == "This button no longer works. Send /settings for a new menu."
    assert answer.params["show_alert"] is True
    await running_bot.settle()
    assert running_bot.emulator.calls_to("editMessageText", chat_id=ALICE) == []
    assert await db.get_preferences(ALICE) == DEFAULT_PREFERENCES


@pytest.mark.parametrize("lang", Locales().languages)
async def test_every_locale_renders_the_menu_completely(running_bot, lang):
    emu = running_bot.emulator
    english = Locales().translator("en")
    await running_bot.say(ALICE, "/start", language_code=lang)
    menu = await running_bot.say(ALICE, "/settings", language_code=lang)
    texts = [menu.params["text"]] + [b["text"] for b in _buttons(menu)]
    data = _button(menu, Preference.QUALITY)["callback_data"]
    answer = await _press(running_bot, ALICE, menu, data, user_id=ALICE)
    edit = await emu.wait_for_call("editMessageText", lambda c: c.chat_id == ALICE)
    texts += [answer.params["text"], edit.params["text"]] + [b["text"] for b in _buttons(edit)]
    usage = await running_bot.say(ALICE, "/settings quality", language_code=lang)
    texts.append(usage.params["text"])
    for text in texts:
        assert not RAW_ID.search(text), (lang, text)
    assert len(_buttons(menu)) == len(Preference)
    lines = [line for line in menu.params["text"].splitlines() if line.startswith("• ")]
    assert len(lines) == len(Preference)
    if lang != "en":  # translated, not the English fallback
        assert english("prefs-title") not in menu.params["text"]
        assert english("prefs-quality-about") not in menu.params["text"]
