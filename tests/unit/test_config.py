"""Tests for data/config.py: sources, precedence, validation and secret handling."""

from __future__ import annotations

import configparser
import dataclasses
import os
from pathlib import Path

import pytest

from data.config import (
    KEYS,
    ConfigError,
    DatabaseUrl,
    Secret,
    Settings,
    describe_settings,
    load_settings,
)

EXAMPLE_INI = Path(__file__).resolve().parents[2] / "config.ini.example"
TOKEN_SECRET = "SecretPartOfTheToken_0123456789-xyz"
TOKEN = f"123456789:{TOKEN_SECRET}"
OTHER_TOKEN = "987654321:" + "B" * 35
DB_PASSWORD = "hunter2-Pa55"
PG_URL = f"postgresql://tok:{DB_PASSWORD}@db.example:5432/tokdrop"


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """Run in an empty directory, without tokdrop variables in os.environ."""
    monkeypatch.chdir(tmp_path)
    for name in ["TOKDROP_CONFIG", *(spec.env for spec in KEYS)]:
        monkeypatch.delenv(name, raising=False)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def load(environ=None, **kwargs) -> Settings:
    return load_settings({} if environ is None else environ, **kwargs)


def error_for(environ=None, **kwargs) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load(environ, **kwargs)
    message = str(info.value)
    assert "\n" not in message
    return info.value


# --- defaults and sources ---------------------------------------------------------------


def test_defaults_without_any_file():
    settings = load()
    assert settings.bot_token == Secret("")
    assert not settings.bot_token
    assert settings.db_url.value == "sqlite:///var/tokdrop.sqlite3"
    assert settings.db_url.family == "sqlite"
    assert settings.admin_ids == frozenset()
    assert settings.log_level == "INFO"
    assert settings.tg_server == "https://api.telegram.org"


def test_every_key_has_a_settings_field():
    assert [spec.field for spec in KEYS] == [f.name for f in dataclasses.fields(Settings)]
    assert len({spec.env for spec in KEYS}) == len(KEYS)
    assert len({(spec.section, spec.option) for spec in KEYS}) == len(KEYS)


def test_defaults_are_valid_values():
    for spec in KEYS:
        spec.parse(spec.default)


def test_settings_is_frozen():
    settings = load()
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.log_level = "DEBUG"


def test_ini_only(tmp_path):
    ini = write(
        tmp_path / "custom.ini",
        f"[bot]\ntoken = {TOKEN}\nadmin_ids = 1, 2\ntg_server = http://localhost:8081/\n"
        f"[database]\nurl = {PG_URL}\n[logging]\nlevel = debug\n",
    )
    settings = load(ini_path=ini)
    assert settings.bot_token.get() == TOKEN
    assert settings.admin_ids == {1, 2}
    assert settings.tg_server == "http://localhost:8081"
    assert settings.db_url.get() == PG_URL
    assert settings.db_url.family == "postgresql"
    assert settings.log_level == "DEBUG"


def test_default_ini_and_dotenv_in_cwd_are_used(tmp_path):
    write(tmp_path / "config.ini", "[logging]\nlevel = ERROR\n")
    write(tmp_path / ".env", "ADMIN_IDS=5\n")
    settings = load()
    assert settings.log_level == "ERROR"
    assert settings.admin_ids == {5}


def test_tokdrop_config_env_names_the_ini(tmp_path):
    ini = write(tmp_path / "elsewhere.ini", "[logging]\nlevel = WARNING\n")
    write(tmp_path / "config.ini", "[logging]\nlevel = ERROR\n")
    assert load({"TOKDROP_CONFIG": str(ini)}).log_level == "WARNING"


def test_ini_path_argument_beats_tokdrop_config(tmp_path):
    ini = write(tmp_path / "arg.ini", "[logging]\nlevel = CRITICAL\n")
    settings = load({"TOKDROP_CONFIG": str(tmp_path / "missing.ini")}, ini_path=ini)
    assert settings.log_level == "CRITICAL"


