"""Arabic is right-to-left safe.

The bundles are built with ``use_isolating=False`` (isolation marks inside ``href="…"`` would break
links), so ``ar.ftl`` isolates by hand: every placeable in Arabic running text sits between FSI
(U+2068) and PDI (U+2069), and so do LTR tokens a line starts with (commands, ``<code>`` spans), so
that each line takes its direction from its Arabic words. Marks never go inside a tag or inside
``<code>`` (copied commands must stay clean), nor into the texts matplotlib draws on the graph.
"""

import functools
import itertools
import re
import unicodedata
from datetime import UTC, datetime

import pytest
from fluent.syntax import ast, visitor

from bot.i18n import LOCALE_DIR, Locales
from tests.unit.ftl_markup import MARK_CLOSE, MARK_OPEN, messages, tags, texts

ARABIC = LOCALE_DIR / "ar.ftl"
ISOLATE_OPENERS, PDI = "\u2066\u2067\u2068", "\u2069"
# ALM, LRM, RLM, the embeddings and overrides (LRE … RLO), the isolates (LRI … PDI).
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f" + "\u202a\u202b\u202c\u202d\u202e" + ISOLATE_OPENERS + PDI
)
# bot/admin/graph.py's GraphLabels: drawn by matplotlib, which has no use for bidi marks.
GRAPH_KEYS = frozenset(
    {
        "admin-graph-title",
        "admin-graph-downloads",
        "admin-graph-new-chats",
        "admin-graph-axis-hours",
        "admin-graph-axis-days",
        "admin-graph-empty",
    }
)
PLURAL_CATEGORIES = {"zero", "one", "two", "few", "many", "other"}
# One number of each Arabic plural category (zero, one, two, few, many, other) and a fraction.
PLURAL_SAMPLES = (0, 1, 2, 3, 11, 100, 1.5)
TAG = re.compile(r"<[^>]*>")
CODE = re.compile(r"<code>(.*?)</code>", re.DOTALL)


