"""The backup schedule and /metrics token keys: defaults, valid values, and one-line errors
naming the key for bad ones (never quoting the token)."""

import pytest

from data.config import ConfigError, load_settings


def load(environ: dict[str, str], tmp_path):
    empty = tmp_path / "empty.ini"
    empty.touch()
    return load_settings(environ, ini_path=empty, dotenv_path=empty)


def test_defaults(tmp_path):
    settings = load({}, tmp_path)
    assert settings.backup_interval_hours == 24 and settings.backup_keep == 7
    assert not settings.metrics_token


def test_valid_values(tmp_path):
    token = "m3trics-Token_0123456789"
    settings = load(
        {"BACKUP_INTERVAL_HOURS": "0.5", "BACKUP_KEEP": "1", "METRICS_TOKEN": token}, tmp_path
    )
    assert (settings.backup_interval_hours, settings.backup_keep) == (0.5, 1)
    assert settings.metrics_token.get() == token
    assert load({"BACKUP_INTERVAL_HOURS": "0"}, tmp_path).backup_interval_hours == 0


@pytest.mark.parametrize(
    "key, raw",
    [
        ("BACKUP_INTERVAL_HOURS", "-1"),
        ("BACKUP_INTERVAL_HOURS", "daily"),
        ("BACKUP_INTERVAL_HOURS", "0.001"),
        ("BACKUP_INTERVAL_HOURS", "9000"),
        ("BACKUP_KEEP", "0"),
        ("BACKUP_KEEP", "2.5"),
        ("METRICS_TOKEN", "short-secret"),
        ("METRICS_TOKEN", "has spaces in it, sixteen+ chars"),
    ],
)
def test_bad_values_are_one_line_errors_naming_the_key(tmp_path, key, raw):
    with pytest.raises(ConfigError) as caught:
        load({key: raw}, tmp_path)
    message = str(caught.value)
    assert caught.value.key == key and message.startswith(f"{key}: ") and "\n" not in message
    if key == "METRICS_TOKEN":
        assert raw not in message
