"""Runtime settings that admins change while the bot runs: keys, types, defaults, validation."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from urllib.parse import urlsplit

from data.errors import InvalidSetting


class Setting(enum.StrEnum):
    """Keys of ``system_config``; call sites use these, never raw strings."""

    AD_TEXT = "ad_text"
    AD_BUTTON_URL = "ad_button_url"
    AD_THRESHOLD = "ad_threshold"
    AD_COOLDOWN_HOURS = "ad_cooldown_hours"
    MAINTENANCE = "maintenance"
    LINKS_PER_MINUTE = "links_per_minute"
    LINKS_IN_FLIGHT = "links_in_flight"
    SUBSCRIPTION_LIMIT = "subscription_limit"
    POLL_INTERVAL_MINUTES = "poll_interval_minutes"


@dataclass(frozen=True)
class SettingSpec:
    """Type, default and bounds of one setting."""

    kind: type
    default: object
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    is_url: bool = False


SPECS: dict[Setting, SettingSpec] = {
    Setting.AD_TEXT: SettingSpec(str, "", max_length=1024),
    Setting.AD_BUTTON_URL: SettingSpec(str, "", max_length=512, is_url=True),
    Setting.AD_THRESHOLD: SettingSpec(int, 10, minimum=1, maximum=10_000),
    Setting.AD_COOLDOWN_HOURS: SettingSpec(int, 24, minimum=0, maximum=24 * 365),
    Setting.MAINTENANCE: SettingSpec(bool, False),
    Setting.LINKS_PER_MINUTE: SettingSpec(int, 20, minimum=1, maximum=1000),
    Setting.LINKS_IN_FLIGHT: SettingSpec(int, 2, minimum=1, maximum=50),
    Setting.SUBSCRIPTION_LIMIT: SettingSpec(int, 10, minimum=0, maximum=1000),
    Setting.POLL_INTERVAL_MINUTES: SettingSpec(int, 10, minimum=1, maximum=24 * 60),
}

_TRUE = {"1", "on", "true", "yes"}
_FALSE = {"0", "off", "false", "no"}


def default_of(key: Setting) -> object:
    """The value a setting has until an admin changes it."""
    return SPECS[key].default


def validate(key: Setting, value: object) -> object:
    """Return ``value`` if it fits ``key``'s type and bounds, else raise InvalidSetting."""
    spec = SPECS[Setting(key)]
    if spec.kind is bool:
        if not isinstance(value, bool):
            raise InvalidSetting(f"{key}: expected on/off, got {value!r}", "switch", key=str(key))
        return value
    if spec.kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidSetting(
                f"{key}: expected a whole number, got {value!r}", "number", key=str(key)
            )
        if spec.minimum is not None and value < spec.minimum:
            raise InvalidSetting(
                f"{key}: {value} is below the minimum {spec.minimum}",
                "minimum",
                key=str(key),
                limit=spec.minimum,
            )
        if spec.maximum is not None and value > spec.maximum:
            raise InvalidSetting(
                f"{key}: {value} is above the maximum {spec.maximum}",
                "maximum",
                key=str(key),
                limit=spec.maximum,
            )
        return value
    if not isinstance(value, str):
        raise InvalidSetting(f"{key}: expected text, got {value!r}", "text", key=str(key))
    if spec.max_length is not None and len(value) > spec.max_length:
        raise InvalidSetting(
            f"{key}: longer than {spec.max_length} characters",
            "length",
            key=str(key),
            limit=spec.max_length,
        )
    if spec.is_url and value:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https", "tg") or not (parts.netloc or parts.path):
            raise InvalidSetting(
                f"{key}: {value!r} is not an http(s) or tg:// link", "link", key=str(key)
            )
    return value


def parse_text(key: str, text: str) -> tuple[Setting, object]:
    """Parse an admin's ``/set <key> <value>`` arguments into a validated (key, value)."""
    try:
        setting = Setting(key.strip().lower())
    except ValueError:
        known = ", ".join(s.value for s in Setting)
        raise InvalidSetting(
            f"unknown setting {key!r}; known settings: {known}", "unknown", key=key, known=known
        ) from None
    spec = SPECS[setting]
    raw = text.strip()
    if spec.kind is bool:
        if raw.lower() in _TRUE:
            return setting, True
        if raw.lower() in _FALSE:
            return setting, False
        raise InvalidSetting(
            f"{setting}: expected on or off, got {raw!r}", "switch", key=str(setting)
        )
    if spec.kind is int:
        try:
            number = int(raw)
        except ValueError:
            raise InvalidSetting(
                f"{setting}: expected a whole number, got {raw!r}", "number", key=str(setting)
            ) from None
        return setting, validate(setting, number)
    if raw in ("-", '""', "''"):
        raw = ""
    return setting, validate(setting, raw)
