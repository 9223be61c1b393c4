"""Chat preferences on both databases: defaults, validation, persistence, file mode through the
same interface, stale values, cascade, and the per-update load in the same query."""

from contextlib import contextmanager

import pytest
from sqlalchemy import event, text

from data import database
from data import db_service as db
from data.clock import unix_now
from data.db_service import ChatVisit, ChatVisits
from data.errors import InvalidPreference, InvalidSetting, UnknownChat
from data.preferences import (
    DEFAULT_PREFERENCES,
    SPECS,
    Captions,
    Preference,
    Preferences,
    Quality,
    Slideshow,
    default_of,
    parse_preference,
)

NOW = 1_750_000_000


@contextmanager
def counted_statements():
    """The SQL statements the engine runs inside the block."""
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    engine = database.get_engine().sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_defaults_and_choices():
    assert DEFAULT_PREFERENCES == Preferences(
        quality=Quality.BEST,
        slideshow=Slideshow.PHOTOS,
        captions=Captions.FULL,
        music_button=True,
        file_mode=False,
    )
    assert set(SPECS) == set(Preference)
    assert SPECS[Preference.QUALITY].choices == ("best", "standard", "saver")
    assert SPECS[Preference.SLIDESHOW].choices == ("photos", "video", "both")
    assert SPECS[Preference.CAPTIONS].choices == ("full", "short", "off")
    assert SPECS[Preference.MUSIC_BUTTON].choices == ("on", "off")
    assert SPECS[Preference.FILE_MODE].choices == ("on", "off")
    for key in Preference:
        assert DEFAULT_PREFERENCES.get(key) == default_of(key)


def test_parse_preference_accepts_valid_text():
    assert parse_preference(" Quality ", "SAVER") == (Preference.QUALITY, Quality.SAVER)
    assert parse_preference("slideshow", "both") == (Preference.SLIDESHOW, Slideshow.BOTH)
    assert parse_preference("music_button", "off") == (Preference.MUSIC_BUTTON, False)
    assert parse_preference("file_mode", "on") == (Preference.FILE_MODE, True)


def test_parse_preference_errors_list_the_valid_keys_and_values():
    with pytest.raises(InvalidPreference) as unknown:
        parse_preference("colour", "red")
    assert unknown.value.code == "unknown"
    assert unknown.value.choices == (
        "quality",
        "slideshow",
        "captions",
        "music_button",
        "file_mode",
    )
    assert unknown.value.params["known"] == "quality, slideshow, captions, music_button, file_mode"
    assert isinstance(unknown.value, InvalidSetting)  # localized like a runtime setting's error

    with pytest.raises(InvalidPreference) as wrong:
        parse_preference("quality", "ultra")
    assert wrong.value.code == "choice"
    assert wrong.value.choices == ("best", "standard", "saver")
    valid = "best, standard, saver"
    assert wrong.value.params == {"key": "quality", "value": "ultra", "valid": valid}
    assert "best, standard, saver" in str(wrong.value)

    with pytest.raises(InvalidPreference) as switch:
        parse_preference("music_button", "maybe")
    assert switch.value.choices == ("on", "off")


async def test_a_new_chat_has_the_defaults_and_an_unknown_chat_is_refused(store):
    await db.create_chat(1, now=NOW)
    assert await db.get_preferences(1) == DEFAULT_PREFERENCES
    assert (await db.get_chat(1)).preferences == DEFAULT_PREFERENCES
    with pytest.raises(UnknownChat):
        await db.get_preferences(2)
    with pytest.raises(UnknownChat):
        await db.set_preference(2, Preference.QUALITY, Quality.SAVER)
    with pytest.raises(UnknownChat):
        await db.set_preference(2, Preference.FILE_MODE, True)
    async with database.session_scope() as s:
        rows = await s.execute(text("SELECT count(*) FROM chat_preferences"))
        assert rows.scalar_one() == 0


