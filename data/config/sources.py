"""Where raw values come from: built-in defaults < config.ini < .env < process environment."""

from __future__ import annotations

import configparser
import io
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from dotenv import dotenv_values
from dotenv.parser import parse_stream

from .settings import KEYS, PUBLIC_BOT_API, PUBLIC_UPLOAD_MB, RESERVED_WEB_PATHS, KeySpec, Settings
from .values import ConfigError, InvalidValue

CONFIG_PATH_ENV = "TOKDROP_CONFIG"
DEFAULT_INI_PATH = Path("config.ini")
DEFAULT_DOTENV_PATH = Path(".env")

_Raw = dict[str, tuple[str, str]]


def _read_ini(path: Path) -> _Raw:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        with path.open(encoding="utf-8") as stream:
            parser.read_file(stream, source=str(path))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: config file is not valid UTF-8") from None
    except configparser.Error as exc:
        raise ConfigError(f"{path}: {_ini_problem(exc)}") from None
    if parser.defaults():
        raise ConfigError(f"{path}: the [DEFAULT] section is not supported")
    options = {(spec.section, spec.option): spec for spec in KEYS}
    sections = sorted({spec.section for spec in KEYS})
    raw: _Raw = {}
    for section in parser.sections():
        if section not in sections:
            raise ConfigError(f"{path}: unknown section [{section}] (known: {', '.join(sections)})")
        for option, value in parser.items(section):
            spec = options.get((section, option))
            if spec is None:
                known = ", ".join(o for s, o in options if s == section)
                raise ConfigError(
                    f"{path}: unknown option {option!r} in [{section}] (known: {known})"
                )
            raw[spec.env] = (value, f"{path} [{section}] {option}")
    return raw


def _ini_problem(exc: configparser.Error) -> str:
    if isinstance(exc, configparser.MissingSectionHeaderError):
        return f"line {exc.lineno}: option before any [section] header"
    if isinstance(exc, configparser.ParsingError):
        return f"line {exc.errors[0][0]}: expected 'option = value' or '[section]'"
    if isinstance(exc, configparser.DuplicateOptionError):
        return f"line {exc.lineno}: option {exc.option!r} repeated in [{exc.section}]"
    if isinstance(exc, configparser.DuplicateSectionError):
        return f"line {exc.lineno}: section [{exc.section}] repeated"
    return "malformed ini file"


def _read_dotenv(path: Path) -> _Raw:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read .env file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: .env file is not valid UTF-8") from None
    for binding in parse_stream(io.StringIO(text)):
        if binding.error:
            raise ConfigError(f"{path}: line {binding.original.line}: cannot parse .env line")
    values = dotenv_values(stream=io.StringIO(text), interpolate=False)
    return {
        spec.env: (values[spec.env], str(path)) for spec in KEYS if values.get(spec.env) is not None
    }


def _read_layer(path: Path, explicit: str | None, read: Callable[[Path], _Raw]) -> _Raw:
    if path.exists():
        return read(path)
    if explicit:
        raise ConfigError(f"{path}: file not found (named by {explicit})")
    return {}


def _parse(spec: KeySpec, raw: str, source: str) -> Any:
    try:
        return spec.parse(raw.strip())
    except ValueError as exc:
        problem = str(exc) if isinstance(exc, InvalidValue) else "invalid value"
        raise ConfigError(f"{spec.env}: {problem}; set in {source}", key=spec.env) from None


def load_settings(
    environ: Mapping[str, str] | None = None,
    *,
    ini_path: str | Path | None = None,
    dotenv_path: str | Path | None = None,
) -> Settings:
    """Merge defaults < config.ini < .env < environ into validated ``Settings``.

    ``environ`` defaults to ``os.environ`` and is only read, never written. The ini path is
    ``ini_path``, else ``$TOKDROP_CONFIG``, else ``./config.ini``; the .env path is
    ``dotenv_path``, else ``./.env``. A missing default file is skipped; a missing file that
    was named explicitly raises ``ConfigError``, as does any malformed file or bad value.
    """
    env = os.environ if environ is None else environ
    ini_origin = "ini_path" if ini_path is not None else None
    if ini_path is None and env.get(CONFIG_PATH_ENV):
        ini_path, ini_origin = env[CONFIG_PATH_ENV], CONFIG_PATH_ENV
    dotenv_origin = "dotenv_path" if dotenv_path is not None else None

    raw: _Raw = {spec.env: (spec.default, "the built-in defaults") for spec in KEYS}
    raw.update(_read_layer(Path(ini_path or DEFAULT_INI_PATH), ini_origin, _read_ini))
    raw.update(_read_layer(Path(dotenv_path or DEFAULT_DOTENV_PATH), dotenv_origin, _read_dotenv))
    raw.update({spec.env: (env[spec.env], "environment") for spec in KEYS if spec.env in env})
    settings = Settings(**{spec.field: _parse(spec, *raw[spec.env]) for spec in KEYS})
    if settings.tg_server == PUBLIC_BOT_API and (settings.max_upload_mb or 0) > PUBLIC_UPLOAD_MB:
        raise ConfigError(
            f"MAX_UPLOAD_MB: the public Bot API accepts uploads of at most {PUBLIC_UPLOAD_MB} MB; "
            "set TG_SERVER to a self-hosted Bot API server for more; "
            f"set in {raw['MAX_UPLOAD_MB'][1]}",
            key="MAX_UPLOAD_MB",
        )
    if settings.webhook_mode and settings.webhook_path in RESERVED_WEB_PATHS:
        raise ConfigError(
            f"WEBHOOK_URL: the path {settings.webhook_path} is the web server's own; pick another, "
            f"e.g. /telegram; set in {raw['WEBHOOK_URL'][1]}",
            key="WEBHOOK_URL",
        )
    return settings