class _Arguments(visitor.Visitor):
    """The values worth trying for each variable of one message."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, tuple[object, ...]] = {}

    def visit_VariableReference(self, node) -> None:
        self.values.setdefault(node.id.name, (f"v-{node.id.name}",))

    def visit_FunctionReference(self, node) -> None:
        (first,) = node.arguments.positional
        sample = datetime(2026, 3, 4, 5, 6, tzinfo=UTC) if node.id.name == "DATETIME" else 0.25
        self.values[first.id.name] = (sample,)

    def visit_SelectExpression(self, node) -> None:
        self.generic_visit(node)
        keys = {
            variant.key.value if isinstance(variant.key, ast.NumberLiteral) else variant.key.name
            for variant in node.variants
        }
        plural = keys <= PLURAL_CATEGORIES or any(k[0].isdigit() for k in keys)
        self.values[node.selector.id.name] = PLURAL_SAMPLES if plural else (*sorted(keys), "?")


@functools.cache
def _locales() -> Locales:
    return Locales()


@functools.cache
def _messages(lang: str) -> dict[str, ast.Message]:
    return messages(LOCALE_DIR / f"{lang}.ftl")


def _renderings(lang: str, key: str) -> list[str]:
    """``key`` in ``lang`` rendered with every variant of its selectors; asserts no errors."""
    found = _Arguments()
    found.visit(_messages(lang)[key])
    names = sorted(found.values)
    bundle = _locales().translator(lang).bundle
    message = bundle.get_message(key)
    out = []
    for combination in itertools.product(*(found.values[name] for name in names)):
        args = dict(zip(names, combination, strict=True))
        text, errors = bundle.format_pattern(message.value, args)
        assert not errors, f"{lang} {key} {combination}: {errors}"
        out.append(text)
    return out


def _arabic_keys() -> list[str]:
    return sorted(texts(ARABIC))


def _isolation_problems(text: str) -> list[str]:
    """Marks inside tags or <code>, placeables of running text outside an isolate, unbalanced
    isolates (a line break ends every isolate, so each line must close its own)."""
    problems = []
    for line in text.split("\n"):
        depth = code = 0
        for piece in re.split(f"({TAG.pattern}|{MARK_OPEN}[^{MARK_CLOSE}]*{MARK_CLOSE})", line):
            if TAG.fullmatch(piece):
                if BIDI_CONTROLS & set(piece):
                    problems.append(f"mark inside the tag {piece!r}")
                if re.fullmatch(r"</?(code|pre)\b.*", piece, re.DOTALL):
                    code += -1 if piece.startswith("</") else 1
            elif piece.startswith(MARK_OPEN):
                alone = line.strip() == piece
                if not code and not depth and not alone:
                    problems.append(f"{piece[1:-1]} is not isolated in {line!r}")
            else:
                if code and BIDI_CONTROLS & set(piece):
                    problems.append(f"mark inside <code>: {line!r}")
                for char in piece:
                    if char in ISOLATE_OPENERS:
                        depth += 1
                    elif char == PDI:
                        if not depth:
                            problems.append(f"PDI without an opener in {line!r}")
                        depth = max(depth - 1, 0)
        if depth:
            problems.append(f"isolate left open in {line!r}")
    return problems


def _first_strong(line: str) -> str | None:
    """The bidi class (L, R or AL) that decides a line's direction: UAX #9 rule P2 skips what
    sits inside isolates; markup is not shown."""
    depth = 0
    for char in TAG.sub("", line):
        if char in ISOLATE_OPENERS:
            depth += 1
        elif char == PDI:
            depth = max(depth - 1, 0)
        elif not depth and (kind := unicodedata.bidirectional(char)) in {"L", "R", "AL"}:
            return kind
    return None


@pytest.mark.parametrize("key", _arabic_keys())
def test_every_arabic_message_renders_in_every_variant(key):
    for text in _renderings("ar", key):
        assert text.strip() and "{" not in text


@pytest.mark.parametrize("key", _arabic_keys())
def test_rendered_arabic_has_no_mark_in_an_attribute_or_code(key):
    for text in _renderings("ar", key):
        inside = "".join(TAG.findall(text)) + "".join(CODE.findall(text))
        assert not BIDI_CONTROLS & set(inside), text


def test_arabic_placeables_in_running_text_are_isolated():
    problems = {
        key: found
        for key, variants in texts(ARABIC).items()
        if key not in GRAPH_KEYS
        for text in variants
        if (found := _isolation_problems(text))
    }
    assert not problems


def test_every_arabic_line_reads_right_to_left():
    wrong = [
        (key, line)
        for key, variants in texts(ARABIC).items()
        if key not in GRAPH_KEYS
        for text in variants
        for line in text.replace(MARK_OPEN, "x").split("\n")
        if any(unicodedata.bidirectional(c) == "AL" for c in line) and _first_strong(line) != "AL"
    ]
    assert not wrong


def test_graph_texts_carry_no_bidi_marks():
    catalog = texts(ARABIC)
    assert all(not BIDI_CONTROLS & set(text) for key in GRAPH_KEYS for text in catalog[key])


@pytest.mark.parametrize("key", _arabic_keys())
def test_rendered_arabic_has_the_tags_of_english(key):
    english = {tuple(tags(text)[0]) for text in _renderings("en", key)}
    for text in _renderings("ar", key):
        sequence, problems = tags(text)
        assert not problems and tuple(sequence) in english, (text, english)


def test_the_checks_catch_a_missing_or_misplaced_mark():
    name = f"{MARK_OPEN}name{MARK_CLOSE}"
    assert _isolation_problems(f"مرحبًا {name}!")
    assert _isolation_problems(f'<a href="\u2068{name}\u2069">x</a>')
    assert _isolation_problems(f"\u2068<code>\u2068{name}\u2069</code>\u2069 نص")
    assert _isolation_problems("\u2068مرحبًا\nنص\u2069")
    assert not _isolation_problems(f"مرحبًا \u2068{name}\u2069! \u2068<code>/x {name}</code>\u2069")
    assert _first_strong("/start — تشغيل") == "L"
    assert _first_strong("\u2068/start\u2069 — تشغيل") == "AL"


def test_arabic_is_picked_for_arabic_telegram_users():
    locales = _locales()
    assert [locales.pick(code) for code in ("ar", "ar-SA", "AR_eg")] == ["ar", "ar", "ar"]
    assert locales.translator("ar")("language-name") == "العربية"
