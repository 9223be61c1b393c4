"""The bot's Bot API calls as terminal lines: texts, one line per media item, numbered buttons.

Sent messages are shown as the emulator stored them (HTML already parsed into plain text and
entities; a link's target follows its text as ``<url>``); a rejected call is one ``✗`` line.
"""

from __future__ import annotations

import html.parser
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from devservers.telegram_api import Call

MEDIA_KINDS = ("video", "photo", "animation", "document", "audio", "voice", "video_note", "sticker")
SENT_MESSAGE = frozenset(
    {
        "sendMessage",
        "sendVideo",
        "sendPhoto",
        "sendAnimation",
        "sendDocument",
        "sendAudio",
        "sendVoice",
        "sendVideoNote",
        "sendSticker",
        "editMessageText",
        "editMessageCaption",
        "editMessageMedia",
        "editMessageReplyMarkup",
    }
)
COPIES = frozenset({"copyMessage", "forwardMessage"})
QUIET = frozenset({"getUpdates", "sendChatAction"})  # never shown, even when rejected


@dataclass(frozen=True)
class Button:
    """A button the user can press by its number."""

    number: int
    chat_id: int
    message_id: int
    text: str
    callback_data: str | None = None
    url: str | None = None


class ButtonBoard:
    """Numbers every button shown, in order, for the whole session (``:1``, ``:2``, …)."""

    def __init__(self) -> None:
        self._buttons: dict[int, Button] = {}

    def add(self, chat_id: int, message_id: int, markup: dict[str, Any]) -> list[list[Button]]:
        """Number the rows of an inline keyboard; returns them as buttons."""
        rows = []
        for row in markup.get("inline_keyboard", []):
            buttons = []
            for spec in row:
                button = Button(
                    len(self._buttons) + 1,
                    chat_id,
                    message_id,
                    spec.get("text", ""),
                    spec.get("callback_data"),
                    spec.get("url"),
                )
                self._buttons[button.number] = button
                buttons.append(button)
            rows.append(buttons)
        return rows

    def get(self, number: int) -> Button | None:
        """The button shown with ``number``."""
        return self._buttons.get(number)

    def newest(self, label: str) -> Button | None:
        """The most recently shown button whose label contains ``label`` (any case)."""
        wanted = label.casefold()
        return next(
            (b for b in reversed(self._buttons.values()) if wanted in b.text.casefold()), None
        )


def human_size(size: int | None) -> str:
    """``980 B``, ``75.1 KB``, ``1.3 MB`` (binary units, as file managers show them)."""
    if size is None:
        return "? B"
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def with_links(text: str, entities: Iterable[dict[str, Any]] = ()) -> str:
    """``text`` with each text link's URL after its words: ``@sandbox <https://…>``."""
    links = sorted(
        (e["offset"] + e["length"], e["url"])
        for e in entities
        if e.get("type") == "text_link" and e.get("url")
    )
    if not links:
        return text
    units = text.encode("utf-16-le")  # entity offsets count UTF-16 code units
    parts, start = [], 0
    for end, url in links:
        parts.append(units[start * 2 : end * 2].decode("utf-16-le", "replace") + f" <{url}>")
        start = end
    parts.append(units[start * 2 :].decode("utf-16-le", "replace"))
    return "".join(parts)


