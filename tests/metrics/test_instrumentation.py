"""The metric families and what feeds them: the update middleware, the Bot API error middleware,
the media counters and the limiter collector (no network, no database)."""

from __future__ import annotations

import pytest
from aiogram import Bot, Dispatcher, Router
from aiogram.exceptions import (
    ClientDecodeError,
    RestartingTelegram,
    TelegramBadRequest,
    TelegramConflictError,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.filters import Command
from aiogram.methods import GetMe, GetUpdates, SendMessage
from aiogram.types import Update
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from bot.app import create_bot
from bot.media.service import TooLarge
from bot.metrics import (
    Metrics,
    TelegramCallMetrics,
    UpdateMetricsMiddleware,
    count_delivery,
    counting_fetch_errors,
    error_code,
    failure_reason,
)
from bot.outbox import Limiter, LimiterConfig, OutboxMiddleware
from bot.outbox.lanes import Lane
from bot.session_chain import install_session_chain
from bot.sources import (
    InvalidLink,
    MediaUnavailable,
    PostUnavailable,
    ResolveError,
    SlideshowUnsupported,
)
from data.config import load_settings

TOKEN = "424243:AAH-metrics-unit-test-token-0123456789"


def value(metrics: Metrics, name: str, **labels: str) -> float | None:
    return metrics.registry.get_sample_value(name, labels)


def families(metrics: Metrics) -> dict:
    text = generate_latest(metrics.registry).decode()
    return {family.name: family for family in text_string_to_metric_families(text)}


def message_update(update_id: int, text: str) -> Update:
    return Update.model_validate(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 0,
                "text": text,
                "chat": {"id": 1, "type": "private"},
                "from": {"id": 1, "is_bot": False, "first_name": "A"},
            },
        }
    )


def callback_update(update_id: int) -> Update:
    return Update.model_validate(
        {
            "update_id": update_id,
            "callback_query": {
                "id": str(update_id),
                "chat_instance": "1",
                "data": "x",
                "from": {"id": 1, "is_bot": False, "first_name": "A"},
            },
        }
    )


@pytest.fixture
def bot() -> Bot:
    return Bot(TOKEN)


@pytest.fixture
def settings(tmp_path):
    empty = tmp_path / "empty.ini"
    empty.touch()
    return load_settings({"BOT_TOKEN": TOKEN}, ini_path=empty, dotenv_path=empty)


# ------------------------------------------------------------------ the session chain


async def test_each_bot_counts_in_its_own_metrics_and_a_session_takes_one_chain(settings):
    first, second = Metrics(), Metrics()
    bot = create_bot(settings, first)
    other = create_bot(settings, second)  # same token, equal as far as aiogram is concerned
    send = SendMessage(chat_id=1, text="hi")

    async def refuse(_bot, method):
        raise TelegramForbiddenError(method, "Forbidden: bot was blocked by the user")

    for counted_by, times in ((bot, 1), (other, 2)):
        for _ in range(times):
            with pytest.raises(TelegramForbiddenError):
                await counted_by.session.middleware.wrap_middlewares(refuse)(counted_by, send)
    assert value(first, "tokdrop_telegram_errors_total", method="sendMessage", code="403") == 1
    assert value(second, "tokdrop_telegram_errors_total", method="sendMessage", code="403") == 2
    with pytest.raises(ValueError, match="own"):
        install_session_chain(bot, settings, metrics=first)
    assert sum(isinstance(m, TelegramCallMetrics) for m in bot.session.middleware) == 1
    bare = create_bot(settings, None)  # no metrics: the limiter alone, nothing counted
    assert [type(m) for m in bare.session.middleware] == [OutboxMiddleware]


def test_metrics_can_be_built_again_and_again_without_duplicate_errors():
    first, second = Metrics(), Metrics()
    first.updates.labels("message", "ok").inc()
    assert value(second, "tokdrop_updates_total", kind="message", outcome="ok") is None
    assert value(first, "tokdrop_updates_total", kind="message", outcome="ok") == 1


