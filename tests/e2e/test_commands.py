"""User commands end to end: real Dispatcher, real HTTP to the emulator, real databases."""

import re

from bot.i18n import LOCALE_DIR
from data import db_service as db

ALICE, BORIS, GROUP = 1001, 1002, -100500


def _language_names() -> set[str]:
    """The ``language-name`` of every catalog in locale/, read straight from the files."""
    pattern = re.compile(r"^language-name = (.+)$", re.MULTILINE)
    return {
        pattern.search(path.read_text(encoding="utf-8")).group(1).strip()
        for path in LOCALE_DIR.glob("*.ftl")
    }


async def test_start_registers_and_welcomes_in_the_users_language(running_bot):
    reply = await running_bot.say(ALICE, "/start", language_code="ru", first_name="Алиса")
    assert "Привет, Алиса" in reply.params["text"]
    assert "@tokdrop_bot" in reply.params["text"]
    user = await db.get_chat(ALICE)
    assert user.lang == "ru" and user.referral is None and not user.is_group

    reply = await running_bot.say(BORIS, "/start", language_code="pt-BR", first_name="Bo")
    assert reply.params["text"].startswith("Hi, Bo!")
    assert (await db.get_chat(BORIS)).lang == "en"


async def test_referral_is_stored_on_first_registration_only(running_bot):
    await running_bot.say(ALICE, "/start promo_2024-x")
    assert (await db.get_chat(ALICE)).referral == "promo_2024-x"
    await running_bot.say(ALICE, "/start other")
    assert (await db.get_chat(ALICE)).referral == "promo_2024-x"
    await running_bot.say(BORIS, "/start bad!payload")
    await running_bot.say(BORIS + 1, "/start " + "x" * 65)
    assert (await db.get_chat(BORIS)).referral is None
    assert (await db.get_chat(BORIS + 1)).referral is None
    assert [r.referral for r in await db.referral_stats()] == ["promo_2024-x"]


async def test_group_start_registers_the_group(running_bot):
    reply = await running_bot.say(GROUP, "/start", user_id=ALICE, language_code="es")
    assert reply.params["text"].startswith("¡Hola a todos!")
    group = await db.get_chat(GROUP)
    assert group.is_group and group.lang == "es"


async def test_lang_keyboard_changes_language_and_answers_in_it(running_bot):
    emu = running_bot.emulator
    await running_bot.say(ALICE, "/start", language_code="en")
    menu = await running_bot.say(ALICE, "/lang")
    buttons = [b for row in menu.params["reply_markup"]["inline_keyboard"] for b in row]
    names = {b["text"].lstrip("✓ ") for b in buttons}
    assert len(buttons) == len(names) == len(_language_names())
    assert names == _language_names()
    assert {"English", "Español", "Русский", "Українська", "العربية"} <= names
    uk = next(b for b in buttons if b["text"] == "Українська")
    emu.callback(ALICE, menu.result["message_id"], uk["callback_data"], user_id=ALICE)
    edit = await emu.wait_for_call("editMessageText", lambda c: c.chat_id == ALICE)
    assert edit.params["text"] == "Мову змінено: Українська."
    assert (await db.get_chat(ALICE)).lang == "uk"
    reply = await running_bot.say(ALICE, "/help")
    assert "Що я вмію" in reply.params["text"]


async def test_only_group_admins_change_group_settings(running_bot):
    emu = running_bot.emulator
    await running_bot.say(GROUP, "/start", user_id=ALICE)
    emu.set_chat_member(GROUP, ALICE, "member")
    emu.set_chat_member(GROUP, BORIS, "administrator")
    refused = await running_bot.say(GROUP, "/lang", user_id=ALICE)
    assert refused.params["text"] == "Only the group's admins can change this."
    refused = await running_bot.say(GROUP, "/mode", user_id=ALICE)
    assert refused.params["text"] == "Only the group's admins can change this."
    assert (await db.get_chat(GROUP)).file_mode is False

    menu = await running_bot.say(GROUP, "/lang", user_id=BORIS)
    ru = next(
        b
        for row in menu.params["reply_markup"]["inline_keyboard"]
        for b in row
        if b["text"] == "Русский"
    )
    emu.callback(GROUP, menu.result["message_id"], ru["callback_data"], user_id=ALICE)
    answer = await emu.wait_for_call("answerCallbackQuery")
    assert answer.params.get("show_alert") is True
    assert (await db.get_chat(GROUP)).lang == "en"
    emu.callback(GROUP, menu.result["message_id"], ru["callback_data"], user_id=BORIS)
    await emu.wait_for_call("editMessageText", lambda c: c.chat_id == GROUP)
    assert (await db.get_chat(GROUP)).lang == "ru"
    toggled = await running_bot.say(GROUP, "/mode", user_id=BORIS)
    assert "включён" in toggled.params["text"]