class _HtmlText(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._links: list[tuple[str | None, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._links.append((dict(attrs).get("href"), len(self.parts)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._links:
            href, start = self._links.pop()
            if href and "".join(self.parts[start:]) != href:
                self.parts.append(f" <{href}>")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(text: str) -> str:
    """Telegram HTML as plain text: tags dropped, entities unescaped, link targets kept."""
    parser = _HtmlText()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)


def one_line(text: str) -> str:
    """Several lines as one (captions inside a media line)."""
    return " / ".join(part for part in text.splitlines() if part.strip())


def media_line(kind: str, item: Any, caption: str = "", *, cached: bool = False) -> str:
    """``[video 75.1 KB 360x640 7s "caption"]``; ``cached``: sent again by file_id."""
    if kind == "photo" and isinstance(item, list):
        item = item[-1] if item else {}  # the largest size
    item = item if isinstance(item, dict) else {}
    parts = [kind, human_size(item.get("file_size"))]
    if item.get("width") and item.get("height"):
        parts.append(f"{item['width']}x{item['height']}")
    if kind in ("video", "animation", "audio", "voice", "video_note") and item.get("duration"):
        parts.append(f"{item['duration']}s")
    if kind == "audio" and (item.get("performer") or item.get("title")):
        parts.append(" – ".join(x for x in (item.get("performer"), item.get("title")) if x))
    if kind == "document" and item.get("file_name"):
        parts.append(item["file_name"])
    if cached:
        parts.append("(cached)")
    if caption:
        parts.append(f'"{one_line(caption)}"')
    return "[" + " ".join(parts) + "]"


def message_body(message: dict[str, Any], *, cached: bool = False) -> list[str]:
    """A stored message's content: its text lines, or one media line."""
    if "text" in message:
        return with_links(message["text"], message.get("entities", ())).splitlines() or [""]
    caption = with_links(message.get("caption", ""), message.get("caption_entities", ()))
    for kind in MEDIA_KINDS:
        if kind in message:
            return [media_line(kind, message[kind], caption, cached=cached)]
    return ["[a message of a kind the sandbox does not show]"]


def _is_upload(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("attach://")


def _sent_by_file_id(call: Call) -> bool:
    """Whether a single-media send reused a file_id instead of uploading bytes."""
    if call.files:
        return False
    kind = call.method.removeprefix("send").lower()
    value = call.params.get(kind if kind != "videonote" else "video_note")
    return isinstance(value, str) and not _is_upload(value) and "://" not in value


class Renderer:
    """Turns recorded calls into lines; numbers each keyboard's buttons on the board."""

    def __init__(
        self, board: ButtonBoard, lookup: Callable[[Any, Any], dict[str, Any] | None] | None = None
    ) -> None:
        """``lookup(chat_id, message_id)``: a stored message (shows what copyMessage made)."""
        self.board = board
        self.lookup = lookup
        self._summaries: dict[tuple[Any, Any], str] = {}  # (chat, message id) -> first line

    def render(self, call: Call) -> list[str]:
        """The lines to show for ``call`` (none for calls a user would not see)."""
        if call.method in QUIET:
            return []
        if not call.ok:
            error = call.error or {}
            code, description = error.get("error_code"), error.get("description")
            return [f"✗ {call.method} rejected: {code} {description}"]
        if call.method in SENT_MESSAGE:
            return self._sent(call)
        if call.method == "sendMediaGroup":
            return self._album(call)
        if call.method in COPIES:
            return self._copy(call)
        if call.method in ("deleteMessage", "deleteMessages"):
            ids = call.params.get("message_ids") or [call.params.get("message_id")]
            return [
                f"✗ deleted: {self._summaries.get((call.chat_id, i), f'message {i}')}" for i in ids
            ]
        if call.method == "answerCallbackQuery":
            return self._callback_answer(call.params)
        if call.method == "answerInlineQuery":
            return inline_results(call.params.get("results") or [])
        return []

    def _sent(self, call: Call) -> list[str]:
        message = call.result
        if not isinstance(message, dict):  # an edited inline message answers True
            return [f"✎ (inline message) {call.method}"]
        body = message_body(message, cached=_sent_by_file_id(call))
        chat_id, message_id = message["chat"]["id"], message["message_id"]
        self._summaries[(chat_id, message_id)] = body[0]
        if call.method == "editMessageReplyMarkup":
            body = ["✎ buttons changed" if message.get("reply_markup") else "✎ buttons removed"]
        elif call.method.startswith("edit"):
            body[0] = "✎ " + body[0]
        return body + self._keyboard(chat_id, message_id, message.get("reply_markup"))

    def _album(self, call: Call) -> list[str]:
        messages = call.result if isinstance(call.result, list) else []
        items = call.params.get("media") or []
        lines = [f"[media group of {len(messages)}]"]
        for number, message in enumerate(messages, start=1):
            spec = items[number - 1] if number <= len(items) else {}
            cached = isinstance(spec, dict) and not _is_upload(spec.get("media"))
            line = message_body(message, cached=cached)[0]
            self._summaries[(message["chat"]["id"], message["message_id"])] = line
            lines.append(f"  {number:>2}. {line}")
        return lines

    def _copy(self, call: Call) -> list[str]:
        """A copied or forwarded message: its content as the emulator stored it in the chat."""
        result = call.result if isinstance(call.result, dict) else {}
        message = result if "chat" in result else None  # forwardMessage answers the message
        if message is None and self.lookup is not None and "message_id" in result:
            message = self.lookup(call.chat_id, result["message_id"])
        kind = "copy" if call.method == "copyMessage" else "forward"
        label = f"[{kind} of {call.params.get('from_chat_id')}/{call.params.get('message_id')}]"
        if message is None:
            return [label]
        body = message_body(message)
        body[0] = f"{label} {body[0]}"
        return body + self._keyboard(
            message["chat"]["id"], message["message_id"], message.get("reply_markup")
        )

    def _keyboard(self, chat_id: int, message_id: int, markup: dict[str, Any] | None) -> list[str]:
        if not markup:
            return []
        return [
            "  ".join(_button_label(b) for b in row)
            for row in self.board.add(chat_id, message_id, markup)
        ]

    @staticmethod
    def _callback_answer(params: dict[str, Any]) -> list[str]:
        if params.get("url"):
            return [f"[opens {params['url']}]"]
        if not params.get("text"):
            return []
        kind = "alert" if params.get("show_alert") else "toast"
        return [f"[{kind}] {params['text']}"]


def _button_label(button: Button) -> str:
    if button.url:
        return f"[{button.number}] {button.text} → {button.url}"
    return f"[{button.number}] {button.text}"


def inline_results(results: list[dict[str, Any]]) -> list[str]:
    """An inline query's answer: one numbered line per result."""
    if not results:
        return ["[inline: no results]"]
    lines = [f"[inline: {len(results)} result{'s' if len(results) != 1 else ''}]"]
    for number, result in enumerate(results, start=1):
        kind = result.get("type", "?")
        title = result.get("title") or ""
        content = result.get("input_message_content") or {}
        shown = result.get("caption") or content.get("message_text") or result.get("description")
        parse_mode = result.get("parse_mode") or content.get("parse_mode") or ""
        if shown and parse_mode.upper() == "HTML":
            shown = html_to_text(shown)
        line = f"  {number:>2}. {kind}"
        if title:
            line += f' "{title}"'
        if shown:
            line += f" — {one_line(shown)}"
        buttons = [
            b.get("text", "")
            for row in (result.get("reply_markup") or {}).get("inline_keyboard", [])
            for b in row
        ]
        if buttons:
            line += f" ({' | '.join(buttons)})"
        lines.append(line)
    return lines
