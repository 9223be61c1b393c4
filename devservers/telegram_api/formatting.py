"""Message text: parse_mode parsing (HTML, MarkdownV2, Markdown) and automatic entities.

Offsets and lengths of entities are in UTF-16 code units, as in the Bot API.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import bad_request

Entity = dict[str, Any]


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _parse_error(message: str) -> Exception:
    return bad_request(f"can't parse entities: {message}")


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode())


def _link_entity(url: str) -> Entity:
    mention = re.fullmatch(r"tg://user\?id=(\d+)", url)
    if mention:
        return {
            "type": "text_mention",
            "user": {"id": int(mention[1]), "is_bot": False, "first_name": f"User{mention[1]}"},
        }
    emoji = re.fullmatch(r"tg://emoji\?id=(\d+)", url)
    if emoji:
        return {"type": "custom_emoji", "custom_emoji_id": emoji[1]}
    return {"type": "text_link", "url": url}


class _Builder:
    """Accumulates plain text and entities while a marked-up source is scanned."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.entities: list[Entity] = []

    def emit(self, text: str) -> None:
        self.parts.append(text)
        self.pos += utf16_len(text)

    def close(self, entity: Entity | None, start: int) -> None:
        if entity is not None and self.pos > start:
            self.entities.append({**entity, "offset": start, "length": self.pos - start})

    def result(self) -> tuple[str, list[Entity]]:
        return "".join(self.parts), sorted(self.entities, key=lambda e: (e["offset"], -e["length"]))


# ---------------------------------------------------------------- HTML