def test_dotenv_overrides_ini(tmp_path):
    ini = write(tmp_path / "c.ini", "[logging]\nlevel = ERROR\n[bot]\nadmin_ids = 1\n")
    dotenv = write(tmp_path / "x.env", "LOG_LEVEL=warning\n")
    settings = load(ini_path=ini, dotenv_path=dotenv)
    assert settings.log_level == "WARNING"
    assert settings.admin_ids == {1}


def test_env_overrides_dotenv(tmp_path):
    ini = write(tmp_path / "c.ini", f"[bot]\ntoken = {OTHER_TOKEN}\n")
    dotenv = write(tmp_path / "x.env", f'LOG_LEVEL=ERROR\nBOT_TOKEN="{TOKEN}"\n')
    settings = load({"LOG_LEVEL": "debug"}, ini_path=ini, dotenv_path=dotenv)
    assert settings.log_level == "DEBUG"
    assert settings.bot_token.get() == TOKEN


def test_empty_env_value_overrides_lower_layers(tmp_path):
    dotenv = write(tmp_path / "x.env", "ADMIN_IDS=1,2\n")
    assert load({"ADMIN_IDS": ""}, dotenv_path=dotenv).admin_ids == frozenset()


def test_dotenv_is_not_loaded_into_os_environ(tmp_path):
    dotenv = write(tmp_path / "x.env", "LOG_LEVEL=ERROR\n")
    load_settings(None, dotenv_path=dotenv)
    assert "LOG_LEVEL" not in os.environ


def test_environ_none_reads_os_environ(monkeypatch):
    monkeypatch.setenv("LOG_LEVEL", "critical")
    assert load_settings().log_level == "CRITICAL"


def test_dotenv_values_are_literal(tmp_path):
    url = "postgresql://tok:pa$HOME%x@db/tokdrop"
    dotenv = write(tmp_path / "x.env", f"DB_URL='{url}'\nUNRELATED=1\nBOT_TOKEN\n")
    settings = load(dotenv_path=dotenv)
    assert settings.db_url.get() == url
    assert settings.bot_token == Secret("")


def test_ini_values_are_literal(tmp_path):
    url = "postgresql://tok:50%off@db/tokdrop"
    ini = write(tmp_path / "c.ini", f"[database]\nurl = {url}\n")
    assert load(ini_path=ini).db_url.get() == url


def test_values_are_stripped():
    settings = load({"LOG_LEVEL": "  info \n", "BOT_TOKEN": f" {TOKEN} "})
    assert settings.log_level == "INFO"
    assert settings.bot_token.get() == TOKEN


# --- individual values ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", frozenset()),
        ("   ", frozenset()),
        ("42", {42}),
        ("1,2,3", {1, 2, 3}),
        (" 1 , 2 ,3 ", {1, 2, 3}),
        ("7, 7", {7}),
        ("1,2,", {1, 2}),
        ("9223372036854775807", {2**63 - 1}),
    ],
)
def test_admin_ids_parsing(raw, expected):
    assert load({"ADMIN_IDS": raw}).admin_ids == expected


@pytest.mark.parametrize("level", ["debug", "Info", "WARNING", "error", "critical"])
def test_log_level_is_case_insensitive(level):
    assert load({"LOG_LEVEL": level}).log_level == level.upper()


@pytest.mark.parametrize(
    ("url", "family"),
    [
        ("sqlite:///var/tokdrop.sqlite3", "sqlite"),
        ("sqlite:////abs/path/db.sqlite3", "sqlite"),
        ("sqlite+aiosqlite:///rel.db", "sqlite"),
        ("sqlite:///:memory:", "sqlite"),
        ("postgresql://tok:pw@localhost/tokdrop", "postgresql"),
        ("postgres://tok:pw@localhost:5432/tokdrop", "postgresql"),
        ("postgresql+asyncpg://tok@[::1]:5432/tokdrop", "postgresql"),
        ("postgresql://tok:p/s#s?w:d@localhost/tokdrop", "postgresql"),
        ("postgresql:///tokdrop?host=/var/run/postgresql", "postgresql"),
    ],
)
def test_db_url_accepted(url, family):
    db_url = load({"DB_URL": url}).db_url
    assert db_url.value == url
    assert db_url.get() == url
    assert db_url.family == family


