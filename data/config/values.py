"""Configuration values: what a raw string may be, parsed into what (secrets stay masked).

Each ``parse_*`` function (and ``DatabaseUrl``) takes the stripped raw string of one key and
returns its value, or raises :class:`InvalidValue` saying why, never quoting a secret.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
SQLITE_SCHEMES = frozenset({"sqlite", "sqlite+aiosqlite"})
POSTGRES_SCHEMES = frozenset({"postgresql", "postgres", "postgresql+asyncpg"})

MASK = "********"
EMPTY = "<empty>"
_MAX_USER_ID = 2**63 - 1
_TOKEN = re.compile(r"[0-9]{5,20}:[A-Za-z0-9_-]{30,64}")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
_NAME = re.compile(r"[a-z][a-z0-9_-]{0,31}")
_DB_HINT = "use sqlite:///path or postgresql://user:pass@host/db"
_POSTGRES_REST = re.compile(
    r"(?:(?P<user>[^:/@]*)(?::(?P<password>[^@]*))?@)?"
    r"(?P<host>\[[^/?\]]*\]|[^/:?@]*)"
    r"(?::(?P<port>[^/?@]*))?"
    r"(?:/(?P<database>[^?]*))?"
    r"(?:\?(?P<query>.*))?",
    re.DOTALL,
)
_QUERY_PASSWORD = re.compile(r"(?i)([?&]password=)[^&]*")
_QUERY_HOST = re.compile(r"(?:^|&)host=[^&]")


class ConfigError(ValueError):
    """A configuration value or file is invalid; ``str()`` is one line naming key and problem."""

    def __init__(self, message: str, *, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


class InvalidValue(ValueError):
    """Why a raw value was rejected; its message never contains secret material."""


class Secret:
    """A string that never shows itself in ``repr()``/``str()``; ``get()`` returns it."""

    __slots__ = ("_value",)

    def __init__(self, value: str = "") -> None:
        self._value = value

    def get(self) -> str:
        """The real value."""
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._value == other._value

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._value))

    def __repr__(self) -> str:
        return MASK if self._value else EMPTY

    __str__ = __repr__


class DatabaseUrl(Secret):
    """A validated SQLite or PostgreSQL URL whose password is masked in ``repr()``/``str()``."""

    __slots__ = ()

    def __init__(self, value: str) -> None:
        _check_db_url(value)
        super().__init__(value)

    @property
    def value(self) -> str:
        """The full URL, password included."""
        return self._value

    @property
    def scheme(self) -> str:
        """The scheme exactly as written, e.g. ``postgresql+asyncpg``."""
        return self._value.partition("://")[0]

    @property
    def family(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return "sqlite" if self.scheme in SQLITE_SCHEMES else "postgresql"

    @property
    def masked(self) -> str:
        """The URL with any password replaced by ``***``."""
        if self.family == "sqlite":
            return self._value
        scheme, _, rest = self._value.partition("://")
        match = _POSTGRES_REST.fullmatch(rest)
        if match["password"] is not None:
            rest = rest[: match.start("password")] + "***" + rest[match.end("password") :]
        return _QUERY_PASSWORD.sub(r"\1***", f"{scheme}://{rest}")

    def __repr__(self) -> str:
        return self.masked

    __str__ = __repr__


def _check_db_url(value: str) -> None:
    scheme, sep, rest = value.partition("://")
    if not sep or not _SCHEME.fullmatch(scheme):
        raise InvalidValue(f"not a database URL ({_DB_HINT})")
    if scheme in SQLITE_SCHEMES:
        if not rest.startswith("/") or not rest[1:].partition("?")[0]:
            raise InvalidValue(
                "sqlite URL needs a path "
                "(sqlite:///relative/path, sqlite:////abs/path or sqlite:///:memory:)"
            )
        return
    if scheme not in POSTGRES_SCHEMES:
        raise InvalidValue(f"unsupported scheme {scheme!r} ({_DB_HINT})")
    match = _POSTGRES_REST.fullmatch(rest)
    if match is None:
        raise InvalidValue(
            "cannot parse the postgresql URL "
            "(percent-encode '@' and ':' in the user name or password)"
        )
    port = match["port"]
    if port is not None and not (port.isascii() and port.isdigit() and 0 < int(port) < 65536):
        raise InvalidValue("the port must be a number from 1 to 65535")
    if match["host"] in ("", "[]") and not _QUERY_HOST.search(match["query"] or ""):
        raise InvalidValue("postgresql URL needs a host (postgresql://user:pass@host/db)")


def parse_token(raw: str) -> Secret:
    if raw and not _TOKEN.fullmatch(raw):
        raise InvalidValue("malformed token (expected <digits>:<secret>)")
    return Secret(raw)


def parse_admin_ids(raw: str) -> frozenset[int]:
    ids = set()
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        if not (item.isascii() and item.isdigit() and 0 < int(item) <= _MAX_USER_ID):
            raise InvalidValue(
                f"{item!r} is not a Telegram user id (expected comma-separated integers)"
            )
        ids.add(int(item))
    return frozenset(ids)


def parse_log_level(raw: str) -> str:
    level = raw.upper()
    if level not in LOG_LEVELS:
        raise InvalidValue(f"{raw!r} is not one of {', '.join(LOG_LEVELS)}")
    return level


def parse_choice(*choices: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        value = raw.lower()
        if value not in choices:
            raise InvalidValue(f"{raw!r} is not one of {', '.join(choices)}")
        return value

    return parse


def parse_name_list(raw: str) -> tuple[str, ...]:
    """A comma list of names (``tikwm, ytdlp``), lower-cased, in order; empty gives ``()``.
    Which names exist is checked where they are used (``bot.sources.resolver``)."""
    if not raw:
        return ()
    names = tuple(part.strip().lower() for part in raw.split(","))
    for name in names:
        if not _NAME.fullmatch(name):
            shown = repr(name) if name else "an empty name"
            raise InvalidValue(f"{shown} is not a backend name (letters, digits, _ and -)")
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise InvalidValue(f"{', '.join(repeated)} named more than once")
    return names


def parse_number(kind: type, low: float, high: float) -> Callable[[str], Any]:
    def parse(raw: str) -> Any:
        try:
            value = kind(raw)
        except ValueError:
            whole = "whole " if kind is int else ""
            raise InvalidValue(f"{raw!r} is not a {whole}number") from None
        if not low <= value <= high:
            raise InvalidValue(f"{raw} is outside {low:g}..{high:g}")
        return value

    return parse


def parse_optional_int(low: int, high: int) -> Callable[[str], int | None]:
    number = parse_number(int, low, high)
    return lambda raw: None if raw == "" else number(raw)


def parse_proxy(raw: str) -> Secret:
    if raw:
        try:
            parts = urlsplit(raw)
            valid = parts.scheme in ("http", "https") and bool(parts.hostname)
        except ValueError:
            valid = False
        if not valid:
            raise InvalidValue("expected an http:// or https:// proxy URL with a host")
    return Secret(raw)


def parse_optional_url(*schemes: str, secret: bool = False) -> Callable[[str], Any]:
    def parse(raw: str) -> Any:
        if raw:
            try:
                parts = urlsplit(raw)
                valid = parts.scheme in schemes and bool(parts.hostname) and parts.port != 0
            except ValueError:
                valid = False
            if not valid:
                names = " or ".join(s + "://" for s in schemes)
                raise InvalidValue(f"expected a {names} URL with a host")
            if not secret and "@" in parts.netloc:
                raise InvalidValue("credentials in the URL are not supported")
        return Secret(raw) if secret else raw

    return parse


_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


def parse_webhook_secret(raw: str) -> Secret:
    if raw and not _WEBHOOK_SECRET.fullmatch(raw):
        raise InvalidValue("expected 1..256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)")
    return Secret(raw)


def parse_directory(raw: str) -> str:
    """An existing, writable directory (absolute or relative), or "" for the default."""
    if raw and not (os.path.isdir(raw) and os.access(raw, os.W_OK | os.X_OK)):
        raise InvalidValue(f"{raw!r} is not an existing directory the bot may write to")
    return raw


def parse_host(raw: str) -> str:
    if not raw or any(ch.isspace() or ch in "/?#@" for ch in raw):
        raise InvalidValue(f"{raw!r} is not a host name or IP address to listen on")
    return raw


def parse_tg_server(raw: str) -> str:
    if "@" in re.split(r"[/?#]", raw.partition("://")[2], maxsplit=1)[0]:
        raise InvalidValue("credentials in the URL are not supported")
    try:
        parts = urlsplit(raw)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:
        valid = False
    if not valid:
        raise InvalidValue(f"{raw!r} is not an http(s) URL with a host")
    if "?" in raw or "#" in raw:
        raise InvalidValue(f"{raw!r} must not contain a query or fragment")
    return raw.rstrip("/")


# --- the cobalt backend (COBALT_URL, COBALT_API_KEY) ---------------------------------------

_COBALT_KEY = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def parse_cobalt_api_key(raw: str) -> Secret:
    """cobalt's API keys are UUIDs (it refuses any other shape); kept lower-cased, as cobalt
    compares them."""
    key = raw.strip().lower()
    if key and not _COBALT_KEY.fullmatch(key):
        raise InvalidValue(
            "expected a cobalt API key: a UUID like aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
        )
    return Secret(key)


# --- yt-dlp's cookies file (YTDLP_COOKIES) -------------------------------------------------

# The first line every Netscape cookies file starts with (http.cookiejar.MozillaCookieJar's).
NETSCAPE_HEADER = re.compile(r"#( Netscape)? HTTP Cookie File")
_HTTPONLY = "#HttpOnly_"
_EXPIRES = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def cookie_line_problem(line: str) -> str | None:
    """Why ``line`` (of a cookies file, after its header) is neither a comment, a blank nor a
    cookie entry yt-dlp loads, or None; the reason never quotes the line (it holds secrets)."""
    if line.startswith(_HTTPONLY):
        line = line[len(_HTTPONLY) :]
    if line.startswith("#") or not line.strip():
        return None
    fields = line.rstrip("\r\n").split("\t")
    if len(fields) != 7:
        return f"{len(fields)} tab-separated fields instead of 7"
    domain, flag, _path, _secure, expires, _name, _value = fields
    if expires and not _EXPIRES.fullmatch(expires):
        return "the expiry (5th field) is not a number"
    if (flag == "TRUE") != domain.startswith("."):
        return "the 2nd field must be TRUE exactly when the domain starts with a dot"
    return None


def parse_cookies_file(raw: str) -> str:
    """A readable cookies file in Netscape format (what ``yt-dlp --cookies`` takes), or "" for
    none. Errors name the file and a line number, never a line's content."""
    if not raw:
        return raw
    try:
        with open(raw, encoding="utf-8") as stream:
            header = stream.readline()
            problems = [
                (number, problem)
                for number, line in enumerate(stream, start=2)
                if (problem := cookie_line_problem(line)) is not None
            ]
    except IsADirectoryError:
        raise InvalidValue(f"{raw!r} is a directory, not a cookies file") from None
    except OSError as exc:
        raise InvalidValue(f"cannot read {raw!r} ({exc.strerror or 'unreadable'})") from None
    except UnicodeDecodeError:
        raise InvalidValue(f"{raw!r} is not a UTF-8 text file") from None
    if not NETSCAPE_HEADER.search(header):
        raise InvalidValue(
            f"{raw!r} is not a Netscape cookies file "
            "(its first line must be '# Netscape HTTP Cookie File')"
        )
    if problems:
        number, problem = problems[0]
        more = f" (and {len(problems) - 1} more lines)" if len(problems) > 1 else ""
        raise InvalidValue(f"{raw!r} line {number}: {problem}{more}")
    return raw


# --- backups and monitoring (BACKUP_INTERVAL_HOURS, BACKUP_KEEP, METRICS_TOKEN) -------------

_MIN_BACKUP_HOURS = 1 / 60
_BEARER = re.compile(r"[A-Za-z0-9._~+/-]{16,256}=*")


def parse_backup_interval(raw: str) -> float:
    hours = parse_number(float, 0, 24 * 365)(raw)
    if 0 < hours < _MIN_BACKUP_HOURS:
        raise InvalidValue(f"{raw} is shorter than a minute; use 0 to turn scheduled backups off")
    return hours


def parse_metrics_token(raw: str) -> Secret:
    if raw and not _BEARER.fullmatch(raw):
        raise InvalidValue(
            "expected 16..256 characters of A-Z, a-z, 0-9 and -._~+/ (a bearer token)"
        )
    return Secret(raw)
