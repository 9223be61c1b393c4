"""The backend chain end to end: the production bot with two tikwm-shaped backends, the primary
dead (connection refused) or timing out; every link is answered by the secondary, the primary
pays at most one request per link until its breaker opens and none after, and /healthz and
/metrics say so."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

import main
from bot.sources.http import proxy_from_settings
from bot.sources.resolver import TIKTOK_BACKEND_REGISTRY, BackendSpec
from bot.sources.tikwm import TikwmResolver
from bot.web import backend_probes
from devservers.refused import refused_port
from devservers.tikwm import TikwmEmulator

# Fallback has nothing to do with the database: SQLite only.
sqlite_only = pytest.mark.parametrize("backend", ["sqlite"])

FAILURES = 2
LINKS = 4
USER = 5100


def blob(seed: int) -> bytes:
    return hashlib.sha256(str(seed).encode()).digest() * 2000


def post_id(i: int) -> str:
    return str(7_300_000_000_000_100_000 + i)


def link(i: int) -> str:
    return f"https://www.tiktok.com/@nasa/video/{post_id(i)}"


@pytest.fixture
def primary_at(monkeypatch) -> Callable[[str], None]:
    """``primary_at(url)``: register a tikwm-shaped backend named "primary" on ``url`` (the real
    TikwmResolver; "tikwm" is the other, on TIKWM_URL, whose media hosts are allowed)."""

    def register(url: str) -> None:
        def factory(settings, session, backoff_base):
            return TikwmResolver(
                session,
                base_url=url,
                timeout=settings.tiktok_timeout,
                retries=settings.tiktok_retries,
                proxy=proxy_from_settings(settings),
                backoff_base=backoff_base,
            )

        monkeypatch.setitem(TIKTOK_BACKEND_REGISTRY, "primary", BackendSpec(factory))

    return register


@pytest.fixture
def dead_url() -> Iterator[str]:
    with refused_port() as port:
        yield f"http://127.0.0.1:{port}"


@pytest.fixture
async def slow_tikwm() -> Iterator[TikwmEmulator]:
    async with TikwmEmulator() as server:
        server.delay("/api/", 30)  # never answers within TIKTOK_TIMEOUT
        yield server


def videos(tikwm: TikwmEmulator) -> None:
    for i in range(LINKS):
        tikwm.add_video(post_id(i), author="nasa", video=blob(i))


def samples(text: str, family: str) -> dict[tuple[str, ...], float]:
    """The primary's samples of ``family``: ``{other label values, in name order: value}``."""
    found = {}
    for each in text_string_to_metric_families(text):
        for sample in each.samples:
            labels = dict(sample.labels)
            if sample.name == family and labels.pop("backend") == "primary":
                assert labels.pop("platform") == "tiktok"
                found[tuple(value for _, value in sorted(labels.items()))] = sample.value
    return found


async def send_links_one_by_one(app) -> None:
    for i in range(LINKS):
        call = await app.say(USER + i, link(i), method="sendVideo", timeout=20)
        assert [f.sha256 for f in call.files] == [hashlib.sha256(blob(i)).hexdigest()]


async def health_and_metrics(app) -> tuple[dict, str]:
    url = await app.start_web({**app.health_probes(), **backend_probes(app.metrics)})
    async with aiohttp.ClientSession() as client:
        async with client.get(f"{url}/healthz") as response:
            health = await response.json()
            assert response.status == 200, health  # one backend still serves: healthy
        async with client.get(f"{url}/metrics") as response:
            text = await response.text()
    return health["checks"]["tiktok_backends"], text


@sqlite_only
async def test_a_dead_primary_falls_back_and_its_breaker_opens(
    start_bot, tikwm, primary_at, dead_url
):
    primary_at(dead_url)
    videos(tikwm)
    app = await start_bot(
        TIKTOK_BACKENDS="primary,tikwm", BREAKER_FAILURES=str(FAILURES), BREAKER_COOLDOWN="600"
    )
    await send_links_one_by_one(app)
    assert tikwm.count("/api/") == LINKS  # the secondary answered every link, once each

    check, text = await health_and_metrics(app)
    assert check == {"ok": True, "detail": "primary open, tikwm up", "degraded": True}
    requests = samples(text, "tokdrop_backend_requests_total")
    assert requests[("post", "resolver_down")] == FAILURES  # refused: once per link
    assert sum(requests.values()) == FAILURES  # nothing once it opened
    fallbacks = samples(text, "tokdrop_backend_fallbacks_total")
    assert fallbacks[("resolver_down",)] == FAILURES
    assert fallbacks[("open",)] == LINKS - FAILURES
    assert samples(text, "tokdrop_backend_breaker_state")[("open",)] == 1


@sqlite_only
async def test_a_timing_out_primary_costs_each_link_one_timeout_until_it_opens(
    start_bot, tikwm, slow_tikwm, primary_at
):
    primary_at(slow_tikwm.base_url)
    videos(tikwm)
    app = await start_bot(
        TIKTOK_BACKENDS="primary,tikwm",
        TIKTOK_TIMEOUT="1",
        TIKTOK_RETRIES="2",  # the primary makes none: the secondary is its retry
        BREAKER_FAILURES=str(FAILURES),
        BREAKER_COOLDOWN="600",
    )
    await send_links_one_by_one(app)
    assert slow_tikwm.count("/api/") == FAILURES  # one request for each of the first links
    assert tikwm.count("/api/") == LINKS

    check, text = await health_and_metrics(app)
    assert check["detail"] == "primary open, tikwm up"
    assert samples(text, "tokdrop_backend_requests_total")[("post", "timeout")] == 2


def test_a_backend_without_its_url_stops_start_up_in_one_line(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BOT_TOKEN", "424242:AAH-tokdrop-e2e-test-token-0123456789")
    monkeypatch.setenv("DB_URL", f"sqlite:///{tmp_path}/never.sqlite3")
    monkeypatch.setenv("TIKTOK_BACKENDS", "tikwm,cobalt")
    monkeypatch.delenv("COBALT_URL", raising=False)
    monkeypatch.delenv("TOKDROP_CONFIG", raising=False)
    assert main.main([]) == 2
    err = capsys.readouterr().err
    assert err == (
        "configuration error: TIKTOK_BACKENDS: backend 'cobalt' needs COBALT_URL to be set\n"
    )
    assert not (tmp_path / "never.sqlite3").exists()  # stopped before the database
