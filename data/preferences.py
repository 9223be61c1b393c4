"""Per-chat preferences: keys, their choices and defaults, parsing, and the :class:`Preferences`
value handlers read.

Modelled on :mod:`data.runtime_settings`: one enum of keys, a spec per key, and a parse function
that raises :class:`~data.errors.InvalidPreference` (an ``InvalidSetting``) with what is valid,
so a reply can be localized. Values are stored as their text (``best``, ``on``); ``file_mode`` is
the seed schema's ``users.file_mode`` column, read and written through the same interface.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
from collections.abc import Mapping
from dataclasses import dataclass

from data.errors import InvalidPreference

log = logging.getLogger(__name__)
ON, OFF = "on", "off"


class Preference(enum.StrEnum):
    """Keys of a chat's preferences; call sites use these, never raw strings."""

    QUALITY = "quality"
    SLIDESHOW = "slideshow"
    CAPTIONS = "captions"
    MUSIC_BUTTON = "music_button"
    FILE_MODE = "file_mode"


class Quality(enum.StrEnum):
    """Which video file to send: the best one, a standard one, or the smallest."""

    BEST = "best"
    STANDARD = "standard"
    SAVER = "saver"


class Slideshow(enum.StrEnum):
    """How a photo slideshow is sent: its photos, a video of them, or both."""

    PHOTOS = "photos"
    VIDEO = "video"
    BOTH = "both"


class Captions(enum.StrEnum):
    """How much of a post's caption goes with its media."""

    FULL = "full"
    SHORT = "short"
    OFF = "off"


@dataclass(frozen=True)
class PreferenceSpec:
    """A key's valid values (as stored text) and default; ``kind`` is an enum or ``bool``."""

    kind: type
    default: object

    @property
    def choices(self) -> tuple[str, ...]:
        """The valid stored values, in the order they are offered."""
        return (ON, OFF) if self.kind is bool else tuple(m.value for m in self.kind)

    def parse(self, text: str) -> object:
        """The typed value of ``text``; ValueError when it is not one of :attr:`choices`."""
        if self.kind is bool:
            if text in (ON, OFF):
                return text == ON
            raise ValueError(text)
        return self.kind(text)


SPECS: dict[Preference, PreferenceSpec] = {
    Preference.QUALITY: PreferenceSpec(Quality, Quality.BEST),
    Preference.SLIDESHOW: PreferenceSpec(Slideshow, Slideshow.PHOTOS),
    Preference.CAPTIONS: PreferenceSpec(Captions, Captions.FULL),
    Preference.MUSIC_BUTTON: PreferenceSpec(bool, True),
    Preference.FILE_MODE: PreferenceSpec(bool, False),
}


@dataclass(frozen=True)
class Preferences:
    """A chat's preferences, defaults filled in; attribute names are the keys' values."""

    quality: Quality = Quality.BEST
    slideshow: Slideshow = Slideshow.PHOTOS
    captions: Captions = Captions.FULL
    music_button: bool = True
    file_mode: bool = False

    def get(self, key: Preference) -> object:
        """The value of ``key``."""
        return getattr(self, Preference(key).value)

    def with_value(self, key: Preference, value: object) -> Preferences:
        """A copy with ``key`` set to an already parsed ``value``."""
        return dataclasses.replace(self, **{Preference(key).value: value})


DEFAULT_PREFERENCES = Preferences()


def default_of(key: Preference) -> object:
    """The value a preference has until the chat changes it."""
    return SPECS[Preference(key)].default


def text_of(key: Preference, value: object) -> str:
    """The stored text of a parsed value (``on``/``off`` for switches)."""
    if SPECS[Preference(key)].kind is bool:
        return ON if value else OFF
    return str(value)


def parse_preference(key: str, value: str) -> tuple[Preference, object]:
    """Parse ``key`` and ``value`` (as a user types them) into a valid (key, typed value).

    Raises InvalidPreference (``unknown`` with the valid keys, or ``choice`` with the key's
    valid values).
    """
    try:
        preference = Preference(key.strip().lower())
    except ValueError:
        keys = tuple(p.value for p in Preference)
        known = ", ".join(keys)
        raise InvalidPreference(
            f"unknown preference {key!r}; known preferences: {known}",
            "unknown",
            keys,
            key=key,
            known=known,
        ) from None
    spec = SPECS[preference]
    raw = value.strip().lower()
    try:
        return preference, spec.parse(raw)
    except ValueError:
        valid = ", ".join(spec.choices)
        raise InvalidPreference(
            f"{preference}: {value!r} is not one of {valid}",
            "choice",
            spec.choices,
            key=preference.value,
            value=value,
            valid=valid,
        ) from None


def stored_value(key: Preference, text: object) -> object:
    """The typed value of a stored ``text``; None when it is no longer valid (the caller falls
    back to the default)."""
    try:
        return SPECS[key].parse(text) if isinstance(text, str) else None
    except ValueError:
        return None


def preferences_from(stored: Mapping[str, object], *, file_mode: bool) -> Preferences:
    """:class:`Preferences` from stored ``{key: text}`` rows and ``users.file_mode``; unknown
    keys are ignored and invalid values read as their defaults."""
    values: dict[str, object] = {}
    for key in Preference:
        if key is Preference.FILE_MODE or key.value not in stored:
            continue
        value = stored_value(key, stored[key.value])
        if value is None:
            log.warning("stored preference %s=%r ignored, using its default", key, stored[key])
        else:
            values[key.value] = value
    return Preferences(file_mode=bool(file_mode), **values)