def test_db_url_scheme_is_exposed():
    assert DatabaseUrl("postgresql+asyncpg://h/db").scheme == "postgresql+asyncpg"


@pytest.mark.parametrize(
    "server",
    ["https://api.telegram.org", "http://localhost:8081", "https://proxy.example/tg/"],
)
def test_tg_server_accepted(server):
    assert load({"TG_SERVER": server}).tg_server == server.rstrip("/")


@pytest.mark.parametrize(
    ("key", "raw", "fragment"),
    [
        ("ADMIN_IDS", "abc", "'abc' is not a Telegram user id"),
        ("ADMIN_IDS", "1, x2", "'x2' is not a Telegram user id"),
        ("ADMIN_IDS", "-5", "'-5' is not a Telegram user id"),
        ("ADMIN_IDS", "0", "'0' is not a Telegram user id"),
        ("ADMIN_IDS", "1;2", "'1;2' is not a Telegram user id"),
        ("ADMIN_IDS", "1.5", "'1.5' is not a Telegram user id"),
        ("ADMIN_IDS", "9223372036854775808", "is not a Telegram user id"),
        ("ADMIN_IDS", "١٢٣", "is not a Telegram user id"),
        ("LOG_LEVEL", "LOUD", "'LOUD' is not one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
        ("LOG_LEVEL", "", "'' is not one of"),
        ("LOG_LEVEL", "warn", "'warn' is not one of"),
        ("DB_URL", "mysql://u:p@h/db", "unsupported scheme 'mysql' (use sqlite:///path or"),
        ("DB_URL", "postgresql+psycopg2://h/db", "unsupported scheme 'postgresql+psycopg2'"),
        ("DB_URL", "", "not a database URL"),
        ("DB_URL", "var/tokdrop.sqlite3", "not a database URL"),
        ("DB_URL", "sqlite://", "sqlite URL needs a path"),
        ("DB_URL", "sqlite:///", "sqlite URL needs a path"),
        ("DB_URL", "sqlite://host/db", "sqlite URL needs a path"),
        ("DB_URL", "postgresql://tok:pw@/db", "needs a host"),
        ("DB_URL", "postgresql://tok:pw@host:port/db", "port must be a number"),
        ("DB_URL", "postgresql://tok:pw@host:70000/db", "port must be a number"),
        ("DB_URL", "postgresql://tok:p@ss@host/db", "percent-encode '@'"),
        ("TG_SERVER", "ftp://api.telegram.org", "is not an http(s) URL with a host"),
        ("TG_SERVER", "api.telegram.org", "is not an http(s) URL with a host"),
        ("TG_SERVER", "https://", "is not an http(s) URL with a host"),
        ("TG_SERVER", "", "is not an http(s) URL with a host"),
        ("TG_SERVER", "https://host:abc", "is not an http(s) URL with a host"),
        ("TG_SERVER", "https://host/?x=1", "must not contain a query"),
        ("TG_SERVER", "https://u:p@host", "credentials in the URL are not supported"),
        ("BOT_TOKEN", "not-a-token", "malformed token (expected <digits>:<secret>)"),
        ("BOT_TOKEN", "123:" + "A" * 35, "malformed token"),
        ("BOT_TOKEN", "123456789:short", "malformed token"),
        ("BOT_TOKEN", "123456789:" + "A" * 65, "malformed token"),
        ("BOT_TOKEN", "123456789:" + "A" * 34 + "!", "malformed token"),
    ],
)
def test_bad_value_names_key_and_problem(key, raw, fragment):
    error = error_for({key: raw})
    assert isinstance(error, ValueError)
    assert error.key == key
    assert str(error).startswith(f"{key}: ")
    assert fragment in str(error)
    assert "set in environment" in str(error)


def test_bad_value_in_ini_names_the_file_and_option(tmp_path):
    ini = write(tmp_path / "c.ini", "[bot]\nadmin_ids = 1, abc\n")
    message = str(error_for(ini_path=ini))
    assert message.startswith("ADMIN_IDS: 'abc' is not a Telegram user id")
    assert f"{ini} [bot] admin_ids" in message


def test_bad_value_in_dotenv_names_the_file(tmp_path):
    dotenv = write(tmp_path / "x.env", "LOG_LEVEL=LOUD\n")
    message = str(error_for(dotenv_path=dotenv))
    assert message.startswith("LOG_LEVEL: 'LOUD' is not one of")
    assert str(dotenv) in message


def test_bad_lower_layer_value_is_not_hidden_by_env_override(tmp_path):
    ini = write(tmp_path / "c.ini", "[logging]\nlevel = LOUD\n")
    assert load({"LOG_LEVEL": "INFO"}, ini_path=ini).log_level == "INFO"


# --- files --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("level = INFO\n", "line 1: option before any [section] header"),
        ("[logging]\nthis line has no delimiter\n", "line 2: expected 'option = value'"),
        ("[logging]\nlevel = INFO\nlevel = DEBUG\n", "line 3: option 'level' repeated"),
        ("[bot]\n[logging]\n[bot]\n", "line 3: section [bot] repeated"),
        ("[logging\nlevel = INFO\n", "line 1: option before any [section] header"),
        ("[bot]\nadmin_id = 1\n", "unknown option 'admin_id' in [bot]"),
        ("[databse]\nurl = sqlite:///x\n", "unknown section [databse]"),
        ("[DEFAULT]\nlevel = INFO\n", "[DEFAULT] section is not supported"),
    ],
)
def test_malformed_ini_names_the_file(tmp_path, text, fragment):
    ini = write(tmp_path / "bad.ini", text)
    message = str(error_for(ini_path=ini))
    assert message.startswith(f"{ini}: ")
    assert fragment in message