def test_create_bot_installs_metrics_inside_the_limiter(settings):
    metrics = Metrics()
    bot = create_bot(settings, metrics)
    kinds = [type(m) for m in bot.session.middleware]
    assert metrics is not None and metrics.outbox.limiter is not None
    assert kinds.index(OutboxMiddleware) < kinds.index(TelegramCallMetrics)


# ------------------------------------------------------------------ updates


async def test_updates_are_counted_by_kind_and_outcome_and_timed(bot):
    metrics = Metrics()
    dp = Dispatcher()
    dp.update.outer_middleware(UpdateMetricsMiddleware(metrics))
    router = Router()

    @router.message(Command("ok"))
    async def ok(_message) -> None:
        return None

    @router.message(Command("boom"))
    async def boom(_message) -> None:
        raise RuntimeError("handler failed")

    @router.callback_query()
    async def pressed(_query) -> None:
        return None

    dp.include_router(router)
    for update_id in (1, 2, 3):
        await dp.feed_update(bot, message_update(update_id, "/ok"))
    with pytest.raises(RuntimeError):
        await dp.feed_update(bot, message_update(4, "/boom"))
    await dp.feed_update(bot, message_update(5, "no handler for this"))
    await dp.feed_update(bot, callback_update(6))

    assert value(metrics, "tokdrop_updates_total", kind="message", outcome="ok") == 3
    assert value(metrics, "tokdrop_updates_total", kind="message", outcome="error") == 1
    assert value(metrics, "tokdrop_updates_total", kind="message", outcome="unhandled") == 1
    assert value(metrics, "tokdrop_updates_total", kind="callback_query", outcome="ok") == 1
    assert value(metrics, "tokdrop_update_duration_seconds_count", kind="message") == 5
    assert value(metrics, "tokdrop_update_duration_seconds_bucket", kind="message", le="60.0") == 5
    assert (
        value(metrics, "tokdrop_update_duration_seconds_bucket", kind="callback_query", le="+Inf")
        == 1
    )
    assert metrics.liveness.since_update() is not None


async def test_a_bot_without_metrics_is_handled_without_counting():
    dp = Dispatcher()
    dp.update.outer_middleware(UpdateMetricsMiddleware())
    seen = []

    @dp.message()
    async def any_message(message) -> None:
        seen.append(message.text)

    await dp.feed_update(Bot(TOKEN), message_update(1, "hi"))
    assert seen == ["hi"]


# ------------------------------------------------------------------ Bot API errors

METHOD = GetMe()


@pytest.mark.parametrize(
    "error, code",
    [
        (TelegramRetryAfter(METHOD, "Too Many Requests", 3), "429"),
        (TelegramMigrateToChat(METHOD, "migrated", 5), "400"),
        (TelegramBadRequest(METHOD, "Bad Request: chat not found"), "400"),
        (TelegramUnauthorizedError(METHOD, "Unauthorized"), "401"),
        (TelegramForbiddenError(METHOD, "Forbidden: bot was blocked by the user"), "403"),
        (TelegramNotFound(METHOD, "Not Found"), "404"),
        (TelegramConflictError(METHOD, "Conflict: terminated by other getUpdates request"), "409"),
        (TelegramEntityTooLarge(METHOD, "Request Entity Too Large"), "413"),
        (TelegramServerError(METHOD, "Internal Server Error"), "5xx"),
        (RestartingTelegram(METHOD, "Bad Gateway"), "5xx"),
        (TelegramNetworkError(METHOD, "connection reset"), "network"),
        (ClientDecodeError("bad json", ValueError(), {}), "other"),
    ],
)
def test_error_codes(error, code):
    assert error_code(error) == code


