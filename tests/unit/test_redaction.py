"""data.redaction: every secret of the settings is masked, plain or percent-encoded, in any
text; the logging filter applies it to messages, arguments and tracebacks."""

import io
import logging
from urllib.parse import quote, quote_plus

import pytest

from bot.logging_setup import RedactSecrets
from data.config import load_settings
from data.redaction import Redactor, secret_values

TOKEN = "424242:AAH-redaction-secret-part-0123456789"
HALF = TOKEN.split(":", 1)[1]
PASSWORD = "p@ss w/rd:ü+1"


@pytest.fixture
def settings(tmp_path):
    empty = tmp_path / "empty.ini"
    empty.touch()
    environ = {
        "BOT_TOKEN": TOKEN,
        "DB_URL": f"postgresql://bot@db.example/x?password={quote(PASSWORD, safe='')}&ssl=on",
        "REDIS_URL": "redis://default:redis-pass-77@127.0.0.1:6379/0",
        "TIKTOK_PROXY": "http://proxyuser:proxy-pass-88@10.0.0.5:3128",
        "WEBHOOK_SECRET": "hook-secret-99",
    }
    return load_settings(environ, ini_path=empty, dotenv_path=empty)


def test_every_secret_setting_is_found(settings):
    found = set(secret_values(settings))
    assert {TOKEN, PASSWORD, "redis-pass-77", "proxy-pass-88", "hook-secret-99"} <= found
    assert "proxyuser:proxy-pass-88" in found  # the proxy's credentials as a whole


def test_plain_and_percent_encoded_forms_are_masked(settings):
    redactor = Redactor(secret_values(settings))
    forms = [
        PASSWORD,
        quote(PASSWORD),  # "/" kept
        quote(PASSWORD, safe=""),
        quote_plus(PASSWORD),
        quote(PASSWORD, safe="").lower(),  # lower-case hex
        "p%40ss w/rd:%C3%BC+1",  # a mix of encoded and plain characters
        f"/bot{TOKEN}/sendMessage",
        f"/bot{quote(TOKEN, safe='')}/getMe",
        HALF,
        "redis://default:redis-pass-77@127.0.0.1:6379/0",
        "proxy-pass-88",
        quote("proxyuser:proxy-pass-88"),
        "hook-secret-99",
    ]
    for form in forms:
        masked = redactor.redact(f"error at <{form}> here")
        assert masked.startswith("error at <") and masked.endswith("> here"), masked
        assert "***" in masked, (form, masked)
        for secret in (PASSWORD, HALF, "redis-pass", "proxy-pass", "hook-secret", "p%40ss"):
            assert secret not in masked, (form, masked)
    assert redactor.redact(f"/bot{TOKEN}/x") == "/bot424242:***/x"  # the bot id stays


def test_short_or_empty_values_mask_nothing():
    redactor = Redactor(["", "ab"])
    assert redactor.redact("ab cd") == "ab cd"


def test_the_logging_filter_masks_messages_arguments_and_tracebacks(settings):
    from data import redaction

    redaction.register_settings(settings)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets())
    logger = logging.getLogger("tokdrop.test.redaction")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("GET %s failed", f"https://api.telegram.org/bot{TOKEN}/getMe")
        logger.warning("db password %s", quote_plus(PASSWORD))
        try:
            raise RuntimeError(f"proxy http://proxyuser:{quote('proxy-pass-88')}@10.0.0.5 died")
        except RuntimeError:
            logger.exception("boom")
    finally:
        logger.removeHandler(handler)
    output = stream.getvalue()
    assert "RuntimeError" in output and output.count("***") >= 3, output
    for secret in (HALF, "p%40ss", "proxy-pass"):
        assert secret not in output
