"""Helpers for the locale markup tests: every text a message can produce, with its placeables
marked, and the HTML tags in it.

A message is expanded into one text per combination of its select-expression variants; each
variable or function placeable becomes ``MARK_OPEN + name + MARK_CLOSE`` (private-use characters,
so they cannot clash with catalog text), message references are inlined.
"""

from __future__ import annotations

import itertools
from html.parser import HTMLParser
from pathlib import Path

from fluent.syntax import FluentParser, ast

MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
# The tags Telegram's HTML parse mode understands.
TELEGRAM_TAGS = frozenset(
    "a b blockquote code del em i ins pre s span strike strong tg-emoji tg-spoiler u".split()
)

Tag = tuple[str, str, tuple[tuple[str, str | None], ...]]


def messages(path: Path) -> dict[str, ast.Message]:
    """The messages of one catalog by id."""
    resource = FluentParser().parse(path.read_text(encoding="utf-8"))
    return {entry.id.name: entry for entry in resource.body if isinstance(entry, ast.Message)}


def marker(name: str) -> str:
    """How the placeable of variable ``name`` appears in an expanded text."""
    return f"{MARK_OPEN}{name}{MARK_CLOSE}"


def _expression(node, catalog: dict[str, ast.Message]) -> list[str]:
    if isinstance(node, ast.Placeable):
        return _expression(node.expression, catalog)
    if isinstance(node, ast.StringLiteral):
        return [node.parse()["value"]]
    if isinstance(node, ast.NumberLiteral):
        return [node.value]
    if isinstance(node, ast.VariableReference):
        return [marker(node.id.name)]
    if isinstance(node, ast.FunctionReference):
        first = node.arguments.positional[0]
        return [marker(first.id.name if isinstance(first, ast.VariableReference) else "?")]
    if isinstance(node, ast.MessageReference):
        return expand(catalog[node.id.name].value, catalog)
    if isinstance(node, ast.SelectExpression):
        return [text for variant in node.variants for text in expand(variant.value, catalog)]
    raise TypeError(f"unexpected Fluent node {type(node).__name__}")


def expand(pattern: ast.Pattern, catalog: dict[str, ast.Message]) -> list[str]:
    """Every text ``pattern`` can produce, one per combination of select variants."""
    parts = [
        [element.value] if isinstance(element, ast.TextElement) else _expression(element, catalog)
        for element in pattern.elements
    ]
    return ["".join(combination) for combination in itertools.product(*parts)]


def texts(path: Path) -> dict[str, list[str]]:
    """Every message of a catalog (those with a value) expanded by :func:`expand`."""
    catalog = messages(path)
    return {key: expand(m.value, catalog) for key, m in catalog.items() if m.value is not None}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[Tag] = []
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag not in TELEGRAM_TAGS:
            self.problems.append(f"<{tag}> is not a Telegram tag")
        self.tags.append(("start", tag, tuple(attrs)))
        self.open.append(tag)

    def handle_startendtag(self, tag, attrs) -> None:
        self.problems.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
        else:
            self.open.pop()
        self.tags.append(("end", tag, ()))


def tags(text: str) -> tuple[list[Tag], list[str]]:
    """The tags of ``text`` in order (with their attributes) and what is wrong with its markup."""
    parser = _Tags()
    parser.feed(text)
    parser.close()
    problems = parser.problems + [f"<{tag}> is never closed" for tag in parser.open]
    return parser.tags, problems
