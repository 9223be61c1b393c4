"""TIKTOK_BACKENDS / TIKTOK_BACKEND / INSTAGRAM_BACKENDS / BREAKER_* and the chains
``create_resolver`` / ``create_resolvers`` build from them: the order, which key wins, the
defaults, retries only on the last backend, named start-up errors."""

from __future__ import annotations

import pytest

from bot.sources import check_backend_settings, create_resolver, create_resolvers
from bot.sources.cobalt_instagram import CobaltInstagramResolver
from bot.sources.resolver import (
    INSTAGRAM_BACKEND_REGISTRY,
    TIKTOK_BACKEND_REGISTRY,
    BackendSpec,
    check_backends,
)
from bot.sources.tikwm import TikwmResolver
from bot.sources.ytdlp import YtDlpResolver
from bot.sources.ytdlp_instagram import YtDlpInstagramResolver
from data.config import ConfigError
from data.models.platform import Platform
from tests.sources.conftest import make_settings
from tests.sources.test_breaker import FakeClock


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
    for registry in (TIKTOK_BACKEND_REGISTRY, INSTAGRAM_BACKEND_REGISTRY):
        for name, spec in registry.items():
            assert {need.lower() for need in spec.needs} <= fields, name


# -- Instagram


def test_the_instagram_default_is_cobalt_when_it_has_a_url_else_ytdlp(tmp_path):
    assert settings(tmp_path).instagram_chain == (("ytdlp",), "INSTAGRAM_BACKENDS")
    with_cobalt = settings(tmp_path, COBALT_URL="http://127.0.0.1:9")
    assert with_cobalt.instagram_chain == (("cobalt",), "INSTAGRAM_BACKENDS")
    named = settings(tmp_path, COBALT_URL="http://127.0.0.1:9", INSTAGRAM_BACKENDS="YtDlp, cobalt")
    assert named.instagram_chain == (("ytdlp", "cobalt"), "INSTAGRAM_BACKENDS")
    check_backend_settings(with_cobalt)  # the defaults are always valid
    check_backend_settings(settings(tmp_path))


@pytest.mark.parametrize("value", ["tikwm", "cobalt,instaloader,ytdlp"])
async def test_an_unknown_instagram_backend_is_a_named_start_up_error(tmp_path, http, value):
    configured = settings(tmp_path, INSTAGRAM_BACKENDS=value, COBALT_URL="http://127.0.0.1:9")
    name = value.split(",")[1] if "," in value else value
    for check in (check_backend_settings, lambda s: create_resolvers(s, http)):
        with pytest.raises(ConfigError) as caught:
            check(configured)
        assert caught.value.key == "INSTAGRAM_BACKENDS"
        assert str(caught.value) == (
            f"INSTAGRAM_BACKENDS: unknown backend {name!r} (known: cobalt, ytdlp)"
        )


async def test_instagram_cobalt_without_its_url_is_a_named_start_up_error(tmp_path, http):
    configured = settings(tmp_path, INSTAGRAM_BACKENDS="ytdlp,cobalt")
    for check in (check_backend_settings, lambda s: create_resolvers(s, http)):
        with pytest.raises(ConfigError) as caught:
            check(configured)
        assert caught.value.key == "INSTAGRAM_BACKENDS"
        assert str(caught.value) == (
            "INSTAGRAM_BACKENDS: backend 'cobalt' needs COBALT_URL to be set"
        )


async def test_both_platforms_are_checked(tmp_path, http):
    bad_tiktok = settings(tmp_path, TIKTOK_BACKENDS="cobalt", INSTAGRAM_BACKENDS="ytdlp")
    with pytest.raises(ConfigError) as caught:
        create_resolvers(bad_tiktok, http)
    assert caught.value.key == "TIKTOK_BACKENDS"


def test_a_missing_cookies_file_is_a_named_start_up_error(tmp_path):
    with pytest.raises(ConfigError) as caught:
        settings(tmp_path, YTDLP_COOKIES=str(tmp_path / "nowhere" / "cookies.txt"))
    assert caught.value.key == "YTDLP_COOKIES"
    assert str(caught.value).startswith("YTDLP_COOKIES: cannot read ")


async def test_create_resolvers_builds_a_chain_per_platform(tmp_path, http):
    clock = FakeClock()
    configured = settings(
        tmp_path,
        TIKTOK_BACKENDS="tikwm,ytdlp",
        INSTAGRAM_BACKENDS="cobalt,ytdlp",
        COBALT_URL="http://127.0.0.1:9",
        TIKTOK_RETRIES="3",
        BREAKER_FAILURES="4",
    )
    chains = create_resolvers(configured, http, clock=clock)
    assert list(chains) == [Platform.TIKTOK, Platform.INSTAGRAM]
    tiktok, instagram = chains[Platform.TIKTOK], chains[Platform.INSTAGRAM]
    assert (tiktok.platform, tiktok.names) == ("tiktok", ("tikwm", "ytdlp"))
    assert (instagram.platform, instagram.names) == ("instagram", ("cobalt", "ytdlp"))
    cobalt, ytdlp = (backend.resolver for backend in instagram.backends)
    assert isinstance(cobalt, CobaltInstagramResolver) and cobalt.client.policy.retries == 0
    assert isinstance(ytdlp, YtDlpInstagramResolver) and ytdlp.retries == 3
    breakers = [b.breaker for chain in chains.values() for b in chain.backends]
    assert {b.threshold for b in breakers} == {4} and len({id(b) for b in breakers}) == 4
    assert create_resolver(configured, http).names == tiktok.names  # TikTok's, as before
    defaults = create_resolvers(settings(tmp_path), http)
    assert defaults[Platform.INSTAGRAM].names == ("ytdlp",)