_HTML_TOKEN = re.compile(r"<(/?)([^\s>/]*)([^>]*)>|&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);")
_HTML_ATTR = re.compile(r"""([\w-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_HTML_SIMPLE = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
}
_HTML_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def _html_attrs(text: str) -> dict[str, str]:
    return {
        m[1].lower(): next((g for g in m.groups()[1:] if g is not None), "")
        for m in _HTML_ATTR.finditer(text)
    }


def _html_entity(name: str, attrs: dict[str, str], stack: list[list[Any]], where: str) -> Any:
    """Entity for an opening tag; the marker ``"lang"`` means <code> set its <pre> language."""
    if name == "code" and stack and stack[-1][0] == "pre" and "language" not in stack[-1][1]:
        language = attrs.get("class", "")
        if language.startswith("language-"):
            stack[-1][1]["language"] = language.removeprefix("language-")
            return "lang"
    if name in _HTML_SIMPLE:
        return {"type": _HTML_SIMPLE[name]}
    if name == "span":
        if attrs.get("class") != "tg-spoiler":
            raise _parse_error(f'Tag "span" must have class "tg-spoiler" at {where}')
        return {"type": "spoiler"}
    if name == "a":
        return _link_entity(attrs["href"]) if attrs.get("href") else None
    if name == "blockquote":
        return {"type": "expandable_blockquote" if "expandable" in attrs else "blockquote"}
    if name == "tg-emoji":
        if not attrs.get("emoji-id"):
            raise _parse_error(f'Tag "tg-emoji" must have attribute "emoji-id" at {where}')
        return {"type": "custom_emoji", "custom_emoji_id": attrs["emoji-id"]}
    raise _parse_error(f'Unsupported start tag "{name}" at {where}')


def parse_html(source: str) -> tuple[str, list[Entity]]:
    out = _Builder()
    stack: list[list[Any]] = []  # [tag name, entity (or None / "lang"), start offset]
    index = 0
    for match in _HTML_TOKEN.finditer(source):
        out.emit(source[index : match.start()])
        index = match.end()
        where = f"byte offset {_byte_offset(source, match.start())}"
        closing, name, rest, reference = match.groups()
        if reference is not None:
            if reference.startswith("#"):
                number = reference[1:]
                code = int(number[1:], 16) if number[:1] in "xX" else int(number)
                out.emit(chr(code) if 0 < code < 0x110000 else match[0])
            else:
                out.emit(_HTML_NAMED.get(reference.lower(), match[0]))
            continue
        name = name.lower()
        if not closing:
            entity = _html_entity(name, _html_attrs(rest), stack, where)
            stack.append([name, entity, out.pos])
            continue
        if not stack:
            raise _parse_error(f"Unexpected end tag at {where}")
        open_name, entity, start = stack.pop()
        if open_name != name:
            raise _parse_error(f'Can\'t find end tag corresponding to start tag "{open_name}"')
        if entity != "lang":
            out.close(entity, start)
    tail = source[index:]
    if "<" in tail:
        where = _byte_offset(source, index + tail.index("<"))
        raise _parse_error(f'Unsupported start tag "" at byte offset {where}')
    out.emit(tail)
    if stack:
        raise _parse_error(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return out.result()


# ---------------------------------------------------------------- Markdown

_MD_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "text_link": "TextUrl",
    "code": "Code",
    "pre": "Pre",
    "blockquote": "BlockQuote",
}
_V2_MARKERS = {"||": "spoiler", "__": "underline", "*": "bold", "_": "italic", "~": "strikethrough"}
_V1_MARKERS = {"*": "bold", "_": "italic"}
_V2_RESERVED = set("_*[]()~`>#+-=|{}.!")


class _Markdown:
    def __init__(self, source: str, v2: bool) -> None:
        self.src, self.v2, self.i = source, v2, 0
        self.out = _Builder()
        self.stack: list[tuple[str, str, int, int]] = []  # marker, type, start, source index
        self.markers = _V2_MARKERS if v2 else _V1_MARKERS

    def fail_unclosed(self, kind: str, index: int) -> Exception:
        where = _byte_offset(self.src, index)
        if self.v2:
            return _parse_error(
                f"Can't find end of {_MD_NAMES[kind]} entity at byte offset {where}"
            )
        return _parse_error(f"Can't find end of the entity starting at byte offset {where}")

    def read_until(self, terminator: str, escapable: str, kind: str, start: int) -> str:
        """Raw content up to ``terminator``; in V2 only ``escapable`` chars may be escaped."""
        chars: list[str] = []
        while True:
            if self.i >= len(self.src):
                raise self.fail_unclosed(kind, start)
            if self.src.startswith(terminator, self.i):
                self.i += len(terminator)
                return "".join(chars)
            char = self.src[self.i]
            if self.v2 and char == "\\" and self.i + 1 < len(self.src):
                chars.append(self.src[self.i + 1])
                self.i += 2
                continue
            if self.v2 and char in escapable and char != terminator[0]:
                raise self.reserved(char)
            chars.append(char)
            self.i += 1

    def reserved(self, char: str) -> Exception:
        return _parse_error(
            f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
        )

    def at_line_start(self) -> bool:
        return self.i == 0 or self.src[self.i - 1] == "\n"

    def parse(self) -> tuple[str, list[Entity]]:
        src, out = self.src, self.out
        quote_start: int | None = None
        while self.i < len(src):
            char, start = src[self.i], self.i
            if self.v2 and self.at_line_start():
                if char == ">":
                    quote_start = out.pos if quote_start is None else quote_start
                    self.i += 1
                    continue
                if quote_start is not None:
                    out.close({"type": "blockquote"}, quote_start)
                    quote_start = None
            if (
                char == "\\"
                and self.i + 1 < len(src)
                and (
                    (self.v2 and 0 < ord(src[self.i + 1]) < 127)
                    or (not self.v2 and src[self.i + 1] in "*_`[")
                )
            ):
                out.emit(src[self.i + 1])
                self.i += 2
            elif src.startswith("```", self.i):
                self.i += 3
                body = self.read_until("```", "`\\", "pre", start)
                language, newline, code = body.partition("\n")
                entity: Entity = {"type": "pre"}
                if newline and language and " " not in language:
                    entity["language"], body = language, code
                elif newline and not language:
                    body = code
                begin = out.pos
                out.emit(body)
                out.close(entity, begin)
            elif char == "`":
                self.i += 1
                body = self.read_until("`", "`\\", "code", start)
                begin = out.pos
                out.emit(body)
                out.close({"type": "code"}, begin)
            elif char == "[" or (self.v2 and src.startswith("![", self.i)):
                self.i += 2 if char == "!" else 1
                self.stack.append(("[", "text_link", out.pos, start))
            elif char == "]" and self.stack and self.stack[-1][0] == "[":
                _, _, begin, opened = self.stack.pop()
                if not src.startswith("(", self.i + 1):
                    if self.v2:
                        raise self.reserved("]")
                    out.close(None, begin)
                    self.i += 1
                    continue
                self.i += 2
                url = self.read_until(")", ")\\", "text_link", opened)
                out.close(_link_entity(url), begin)
            elif marker := next((m for m in self.markers if src.startswith(m, self.i)), None):
                self.i += len(marker)
                if self.stack and self.stack[-1][0] == marker:
                    _, kind, begin, _ = self.stack.pop()
                    out.close({"type": kind}, begin)
                elif any(entry[0] == marker for entry in self.stack):
                    _, kind, _, opened = self.stack[-1]
                    raise self.fail_unclosed(kind, opened)
                else:
                    self.stack.append((marker, self.markers[marker], out.pos, start))
            elif self.v2 and char in _V2_RESERVED:
                raise self.reserved(char)
            else:
                if char == "\n" and quote_start is not None and not src.startswith(">", self.i + 1):
                    out.close({"type": "blockquote"}, quote_start)
                    quote_start = None
                out.emit(char)
                self.i += 1
        if self.stack:
            _, kind, _, opened = self.stack[-1]
            raise self.fail_unclosed(kind, opened)
        if quote_start is not None:
            out.close({"type": "blockquote"}, quote_start)
        return out.result()


def parse_text(text: str, parse_mode: str | None) -> tuple[str, list[Entity]]:
    """Apply ``parse_mode`` (case-insensitive) and return plain text plus entities."""
    mode = (parse_mode or "").lower()
    if not mode:
        return text, []
    if mode == "html":
        return parse_html(text)
    if mode in {"markdownv2", "markdown"}:
        return _Markdown(text, v2=mode == "markdownv2").parse()
    raise bad_request("unsupported parse_mode")


# ---------------------------------------------------------------- automatic entities

_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/@])")
_URL = re.compile(
    r"(?:https?://[^\s<>\"]+|\b(?:[A-Za-z0-9-]+\.)+(?:com|net|org|io|ru|me|co|app|dev|tv|ly)"
    r"(?:/[^\s<>\"]*)?)",
)
_MENTION = re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{3,31}\b")


def detect_entities(text: str) -> list[Entity]:
    """Entities a Telegram client would attach: a leading /command, URLs and @mentions."""
    spans: list[tuple[str, int, int]] = []
    command = _COMMAND.match(text)
    if command:
        spans.append(("bot_command", 0, command.end()))
    for match in _URL.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in ".,!?;:)'\"":
            end -= 1
        spans.append(("url", match.start(), end))
    spans.extend(("mention", m.start(), m.end()) for m in _MENTION.finditer(text))
    entities = []
    for kind, start, end in sorted(spans, key=lambda span: span[1]):
        if entities and utf16_len(text[:start]) < entities[-1]["offset"] + entities[-1]["length"]:
            continue
        entities.append(
            {"type": kind, "offset": utf16_len(text[:start]), "length": utf16_len(text[start:end])}
        )
    return entities