async def test_failed_requests_are_counted_by_method_and_code_and_polls_noted(bot):
    metrics = Metrics()
    middleware = TelegramCallMetrics(metrics)
    send = SendMessage(chat_id=1, text="hi")

    async def refuse(_bot, method):
        raise TelegramForbiddenError(method, "Forbidden: bot was blocked by the user")

    async def answer(_bot, _method):
        return "answer"

    for _ in range(2):
        with pytest.raises(TelegramForbiddenError):
            await middleware(refuse, bot, send)
    assert await middleware(answer, bot, send) == "answer"
    assert metrics.liveness.since_poll() is None
    assert await middleware(answer, bot, GetUpdates(timeout=1)) == "answer"
    assert metrics.liveness.since_poll() is not None
    assert value(metrics, "tokdrop_telegram_errors_total", method="sendMessage", code="403") == 2
    assert families(metrics)["tokdrop_telegram_errors"].samples[0].labels == {
        "method": "sendMessage",
        "code": "403",
    }


# ------------------------------------------------------------------ media


@pytest.mark.parametrize(
    "error, reason",
    [
        (PostUnavailable("private"), "unavailable"),
        (SlideshowUnsupported("photo post"), "slideshow_unsupported"),
        (InvalidLink(), "invalid_link"),
        (MediaUnavailable(status=404), "media_unavailable"),
        (ResolveError(), "resolver_down"),
        (TooLarge(10, "https://example.invalid/v.mp4"), "too_large"),
    ],
)
def test_failure_reasons(error, reason):
    assert failure_reason(error) == reason


async def test_deliveries_and_fetch_failures_are_counted():
    metrics = Metrics()
    count_delivery(metrics, "video")
    count_delivery(metrics, "slideshow", cached=True)
    count_delivery(metrics, "video", inline=True, cached=True)
    count_delivery(metrics, "music")
    with pytest.raises(PostUnavailable), counting_fetch_errors(metrics, ResolveError):
        raise PostUnavailable("private")
    with pytest.raises(KeyError), counting_fetch_errors(metrics, ResolveError):
        raise KeyError("not a fetch error")
    with counting_fetch_errors(metrics, ResolveError):
        pass
    count_delivery(None, "video")  # no metrics: nothing happens
    with pytest.raises(PostUnavailable), counting_fetch_errors(None, ResolveError):
        raise PostUnavailable("private")

    def downloads(kind: str, inline: str, cached: str) -> float:
        return value(metrics, "tokdrop_downloads_total", kind=kind, inline=inline, cached=cached)

    assert downloads("video", "false", "false") == 1
    assert downloads("slideshow", "false", "true") == 1
    assert downloads("video", "true", "true") == 1
    assert downloads("music", "false", "false") == 1
    assert downloads("music", "true", "true") == 0  # every known series starts at zero
    assert value(metrics, "tokdrop_resolver_errors_total", reason="unavailable") == 1
    assert (
        sum(
            s.value
            for s in families(metrics)["tokdrop_resolver_errors"].samples
            if s.name.endswith("_total")
        )
        == 1
    )


# ------------------------------------------------------------------ the send limiter


def test_limiter_counters_are_exposed_per_lane():
    metrics = Metrics()
    assert "tokdrop_outbox_sends" not in families(metrics)  # nothing watched yet
    limiter = Limiter(LimiterConfig())
    metrics.outbox.watch(limiter)
    limiter.count_passthrough()
    limiter.count_passthrough()
    limiter.count_ambiguous(Lane.BULK)
    found = families(metrics)
    assert value(metrics, "tokdrop_outbox_passthrough_total") == 2
    assert value(metrics, "tokdrop_outbox_ambiguous_total", lane="bulk") == 1
    assert value(metrics, "tokdrop_outbox_ambiguous_total", lane="interactive") == 0
    assert value(metrics, "tokdrop_outbox_queued", lane="interactive") == 0
    assert value(metrics, "tokdrop_outbox_tracked_chats") == 0
    assert value(metrics, "tokdrop_outbox_shared_chat_errors_total") == 0
    for name in (
        "sends",
        "units",
        "waits",
        "wait_seconds",
        "flood_429",
        "chat_pauses",
        "bot_pauses",
    ):
        family = found[f"tokdrop_outbox_{name}"]
        assert family.type == "counter"
        assert {s.labels["lane"] for s in family.samples} == {"interactive", "bulk"}


def test_standard_process_metrics_are_there_too():
    found = families(Metrics())
    assert "process_cpu_seconds" in found and "python_info" in found