async def test_set_persists_upserts_and_leaves_other_chats_alone(store):
    await db.create_chat(1, now=NOW)
    await db.create_chat(-2, now=NOW)
    got = await db.set_preference(1, *parse_preference("quality", "standard"), now=NOW)
    assert got == Preferences(quality=Quality.STANDARD)
    got = await db.set_preference(1, Preference.CAPTIONS, Captions.OFF, now=NOW)
    assert got == Preferences(quality=Quality.STANDARD, captions=Captions.OFF)
    got = await db.set_preference(1, Preference.QUALITY, Quality.SAVER, now=NOW + 5)
    assert got.quality is Quality.SAVER and got.captions is Captions.OFF
    await db.set_preference(1, Preference.MUSIC_BUTTON, False)
    await db.set_preference(1, Preference.SLIDESHOW, Slideshow.VIDEO)
    expected = Preferences(Quality.SAVER, Slideshow.VIDEO, Captions.OFF, False, False)
    assert await db.get_preferences(1) == expected
    assert (await db.get_chat(1)).preferences == expected
    assert await db.get_preferences(-2) == DEFAULT_PREFERENCES
    async with database.session_scope() as s:
        rows = await s.execute(
            text("SELECT key, value, updated_at FROM chat_preferences WHERE chat_id = 1")
        )
        stored = {row.key: (row.value, row.updated_at) for row in rows}
    assert stored["quality"] == ("saver", NOW + 5)  # one row per key, rewritten in place
    assert stored["captions"] == ("off", NOW)
    assert set(stored) == {"quality", "captions", "music_button", "slideshow"}


async def test_file_mode_is_the_mode_column_read_and_written_through_preferences(store):
    await db.create_chat(1, now=NOW)
    await db.update_file_mode(1, True)  # what /mode does
    assert (await db.get_preferences(1)).file_mode is True
    got = await db.set_preference(1, Preference.FILE_MODE, False)
    assert got.file_mode is False
    chat = await db.get_chat(1)
    assert chat.file_mode is False and chat.preferences.file_mode is False
    await db.set_preference(1, *parse_preference("file_mode", "on"))
    chat = await db.get_chat(1)
    assert chat.file_mode is True and chat.preferences.file_mode is True
    assert await db.file_mode_count() == 1
    async with database.session_scope() as s:
        keys = await s.execute(text("SELECT key FROM chat_preferences"))
        assert keys.all() == []  # not duplicated into the preferences table


async def test_a_stored_value_no_longer_valid_reads_as_the_default(store, caplog):
    await db.create_chat(1, now=NOW)
    await db.set_preference(1, Preference.CAPTIONS, Captions.SHORT)
    async with database.session_scope() as s:
        await s.execute(
            text(
                "INSERT INTO chat_preferences (chat_id, key, value, updated_at) VALUES "
                "(1, 'quality', 'ultra', 0), (1, 'retired_key', 'x', 0)"
            )
        )
    with caplog.at_level("WARNING"):
        got = await db.get_preferences(1)
    assert got == Preferences(captions=Captions.SHORT)
    assert "ultra" in caplog.text
    assert (await db.load_chats([ChatVisit(1, "en")], now=NOW))[1].preferences == got
    # Setting it again repairs the row.
    assert (await db.set_preference(1, Preference.QUALITY, Quality.BEST)).quality is Quality.BEST


async def test_preferences_go_with_their_chat(store):
    await db.create_chat(1, now=NOW)
    await db.create_chat(2, now=NOW)
    await db.set_preference(1, Preference.QUALITY, Quality.SAVER)
    await db.set_preference(2, Preference.QUALITY, Quality.SAVER)
    async with database.session_scope() as s:
        await s.execute(text("DELETE FROM users WHERE user_id = 1"))
    async with database.session_scope() as s:
        rows = await s.execute(text("SELECT chat_id FROM chat_preferences"))
        assert [row.chat_id for row in rows] == [2]


async def test_the_per_update_load_brings_preferences_in_the_same_query(store):
    now = unix_now()  # ChatVisits reads the clock: seen just now, so no last-seen UPDATE
    await db.create_chat(1, now=now)
    await db.create_chat(2, now=now)
    await db.set_preference(1, Preference.SLIDESHOW, Slideshow.BOTH)
    await db.set_preference(1, Preference.FILE_MODE, True)
    visits = ChatVisits()
    with counted_statements() as statements:
        one = await visits.visit(ChatVisit(1, "en"))
    assert one.preferences == Preferences(slideshow=Slideshow.BOTH, file_mode=True)
    assert len(statements) == 1 and statements[0].lstrip().upper().startswith("SELECT")
    assert "chat_preferences" in statements[0]
    with counted_statements() as statements:
        chats = await db.load_chats([ChatVisit(1, "en"), ChatVisit(2, "en")], now=now)
    assert len(statements) == 1
    assert chats[2].preferences == DEFAULT_PREFERENCES
    assert chats[1].preferences.slideshow is Slideshow.BOTH
    new = (await db.load_chats([ChatVisit(3, "en")], now=now))[3]
    assert new.created and new.preferences == DEFAULT_PREFERENCES
