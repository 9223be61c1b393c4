"""Every locale has every English key, with the same placeholders, and parses cleanly."""

from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast, visitor

from bot.i18n import FALLBACK, LOCALE_DIR, Locales

REQUIRED = {"ar", "en", "es", "hi", "id", "ru", "uk", "vi"}


class _Variables(visitor.Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node) -> None:
        self.names.add(node.id.name)


def _catalog(path: Path) -> dict[str, set[str]]:
    resource = FluentParser().parse(path.read_text(encoding="utf-8"))
    junk = [entry for entry in resource.body if isinstance(entry, ast.Junk)]
    assert not junk, f"{path.name}: syntax errors: {[j.annotations[0].message for j in junk]}"
    catalog = {}
    for entry in resource.body:
        if isinstance(entry, ast.Message):
            found = _Variables()
            found.visit(entry)
            catalog[entry.id.name] = found.names
    return catalog


def _locale_files() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*.ftl"))


def test_required_languages_exist():
    assert REQUIRED <= {path.stem for path in _locale_files()}


@pytest.mark.parametrize("path", _locale_files(), ids=lambda p: p.stem)
def test_locale_matches_english(path):
    english = _catalog(LOCALE_DIR / f"{FALLBACK}.ftl")
    catalog = _catalog(path)
    missing = sorted(set(english) - set(catalog))
    extra = sorted(set(catalog) - set(english))
    assert not missing, f"{path.stem} misses {missing}"
    assert not extra, f"{path.stem} has keys English lacks: {extra}"
    differing = {
        key: (english[key], catalog[key]) for key in english if english[key] != catalog[key]
    }
    assert not differing, f"{path.stem}: placeholders differ from English: {differing}"


def test_pick_and_fallback():
    locales = Locales()
    assert (
        locales.pick("ru-RU") == "ru"
        and locales.pick("hi-IN") == "hi"
        and locales.pick("ar") == "ar"
        and locales.pick("ar-SA") == "ar"
        and locales.pick("pt-br") == "en"
        and locales.pick(None) == "en"
    )
    assert locales.pick("id") == locales.pick("id-ID") == "id"
    assert locales.pick("in") == locales.pick("in-ID") == locales.pick("in_ID") == "id"
    assert locales.translator("xx").lang == "en"
    assert "&lt;b&gt;" in locales.translator("en")("start-welcome", name="<b>", bot="x")