def test_ini_not_utf8(tmp_path):
    ini = tmp_path / "bad.ini"
    ini.write_bytes(b"[logging]\nlevel = \xff\n")
    assert "not valid UTF-8" in str(error_for(ini_path=ini))


def test_ini_parse_error_does_not_echo_the_line(tmp_path):
    ini = write(tmp_path / "bad.ini", f"token = {TOKEN}\n[bot]\n")
    message = str(error_for(ini_path=ini))
    assert TOKEN_SECRET not in message
    assert "123456789" not in message


def test_malformed_dotenv_names_the_file_and_line(tmp_path):
    dotenv = write(tmp_path / "x.env", f'LOG_LEVEL=INFO\nBOT_TOKEN="{TOKEN}\n')
    message = str(error_for(dotenv_path=dotenv))
    assert message == f"{dotenv}: line 2: cannot parse .env line"


def test_missing_tokdrop_config_file_is_an_error(tmp_path):
    missing = tmp_path / "nope.ini"
    message = str(error_for({"TOKDROP_CONFIG": str(missing)}))
    assert str(missing) in message
    assert "not found" in message
    assert "TOKDROP_CONFIG" in message


def test_missing_explicit_paths_are_errors(tmp_path):
    assert "not found" in str(error_for(ini_path=tmp_path / "nope.ini"))
    assert "not found" in str(error_for(dotenv_path=tmp_path / "nope.env"))


def test_empty_tokdrop_config_means_default(tmp_path):
    write(tmp_path / "config.ini", "[logging]\nlevel = DEBUG\n")
    assert load({"TOKDROP_CONFIG": ""}).log_level == "DEBUG"


def test_config_path_that_is_a_directory(tmp_path):
    assert "cannot read config file" in str(error_for(ini_path=tmp_path))


# --- secrets ----------------------------------------------------------------------------


