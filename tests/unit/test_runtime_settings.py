"""Parsing and validating admins' ``/set <key> <value>`` input."""

import pytest

from data.errors import InvalidSetting
from data.runtime_settings import SPECS, Setting, default_of, parse_text, validate


@pytest.mark.parametrize(
    "key, text, value",
    [
        ("ad_threshold", " 25 ", 25),
        ("MAINTENANCE", "on", True),
        ("maintenance", "Off", False),
        ("ad_text", "Hello <b>world</b>", "Hello <b>world</b>"),
        ("ad_text", "-", ""),
        ("ad_button_url", "https://example.org/x", "https://example.org/x"),
        ("ad_cooldown_hours", "0", 0),
    ],
)
def test_valid_values_parse(key, text, value):
    assert parse_text(key, text) == (Setting(key.lower()), value)


@pytest.mark.parametrize(
    "key, text, fragment",
    [
        ("nope", "1", "unknown setting"),
        ("ad_threshold", "ten", "whole number"),
        ("ad_threshold", "0", "minimum"),
        ("links_in_flight", "51", "maximum"),
        ("maintenance", "maybe", "on or off"),
        ("ad_button_url", "ftp://x", "link"),
        ("ad_text", "x" * 1025, "longer"),
    ],
)
def test_invalid_values_name_the_problem(key, text, fragment):
    with pytest.raises(InvalidSetting, match=fragment):
        parse_text(key, text)


def test_every_default_is_valid():
    for key, spec in SPECS.items():
        assert validate(key, default_of(key)) == spec.default
    assert set(SPECS) == set(Setting)
