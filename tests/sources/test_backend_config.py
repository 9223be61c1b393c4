"""TIKTOK_BACKENDS / TIKTOK_BACKEND / BREAKER_* and the chain ``create_resolver`` builds from
them: the order, which key wins, retries only on the last backend, named start-up errors."""

from __future__ import annotations

import pytest

from bot.sources import check_backend_settings, create_resolver
from bot.sources.resolver import TIKTOK_BACKEND_REGISTRY, BackendSpec, check_backends
from bot.sources.tikwm import TikwmResolver
from bot.sources.ytdlp import YtDlpResolver
from data.config import ConfigError
from tests.sources.conftest import make_settings


def settings(tmp_path, **env):
    return make_settings(tmp_path, **env)


def test_the_default_chain_is_tikwm_alone(tmp_path):
    assert settings(tmp_path).tiktok_chain == (("tikwm",), "TIKTOK_BACKEND")
    old = settings(tmp_path, TIKTOK_BACKEND="ytdlp")
    assert old.tiktok_chain == (("ytdlp",), "TIKTOK_BACKEND")


def test_tiktok_backends_wins_over_the_old_key(tmp_path):
    both = settings(tmp_path, TIKTOK_BACKEND="ytdlp", TIKTOK_BACKENDS="tikwm")
    assert both.tiktok_chain == (("tikwm",), "TIKTOK_BACKENDS")
    order = settings(tmp_path, TIKTOK_BACKENDS=" YTDLP , tikwm ")
    assert order.tiktok_chain == (("ytdlp", "tikwm"), "TIKTOK_BACKENDS")


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("tikwm,tikwm", "tikwm named more than once"),
        ("tikwm,,ytdlp", "an empty name is not a backend name"),
        ("tik wm", "'tik wm' is not a backend name"),
    ],
)
def test_malformed_lists_are_named_errors(tmp_path, value, fragment):
    with pytest.raises(ConfigError) as caught:
        settings(tmp_path, TIKTOK_BACKENDS=value)
    assert caught.value.key == "TIKTOK_BACKENDS" and fragment in str(caught.value)


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("BREAKER_FAILURES", "0", "outside"),
        ("BREAKER_FAILURES", "two", "is not a whole number"),
        ("BREAKER_COOLDOWN", "0.5", "outside"),
    ],
)
def test_bad_breaker_values_are_named_errors(tmp_path, key, value, fragment):
    with pytest.raises(ConfigError) as caught:
        settings(tmp_path, **{key: value})
    assert caught.value.key == key and fragment in str(caught.value)


async def test_the_chain_follows_the_order_and_only_the_last_backend_retries(tmp_path, http):
    chain = create_resolver(
        settings(tmp_path, TIKTOK_BACKENDS="ytdlp,tikwm", TIKTOK_RETRIES="3"), http
    )
    assert chain.names == ("ytdlp", "tikwm")
    ytdlp, tikwm = (backend.resolver for backend in chain.backends)
    assert isinstance(ytdlp, YtDlpResolver) and ytdlp.retries == 0
    assert isinstance(tikwm, TikwmResolver) and tikwm.policy.retries == 3
    chain = create_resolver(settings(tmp_path, TIKTOK_BACKENDS="tikwm,ytdlp"), http)
    first, last = (backend.resolver for backend in chain.backends)
    assert first.policy.retries == 0 and last.retries == 2


async def test_breakers_follow_the_settings(tmp_path, http):
    env = {"TIKTOK_BACKENDS": "tikwm,ytdlp", "BREAKER_FAILURES": "7", "BREAKER_COOLDOWN": "90"}
    chain = create_resolver(settings(tmp_path, **env), http)
    assert {(b.breaker.threshold, b.breaker.cooldown) for b in chain.backends} == {(7, 90.0)}
    assert chain.backends[0].breaker is not chain.backends[1].breaker


@pytest.mark.parametrize("value", ["instaloader", "tikwm,instaloader"])
async def test_an_unknown_backend_is_a_named_start_up_error(tmp_path, http, value):
    configured = settings(tmp_path, TIKTOK_BACKENDS=value)
    for check in (check_backend_settings, lambda s: create_resolver(s, http)):
        with pytest.raises(ConfigError) as caught:
            check(configured)
        assert caught.value.key == "TIKTOK_BACKENDS"
        assert str(caught.value) == (
            "TIKTOK_BACKENDS: unknown backend 'instaloader' (known: tikwm, ytdlp, cobalt)"
        )


async def test_cobalt_without_its_url_is_a_named_start_up_error(tmp_path, http):
    configured = settings(tmp_path, TIKTOK_BACKENDS="tikwm,cobalt")
    with pytest.raises(ConfigError) as caught:
        check_backend_settings(configured)
    assert str(caught.value) == "TIKTOK_BACKENDS: backend 'cobalt' needs COBALT_URL to be set"


async def test_cobalt_in_the_chain_is_the_cobalt_resolver(tmp_path, http):
    configured = settings(tmp_path, TIKTOK_BACKENDS="tikwm,cobalt", COBALT_URL="http://127.0.0.1:9")
    chain = create_resolver(configured, http)
    assert [type(b.resolver).__name__ for b in chain.backends] == [
        "TikwmResolver",
        "CobaltResolver",
    ]


def test_a_backend_without_its_url_is_a_named_start_up_error(tmp_path):
    def unused(*_args):
        raise AssertionError("never built")

    registry = {**TIKTOK_BACKEND_REGISTRY, "selfhosted": BackendSpec(unused, needs=("REDIS_URL",))}
    configured = settings(tmp_path, TIKTOK_BACKENDS="tikwm,selfhosted")
    with pytest.raises(ConfigError) as caught:
        check_backends(*configured.tiktok_chain, registry, configured)
    assert str(caught.value) == "TIKTOK_BACKENDS: backend 'selfhosted' needs REDIS_URL to be set"
    with_url = settings(tmp_path, TIKTOK_BACKENDS="selfhosted", REDIS_URL="redis://127.0.0.1/0")
    check_backends(*with_url.tiktok_chain, registry, with_url)  # set: fine


def test_every_registered_backend_needs_only_keys_that_exist(tmp_path):
    fields = set(vars(settings(tmp_path)))
    for name, spec in TIKTOK_BACKEND_REGISTRY.items():
        assert {need.lower() for need in spec.needs} <= fields, name
