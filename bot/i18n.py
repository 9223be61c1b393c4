"""Translations from Fluent catalogs in ``locale/<lang>.ftl``; English is the fallback."""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from pathlib import Path

from fluent.runtime import FluentBundle, FluentResource

log = logging.getLogger(__name__)

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
FALLBACK = "en"
# Withdrawn ISO 639 codes old Android clients still send (Java's Locale turned "id" into "in").
_LEGACY_CODES = {"in": "id"}


class Locales:
    """Every catalog in ``locale/``, loaded once at start-up."""

    def __init__(self, directory: Path = LOCALE_DIR) -> None:
        self._bundles: dict[str, FluentBundle] = {}
        for path in sorted(directory.glob("*.ftl")):
            # No automatic isolation: Fluent would wrap every placeable, also those inside HTML
            # attributes (href="{ $link }"), and break links. Right-to-left catalogs (ar.ftl)
            # isolate the placeables of their running text by hand; tests/unit/test_rtl.py checks.
            bundle = FluentBundle([path.stem], use_isolating=False)
            bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
            self._bundles[path.stem] = bundle
        if FALLBACK not in self._bundles:
            raise RuntimeError(
                f"no {FALLBACK}.ftl in {directory}: English is the fallback and must exist"
            )

    @property
    def languages(self) -> list[str]:
        """Available language codes, English first."""
        return sorted(self._bundles, key=lambda code: (code != FALLBACK, code))

    def pick(self, language_code: str | None) -> str:
        """The best available language for a Telegram ``language_code`` (``pt-br`` → ``pt``,
        the old ``in`` → ``id``), else English."""
        if not language_code:
            return FALLBACK
        code = language_code.lower().replace("_", "-")
        primary = code.split("-")[0]
        for candidate in (code, primary, _LEGACY_CODES.get(primary)):
            if candidate in self._bundles:
                return candidate
        return FALLBACK

    def translator(self, lang: str | None) -> Translator:
        """A translator for ``lang`` (falls back to English when unknown)."""
        code = lang if lang in self._bundles else FALLBACK
        return Translator(code, self._bundles[code], self._bundles[FALLBACK])


@dataclass(frozen=True)
class Translator:
    """Formats messages of one language; string arguments are HTML-escaped (replies use HTML)."""

    lang: str
    bundle: FluentBundle
    fallback: FluentBundle

    def in_fallback(self) -> Translator:
        """The same messages in English (for text drawn where this language cannot be)."""
        return Translator(FALLBACK, self.fallback, self.fallback)

    def __call__(self, key: str, /, **args: object) -> str:
        safe = {
            name: html.escape(value) if isinstance(value, str) else value
            for name, value in args.items()
        }
        for bundle in (self.bundle, self.fallback):
            if bundle.has_message(key):
                message = bundle.get_message(key)
                if message.value is None:
                    break
                text, errors = bundle.format_pattern(message.value, safe)
                if errors:
                    log.warning("locale %s, key %s: %s", bundle.locales[0], key, errors)
                return text
        log.error("missing locale key %s", key)
        return key