async def test_mode_toggles_and_persists(running_bot):
    await running_bot.say(ALICE, "/start")
    on = await running_bot.say(ALICE, "/mode")
    assert "<b>on</b>" in on.params["text"] and (await db.get_chat(ALICE)).file_mode is True
    off = await running_bot.say(ALICE, "/mode")
    assert "<b>off</b>" in off.params["text"] and (await db.get_chat(ALICE)).file_mode is False


async def test_stats_shows_the_users_own_numbers(running_bot):
    await running_bot.say(ALICE, "/start", language_code="es")
    for i in range(3):
        await db.add_download(ALICE, "https://t", str(i))
    await db.add_download(ALICE, "https://t", "s", is_slideshow=True)
    await db.add_music(ALICE, "1")
    await db.add_download(BORIS, "https://t", "x") if await db.get_chat(BORIS) else None
    reply = await running_bot.say(ALICE, "/stats")
    text = reply.params["text"]
    assert "Vídeos: 3" in text and "Carruseles: 1" in text and "Sonidos: 1" in text


async def test_hints_in_private_and_silence_in_groups(running_bot):
    hint = await running_bot.say(ALICE, "hello there")
    assert "TikTok" in hint.params["text"]
    unknown = await running_bot.say(ALICE, "/frobnicate")
    assert unknown.params["text"].startswith("I don't know that command")

    running_bot.emulator.send_message(GROUP, "just chatting", user_id=ALICE)
    running_bot.emulator.send_message(GROUP, "/frobnicate", user_id=ALICE)
    await running_bot.settle()
    assert running_bot.sent_to(GROUP) == []

    addressed = await running_bot.say(GROUP, "hey @tokdrop_bot what can you do?", user_id=ALICE)
    assert "TikTok" in addressed.params["text"]
    addressed = await running_bot.say(GROUP, "/frobnicate@tokdrop_bot", user_id=ALICE)
    assert addressed.params["text"].startswith("I don't know that command")


async def test_blocked_and_unblocked(running_bot):
    emu = running_bot.emulator
    await running_bot.say(ALICE, "/start")
    emu.my_chat_member(ALICE, ALICE, "member", "kicked")
    await running_bot.settle()
    assert (await db.get_chat(ALICE)).blocked_at is not None
    assert await db.count_audience() == 0
    emu.my_chat_member(ALICE, ALICE, "kicked", "member")
    await running_bot.settle()
    assert (await db.get_chat(ALICE)).blocked_at is None

    emu.my_chat_member(GROUP, ALICE, "left", "member")
    await running_bot.settle()
    assert (await db.get_chat(GROUP)).blocked_at is None
    emu.my_chat_member(GROUP, ALICE, "member", "left")
    await running_bot.settle()
    assert (await db.get_chat(GROUP)).blocked_at is not None


async def test_other_update_kinds_are_ignored_without_errors(running_bot, caplog):
    emu = running_bot.emulator
    sent = await running_bot.say(ALICE, "/start")
    emu.edited_message(ALICE, sent.result["message_id"] - 1, "/start edited")
    emu.channel_post(-1001234, "a channel post")
    emu.send_sticker(ALICE)
    emu.send_photo(GROUP, caption="holiday", user_id=ALICE)
    emu.inline_query(ALICE, "anything")
    await running_bot.settle()
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    assert len(running_bot.sent_to(ALICE)) == 2  # the welcome, and the hint for the sticker
    assert running_bot.sent_to(GROUP) == []
    assert (await db.get_chat(-1001234)) is None


async def test_command_menu_is_published_per_language(running_bot):
    emu = running_bot.emulator
    # The default menu, then one per locale file.
    published = 1 + len(_language_names())
    await emu.wait_until(lambda: len(emu.calls_to("setMyCommands")) == published)
    assert [c["command"] for c in emu.commands()] == [
        "start",
        "help",
        "lang",
        "mode",
        "settings",
        "stats",
        "subscribe",
        "unsubscribe",
        "subscriptions",
    ]
    assert emu.commands(language_code="ru")[2]["description"] == "Сменить язык"
    assert emu.commands(language_code="es")[0]["description"] == "Iniciar el bot"
    assert emu.commands(language_code="ar")[2]["description"] == "تغيير اللغة"


async def test_database_outage_is_logged_and_users_still_get_answers(running_bot, caplog):
    from data import database

    await running_bot.say(ALICE, "/start", language_code="ru")
    await database.dispose_database()  # the database goes away under the running bot
    reply = await running_bot.say(BORIS, "/help", language_code="es")
    assert reply.params["text"].startswith("<b>Qué hago</b>")
    assert any("could not load chat 1002" in r.getMessage() for r in caplog.records)
