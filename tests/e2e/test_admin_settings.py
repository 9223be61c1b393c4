"""Operators: runtime settings, direct messages, maintenance mode; everyone else is refused."""

from data import db_service as db
from data.runtime_settings import Setting

ADMIN, USER = 9001, 9002
UNKNOWN = "I don't know that command. Send /help to see what I can do."


async def _setting(key: Setting) -> object:
    return (await db.get_settings([key]))[key]


async def test_non_admins_get_the_unknown_command_answer_and_nothing_changes(start_bot):
    app = await start_bot(ADMIN_IDS=str(ADMIN))
    for command in ("/config", "/set maintenance on", f"/msg {ADMIN} hi"):
        reply = await app.say(USER, command)
        assert reply.params["text"] == UNKNOWN
    assert await _setting(Setting.MAINTENANCE) is False
    assert app.sent_to(ADMIN) == []


async def test_forwarded_or_via_bot_commands_do_not_run_even_from_the_admin(start_bot):
    app = await start_bot(ADMIN_IDS=str(ADMIN))
    forwards = [{"forwarded_from": USER}, {"forwarded_from": ADMIN}, {"via_bot": "some_bot"}]
    for how in forwards:
        reply = await app.say(ADMIN, "/set maintenance on", **how)
        assert reply.params["text"] == UNKNOWN, how
        await app.settle()
        assert await _setting(Setting.MAINTENANCE) is False, how
    typed = await app.say(ADMIN, "/set maintenance on")  # typed by the admin: it runs
    assert typed.params["text"] != UNKNOWN
    assert await _setting(Setting.MAINTENANCE) is True


async def test_admin_in_a_group_is_not_served_admin_commands(start_bot):
    app = await start_bot(ADMIN_IDS=str(ADMIN))
    app.emulator.send_message(-500, "/config", user_id=ADMIN)
    await app.settle()
    assert app.sent_to(-500) == []


async def test_settings_show_change_validate_and_persist(start_bot):
    app = await start_bot(ADMIN_IDS=str(ADMIN))
    shown = await app.say(ADMIN, "/config")
    assert "<code>ad_threshold</code> = 10" in shown.params["text"]
    # /settings is the chat's preferences menu, for operators too.
    menu = await app.say(ADMIN, "/settings")
    assert "Preferences for this chat" in menu.params["text"]
    assert "ad_threshold" not in menu.params["text"]
    changed = await app.say(ADMIN, "/set ad_threshold 3")
    assert changed.params["text"] == "✅ ad_threshold is now: 3"
    assert await _setting(Setting.AD_THRESHOLD) == 3
    for command, expected in [
        ("/set ad_threshold many", "❌ ad_threshold needs a whole number."),
        ("/set ad_threshold 0", "❌ ad_threshold must be at least 1."),
        ("/set maintenance perhaps", "❌ maintenance takes on or off."),
        ("/set colour blue", "❌ There is no setting “colour”."),
        ("/set", "Usage: /set &lt;key&gt; &lt;value&gt;. Send /config to see the keys."),
    ]:
        reply = await app.say(ADMIN, command)
        assert reply.params["text"].startswith(expected), reply.params["text"]
    assert await _setting(Setting.AD_THRESHOLD) == 3
    await app.say(ADMIN, "/set ad_text Visit <b>us</b>")
    await app.say(ADMIN, "/set ad_button_url https://example.org")
    values = await db.get_settings()
    assert (
        values[Setting.AD_TEXT] == "Visit <b>us</b>"
        and values[Setting.AD_BUTTON_URL] == "https://example.org"
    )


async def test_settings_survive_a_restart(start_bot):
    first = await start_bot(ADMIN_IDS=str(ADMIN))
    await first.say(ADMIN, "/set links_per_minute 7")
    await first.stop()
    second = await start_bot(ADMIN_IDS=str(ADMIN))
    shown = await second.say(ADMIN, "/config")
    assert "<code>links_per_minute</code> = 7" in shown.params["text"]


async def test_direct_message_reports_delivered_blocked_and_errors(start_bot):
    app = await start_bot(ADMIN_IDS=str(ADMIN))
    await app.say(USER, "/start")
    reply = await app.say(ADMIN, f"/msg {USER} Hello from the team")
    assert reply.params["text"] == f"✅ Delivered to {USER}."
    assert [c.params["text"] for c in app.sent_to(USER)][-1] == "Hello from the team"
    app.emulator.block_chat(USER)
    reply = await app.say(ADMIN, f"/msg {USER} again")
    assert "has blocked the bot" in reply.params["text"]
    assert (await db.get_chat(USER)).blocked_at is not None
    app.emulator.fail_next("sendMessage", 400, "Bad Request: chat not found")
    reply = await app.say(ADMIN, "/msg -1 hi")
    assert reply.params["text"] == "❌ Not delivered to -1: Bad Request: chat not found"
    reply = await app.say(ADMIN, "/msg nobody hi")
    assert reply.params["text"] == "Usage: /msg &lt;chat id&gt; &lt;text&gt;"


async def test_maintenance_mode_serves_admins_only(start_bot):
    app = await start_bot(ADMIN_IDS=str(ADMIN))
    await app.say(ADMIN, "/set maintenance on")
    reply = await app.say(USER, "/help", language_code="ru")
    assert reply.params["text"] == "🛠 Бот на техническом обслуживании. Попробуйте чуть позже."
    assert (await app.say(ADMIN, "/help")).params["text"].startswith("<b>What I do</b>")
    await app.say(ADMIN, "/set maintenance off")
    assert (await app.say(USER, "/help")).params["text"].startswith("<b>Что я умею</b>")