def test_secret_behaviour():
    secret = Secret("s3cr3t")
    assert repr(secret) == str(secret) == f"{secret}" == "********"
    assert repr(Secret("")) == str(Secret("")) == "<empty>"
    assert secret.get() == "s3cr3t"
    assert secret and not Secret("")
    assert secret == Secret("s3cr3t")
    assert secret != Secret("other")
    assert secret != "s3cr3t"
    assert hash(secret) == hash(Secret("s3cr3t"))


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        (PG_URL, "postgresql://tok:***@db.example:5432/tokdrop"),
        ("postgresql://tok@db/x", "postgresql://tok@db/x"),
        ("postgresql://tok:a/b#c@db/x", "postgresql://tok:***@db/x"),
        (
            "postgres://db/x?user=tok&password=pw&ssl=1",
            "postgres://db/x?user=tok&password=***&ssl=1",
        ),
        ("sqlite:///var/a@b:c.sqlite3", "sqlite:///var/a@b:c.sqlite3"),
    ],
)
def test_database_url_masks_password(url, masked):
    db_url = DatabaseUrl(url)
    assert repr(db_url) == str(db_url) == db_url.masked == masked
    assert db_url.value == url


def test_secrets_never_in_settings_repr_or_str():
    settings = load({"BOT_TOKEN": TOKEN, "DB_URL": PG_URL})
    for text in (repr(settings), str(settings), f"{settings}"):
        assert TOKEN_SECRET not in text
        assert "123456789" not in text
        assert DB_PASSWORD not in text
    assert "tok:***@db.example" in repr(settings)


@pytest.mark.parametrize(
    ("key", "raw", "secret"),
    [
        ("BOT_TOKEN", TOKEN + "!", TOKEN_SECRET),
        ("BOT_TOKEN", TOKEN[:-20], TOKEN_SECRET[:-20]),
        ("BOT_TOKEN", "12345:" + TOKEN_SECRET + "\u00e9", TOKEN_SECRET),
        ("DB_URL", f"mysql://tok:{DB_PASSWORD}@db/x", DB_PASSWORD),
        ("DB_URL", f"postgresql://tok:{DB_PASSWORD}@db:port/x", DB_PASSWORD),
        ("DB_URL", f"postgresql://tok:{DB_PASSWORD}@/x", DB_PASSWORD),
        ("DB_URL", f"postgresql://tok:{DB_PASSWORD}@b@db/x", DB_PASSWORD),
        ("DB_URL", f"tok:{DB_PASSWORD}@db/x", DB_PASSWORD),
        ("DB_URL", f"postgresql://tok:{DB_PASSWORD}", DB_PASSWORD),
    ],
)
def test_secrets_never_in_error_messages(tmp_path, key, raw, secret):
    ini = write(tmp_path / "c.ini", f"[bot]\ntoken = {TOKEN}\n[database]\nurl = {PG_URL}\n")
    for error in (error_for({key: raw}), error_for({key: raw}, ini_path=ini)):
        assert error.key == key
        assert secret not in str(error)
        assert secret not in repr(error)


def test_describe_settings_masks_secrets():
    settings = load({"BOT_TOKEN": TOKEN, "DB_URL": PG_URL, "ADMIN_IDS": "3, 1"})
    lines = describe_settings(settings)
    text = "\n".join(lines)
    assert TOKEN_SECRET not in text and DB_PASSWORD not in text
    assert lines == [
        "BOT_TOKEN = ********",
        "ADMIN_IDS = 1, 3",
        "TG_SERVER = https://api.telegram.org",
        "DB_URL = postgresql://tok:***@db.example:5432/tokdrop",
        "LOG_LEVEL = INFO",
        "TIKTOK_BACKEND = tikwm",
        "TIKTOK_BACKENDS = <empty>",
        "BREAKER_FAILURES = 3",
        "BREAKER_COOLDOWN = 30.0",
        "TIKWM_URL = https://www.tikwm.com",
        "TIKTOK_TIMEOUT = 15.0",
        "TIKTOK_RETRIES = 2",
        "TIKTOK_PROXY = <empty>",
        "COBALT_URL = <empty>",
        "COBALT_API_KEY = <empty>",
        "INSTAGRAM_BACKENDS = <empty>",
        "YTDLP_COOKIES = <empty>",
        "MAX_UPLOAD_MB = None",
        "STORAGE_CHAT_ID = None",
        "MEDIA_CONCURRENCY = 8",
        "MEDIA_TEMP_DIR = <empty>",
        "MEDIA_MAX_IMAGES = 35",
        "MEDIA_MAX_POST_MB = 200",
        "MEDIA_DOWNLOAD_DEADLINE = 300.0",
        "RENDER_CONCURRENCY = 1",
        "RENDER_TIMEOUT = 120.0",
        "TG_GLOBAL_RATE = 30.0",
        "TG_CHAT_RATE = 1.0",
        "TG_GROUP_RATE = 20.0",
        "BROADCAST_RATE = 25.0",
        "WEBHOOK_URL = <empty>",
        "WEBHOOK_SECRET = <empty>",
        "WEB_HOST = 127.0.0.1",
        "WEB_PORT = None",
        "REDIS_URL = <empty>",
        "BACKUP_INTERVAL_HOURS = 24.0",
        "BACKUP_KEEP = 7",
        "METRICS_TOKEN = <empty>",
    ]


