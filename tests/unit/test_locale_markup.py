"""Every locale keeps English's HTML: the same tags, in the same order, with the same attributes,
well formed, in every variant of every message."""

from pathlib import Path

import pytest

from bot.i18n import FALLBACK, LOCALE_DIR
from tests.unit.ftl_markup import tags, texts

ENGLISH = LOCALE_DIR / f"{FALLBACK}.ftl"


def _locale_files() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*.ftl"))


def test_english_markup_is_well_formed_telegram_html():
    problems = {
        f"{key} #{n}": found
        for key, variants in texts(ENGLISH).items()
        for n, text in enumerate(variants)
        if (found := tags(text)[1])
    }
    assert not problems


@pytest.mark.parametrize("path", _locale_files(), ids=lambda p: p.stem)
def test_locale_has_the_tags_of_english(path):
    english = {
        key: {tuple(tags(text)[0]) for text in variants} for key, variants in texts(ENGLISH).items()
    }
    wrong = {}
    for key, variants in texts(path).items():
        for n, text in enumerate(variants):
            sequence, problems = tags(text)
            if key in english and tuple(sequence) not in english[key]:
                problems.append(f"tags {sequence}, English has {sorted(english[key])}")
            if problems:
                wrong[f"{key} #{n}"] = problems
    assert not wrong, f"{path.stem}: {wrong}"


def test_a_changed_attribute_or_unclosed_tag_is_caught():
    link = '<a href="\ue000link\ue001">x</a>'
    assert tags(link)[0] != tags(link.replace('href="', 'href="\u2068'))[0]
    assert tags("<b>x<code>y</b></code>")[1]
    assert tags("<b>x")[1]
