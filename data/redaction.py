"""One redaction for every text that leaves the process: log records, admin replies and error
texts stored in the database.

Secrets are registered once at start-up (:func:`register_settings` takes every secret-typed
setting: the bot token, the database, Redis and proxy passwords, the webhook secret) and
:func:`redact` masks each of them wherever it appears, written plainly or percent-encoded in
any mix of upper- and lower-case hex (as in URLs, ``quote`` and ``quote_plus``). A bot token
is masked by its secret half, so ``<id>:***`` still tells which bot it was.

It lives in ``data`` (which imports nothing from ``bot``), so both layers use the same one.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from urllib.parse import parse_qsl, unquote, urlsplit

from data.config import KEYS, Secret, Settings

MASK = "***"
# Shorter values would mask common words all over the log; no real secret is this short.
MIN_SECRET_LENGTH = 4
_BOT_TOKEN = re.compile(r"[0-9]{5,20}:(?P<secret>[A-Za-z0-9_-]{30,64})")


def _char_pattern(char: str) -> str:
    """The char as written, or percent-encoded (either hex case), or ``+`` for a space."""
    encoded = "".join(f"%[{b >> 4:X}{b >> 4:x}][{b & 15:X}{b & 15:x}]" for b in char.encode())
    forms = [re.escape(char), encoded] + ([r"\+"] if char == " " else [])
    return "(?:" + "|".join(forms) + ")"


def secret_pattern(secret: str) -> str:
    """A regular expression matching ``secret`` plain or percent-encoded, in any mix."""
    return "".join(_char_pattern(char) for char in secret)


class Redactor:
    """A set of secrets and the one regular expression that finds any of them."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets: set[str] = set()
        self._ordered: tuple[str, ...] = ()
        self._pattern: re.Pattern[str] | None = None
        self._lock = threading.Lock()
        self.add(secrets)

    def add(self, secrets: Iterable[str]) -> None:
        """Register more secrets (a bot token also registers its secret half)."""
        found = set()
        for secret in secrets:
            if not secret:
                continue
            token = _BOT_TOKEN.fullmatch(secret)
            found.add(token["secret"] if token else secret)
        found = {s for s in found if len(s) >= MIN_SECRET_LENGTH} - self._secrets
        if not found:
            return
        with self._lock:
            self._secrets |= found
            # Longest first, so that a secret containing another is masked whole.
            ordered = tuple(sorted(self._secrets, key=len, reverse=True))
            self._pattern = re.compile("|".join(secret_pattern(s) for s in ordered))
            self._ordered = ordered

    def __len__(self) -> int:
        return len(self._secrets)

    def redact(self, text: str) -> str:
        """``text`` with every registered secret replaced by ``***``."""
        pattern = self._pattern
        if pattern is None or not text:
            return text
        if "%" in text or "+" in text:  # may hold an encoded form: the full expression
            return pattern.sub(MASK, text)
        for secret in self._ordered:  # only plain forms are possible: plain search, ~10x faster
            if secret in text:
                text = text.replace(secret, MASK)
        return text


def url_secrets(url: str) -> list[str]:
    """The secret parts of a URL: the password of its user info and a ``password=`` query
    value (both decoded), and the user info as a whole."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:  # not a URL after all: the whole value is the secret
        return [url]
    found = []
    if password:
        found += [unquote(password), password]
        found.append(parts.netloc.rpartition("@")[0])
    for name, value in parse_qsl(parts.query, keep_blank_values=False):
        if name.lower() == "password":
            found.append(value)
    return found


def secret_values(settings: Settings) -> list[str]:
    """Every secret in ``settings``: each secret-typed key's value, and for URL-valued ones
    (database, Redis, proxy) the credentials inside them."""
    found = []
    for spec in KEYS:
        if not spec.secret:
            continue
        value = getattr(settings, spec.field)
        raw = value.get() if isinstance(value, Secret) else str(value or "")
        if not raw:
            continue
        found += url_secrets(raw) if "://" in raw else [raw]
    return found


DEFAULT = Redactor()


def register(secrets: Iterable[str]) -> None:
    """Add secrets to the process's redaction."""
    DEFAULT.add(secrets)


def register_settings(settings: Settings) -> None:
    """Add every secret of ``settings`` to the process's redaction (call at start-up)."""
    DEFAULT.add(secret_values(settings))


def redact(text: str) -> str:
    """``text`` with every secret registered in this process masked."""
    return DEFAULT.redact(text)