def test_describe_settings_defaults():
    lines = describe_settings(load())
    assert "BOT_TOKEN = <empty>" in lines
    assert "ADMIN_IDS = <empty>" in lines
    assert "DB_URL = sqlite:///var/tokdrop.sqlite3" in lines
    assert [line.split(" = ")[0] for line in lines] == [spec.env for spec in KEYS]


# --- the example file ---------------------------------------------------------------------


def test_example_file_loads():
    settings = load(ini_path=EXAMPLE_INI)
    assert settings == load()


def test_example_file_documents_every_key():
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(EXAMPLE_INI, encoding="utf-8")
    text = EXAMPLE_INI.read_text(encoding="utf-8")
    assert "defaults  <  config.ini  <  .env  <  process environment" in text
    for spec in KEYS:
        assert parser.has_option(spec.section, spec.option), spec.env
        assert f"# {spec.option} — env {spec.env} — default: " in text, spec.env


# Examples naming a file of this machine: checked with a valid file of that kind in its place.
FILE_EXAMPLES = {("ytdlp", "cookies"): "# Netscape HTTP Cookie File\n"}


def test_example_file_examples_are_valid(tmp_path):
    text = EXAMPLE_INI.read_text(encoding="utf-8")
    section = None
    examples = 0
    for line in text.splitlines():
        if line.startswith("["):
            section = line.strip("[]")
        elif line.startswith("# Example: "):
            option, _, value = line.removeprefix("# Example: ").partition(" = ")
            if (section, option) in FILE_EXAMPLES:
                content = FILE_EXAMPLES[section, option]
                value = str(write(tmp_path / Path(value).name, content))
            ini = write(tmp_path / "one.ini", f"[{section}]\n{option} = {value}\n")
            load(ini_path=ini)
            examples += 1
    assert examples == len(KEYS)


# --- media keys ---------------------------------------------------------------------------


def test_media_keys_parse_and_upload_limit_follows_the_server():
    settings = load(
        {
            "TIKTOK_BACKEND": "YTDLP",
            "TIKTOK_TIMEOUT": "2.5",
            "TIKTOK_RETRIES": "0",
            "STORAGE_CHAT_ID": "-1001234567890",
            "TIKTOK_PROXY": "http://u:secretpw@p:3128",
        }
    )
    assert (settings.tiktok_backend, settings.tiktok_timeout, settings.tiktok_retries) == (
        "ytdlp",
        2.5,
        0,
    )
    assert settings.storage_chat_id == -1001234567890
    assert settings.upload_limit_bytes == 50 * 1024 * 1024
    assert "secretpw" not in repr(settings) and settings.tiktok_proxy.get().endswith("@p:3128")
    assert load({"TG_SERVER": "http://127.0.0.1:8081"}).upload_limit_bytes == 2000 * 1024 * 1024
    assert load({"MAX_UPLOAD_MB": "20"}).upload_limit_bytes == 20 * 1024 * 1024


def test_media_download_settings(tmp_path):
    settings = load(
        {
            "MEDIA_TEMP_DIR": str(tmp_path),
            "MEDIA_MAX_IMAGES": "10",
            "MEDIA_MAX_POST_MB": "50",
            "MEDIA_DOWNLOAD_DEADLINE": "90",
        }
    )
    assert (settings.media_temp_dir, settings.media_max_images) == (str(tmp_path), 10)
    assert (settings.media_max_post_mb, settings.media_download_deadline) == (50, 90.0)


@pytest.mark.parametrize(
    "key, value, fragment",
    [
        ("TIKTOK_BACKEND", "youtube", "is not one of tikwm, ytdlp"),
        ("TIKTOK_TIMEOUT", "0", "outside"),
        ("TIKTOK_TIMEOUT", "soon", "is not a number"),
        ("TIKTOK_RETRIES", "1.5", "is not a whole number"),
        ("TIKTOK_PROXY", "socks5://p:1080", "proxy URL"),
        ("MAX_UPLOAD_MB", "0", "outside"),
        ("MAX_UPLOAD_MB", "100", "public Bot API accepts uploads of at most 50 MB"),
        ("STORAGE_CHAT_ID", "@mychannel", "is not a whole number"),
        ("TIKWM_URL", "tikwm.com", "is not an http(s) URL"),
        ("MEDIA_TEMP_DIR", "/nonexistent/tokdrop", "is not an existing directory"),
        ("MEDIA_MAX_IMAGES", "0", "outside"),
        ("MEDIA_MAX_POST_MB", "lots", "is not a whole number"),
        ("MEDIA_DOWNLOAD_DEADLINE", "0.5", "outside"),
        ("RENDER_CONCURRENCY", "0", "outside"),
        ("RENDER_CONCURRENCY", "two", "RENDER_CONCURRENCY"),
        ("RENDER_TIMEOUT", "0", "outside"),
    ],
)
def test_bad_media_values_name_the_key(key, value, fragment):
    with pytest.raises(ConfigError) as caught:
        load({key: value})
    assert (
        caught.value.key == key
        and str(caught.value).startswith(f"{key}: ")
        and fragment in str(caught.value)
    )


# --- the web server and webhook ---------------------------------------------------------------


def test_webhook_settings():
    settings = load({"BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://bot.example/tg/hook?x=1"})
    assert settings.webhook_mode and settings.listen_port == 8080
    assert settings.webhook_path == "/tg/hook"
    token = settings.webhook_token()
    assert TOKEN_SECRET not in token and len(token) == 64
    assert token == load({"BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://x.example/"}).webhook_token()
    assert (
        token
        != load({"BOT_TOKEN": OTHER_TOKEN, "WEBHOOK_URL": "https://x.example/"}).webhook_token()
    )
    assert load({"WEBHOOK_SECRET": "s3cret_-"}).webhook_token() == "s3cret_-"
    polling = load()
    assert not polling.webhook_mode and polling.listen_port is None
    assert load({"WEB_PORT": "9100"}).listen_port == 9100


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("WEBHOOK_URL", "ftp://bot.example/hook"),
        ("WEBHOOK_URL", "https://user:pw@bot.example/hook"),
        ("WEBHOOK_SECRET", "has space"),
        ("WEBHOOK_SECRET", "x" * 257),
        ("WEB_HOST", "http://0.0.0.0"),
        ("WEB_PORT", "70000"),
        ("REDIS_URL", "http://127.0.0.1:6379"),
        ("WEBHOOK_URL", "https://bot.example/metrics"),
    ],
)
def test_bad_web_values_name_the_key(key, value):
    with pytest.raises(ConfigError) as caught:
        load({key: value})
    assert key in str(caught.value)


def test_redis_password_is_masked():
    lines = describe_settings(load({"REDIS_URL": "redis://:hunter2@127.0.0.1:6379/0"}))
    assert "REDIS_URL = ********" in lines
    assert not any("hunter2" in line for line in lines)
