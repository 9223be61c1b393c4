"""The cobalt backend: TikTok videos and slideshows (with their sound) through a self-hosted
cobalt 11 instance (imputnet/cobalt, ``docs/api.md``); Instagram's is :mod:`.cobalt_instagram`.

Two layers, so that another platform's resolver (Instagram) can reuse the first:

* :class:`CobaltClient` speaks cobalt's API: ``POST {COBALT_URL}/`` with ``Accept`` and
  ``Content-Type: application/json`` (and ``Authorization: Api-Key <key>`` when
  ``COBALT_API_KEY`` is set), a body of cobalt 11 keys only (checked here before anything is
  sent: cobalt 11 answers ``error.api.invalid_body`` to an unknown key such as the old
  ``tiktokH265``/``twitterGif``), and turns the answer into a :class:`CobaltFile` (``tunnel`` /
  ``redirect``: one file), a :class:`CobaltPicker` (``picker``: several items, plus ``audio``
  for TikTok slideshows) or one of our errors (``error``, see :func:`error_for_code`);
* :class:`CobaltResolver` maps those answers to TikTok :class:`Post` objects.

cobalt says little about a post: no caption, size or duration. The post id comes from the link,
else from cobalt's file name (``tiktok_<author>_<id>.mp4``, ``tiktok_<author>_<id>_audio.mp3``),
which also gives the author. Videos come without their sound (asking cobalt for it would cost a
second request per link), so they have no music button; a slideshow's ``audio`` is its sound.

``local-processing`` answers (cobalt wants the client to remux/merge files itself; only when the
instance forces it, ``FORCE_LOCAL_PROCESSING``) raise :class:`Unsupported`: the bot does no
local processing, and a chain of backends skips to the next one. Tunnel links point at the
instance's own ``API_URL``; they are allowed by the media host rule when that is the
``host:port`` of ``COBALT_URL``. They are signed and expire, so they are fetched right away.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urljoin

import aiohttp

from bot.links.tiktok import PARSER as TIKTOK_LINKS

from .errors import (
    InvalidLink,
    LoginRequired,
    PostPrivate,
    PostUnavailable,
    ResolveError,
    ResolverDown,
    Unsupported,
)
from .http import RetryPolicy, post_json, proxy_from_settings
from .models import Post, PostKind, Sound
from .posts_only import PostsOnly

if TYPE_CHECKING:
    from data.config import Settings

__all__ = [
    "TIKTOK_OPTIONS",
    "CobaltAnswer",
    "CobaltBackend",
    "CobaltClient",
    "CobaltFile",
    "CobaltPicker",
    "CobaltResolver",
    "InvalidCobaltBody",
    "PickerItem",
    "error_for_code",
    "parse_answer",
    "post_from_answer",
    "request_body",
]

SERVICE = "cobalt"

# cobalt 11's request schema (api/src/processing/schema.js): every key but ``url`` is optional.
_CHOICES: dict[str, tuple[str, ...]] = {
    "audioBitrate": ("320", "256", "128", "96", "64", "8"),
    "audioFormat": ("best", "mp3", "ogg", "wav", "opus"),
    "downloadMode": ("auto", "audio", "mute"),
    "filenameStyle": ("classic", "pretty", "basic", "nerdy"),
    "videoQuality": ("max", "4320", "2160", "1440", "1080", "720", "480", "360", "240", "144"),
    "localProcessing": ("disabled", "preferred", "forced"),
    "youtubeVideoCodec": ("h264", "av1", "vp9"),
    "youtubeVideoContainer": ("auto", "mp4", "webm", "mkv"),
}
_FLAGS = frozenset(
    {
        "disableMetadata",
        "allowH265",
        "convertGif",
        "tiktokFullAudio",
        "alwaysProxy",
        "youtubeHLS",
        "youtubeBetterAudio",
    }
)
_LANGUAGES = frozenset({"subtitleLang", "youtubeDubLang"})
_LANGUAGE = re.compile(r"[0-9A-Za-z-]{2,8}")

# What the TikTok mapping asks for: H.264 (plays in every Telegram client), MP3 for a
# slideshow's sound (what send_audio expects), the sound as heard in the post, predictable names.
TIKTOK_OPTIONS: dict[str, Any] = {
    "videoQuality": "max",
    "audioFormat": "mp3",
    "downloadMode": "auto",
    "filenameStyle": "basic",
    "allowH265": False,
    "tiktokFullAudio": False,
}

# Error codes (without the "error.api." prefix) and what they mean for us.
_INVALID_LINK = frozenset({"link.invalid", "link.unsupported", "link.missing", "fetch.short_link"})
_UNSUPPORTED = frozenset(
    {"content.too_long", "service.unsupported", "service.disabled", "service.audio_not_supported"}
)
_NOTHING_TO_SEND = frozenset({"fetch.empty"})
_PRIVATE = frozenset({"content.post.private", "content.video.private"})
# Age-restricted: the platform shows it to logged-in visitors only.
_LOGIN = frozenset({"content.post.age", "content.video.age"})
# Worth another attempt at once; rate limits are not (cobalt's window is about a minute).
_RETRIED = frozenset({"fetch.fail", "fetch.critical", "fetch.critical.core", "generic"})

_FILENAME = re.compile(
    r"tiktok_(?P<author>.+)_(?P<id>[0-9]+)(?:_audio(?:_original)?)?(?:\.[A-Za-z0-9]+)?"
)
_AUTHOR_IN_LINK = re.compile(r"/@(?P<author>[A-Za-z0-9_.-]+)/")


class InvalidCobaltBody(ValueError):
    """A request body cobalt 11 would refuse (a programming error): never sent."""


@dataclass(frozen=True)
class CobaltFile:
    """One file: a ``tunnel`` (served by the instance) or a ``redirect`` (the origin's URL)."""

    url: str
    filename: str
    tunnelled: bool


@dataclass(frozen=True)
class PickerItem:
    """One item of a picker: ``kind`` is ``photo``, ``video`` or ``gif``."""

    kind: str
    url: str
    thumb: str | None


@dataclass(frozen=True)
class CobaltPicker:
    """Several items in order; ``audio`` is a TikTok slideshow's sound (when it has one)."""

    items: tuple[PickerItem, ...]
    audio: str | None
    audio_filename: str


CobaltAnswer = CobaltFile | CobaltPicker


def request_body(url: str, options: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON body for ``url`` with ``options``; InvalidCobaltBody for a key or value that
    cobalt 11's strict schema refuses (so such a body never reaches the instance)."""
    if not isinstance(url, str) or not url:
        raise InvalidCobaltBody("url must be a non-empty string")
    body: dict[str, Any] = {"url": url}
    for key, value in options.items():
        if key in _CHOICES:
            valid = isinstance(value, str) and value in _CHOICES[key]
        elif key in _FLAGS:
            valid = isinstance(value, bool)
        elif key in _LANGUAGES:
            valid = isinstance(value, str) and _LANGUAGE.fullmatch(value) is not None
        else:
            raise InvalidCobaltBody(f"{key!r} is not a cobalt 11 request key")
        if not valid:
            raise InvalidCobaltBody(f"{value!r} is not a valid value of {key!r}")
        body[key] = value
    return body


def error_for_code(code: Any, context: Any = None) -> ResolveError:
    """Our error for cobalt's ``error.code`` (``error.api.…``) and ``error.context``.

    Definitive: private posts are PostPrivate, age-restricted ones LoginRequired; removed,
    region-restricted, live or paid posts, and posts without media, PostUnavailable;
    unrecognised links InvalidLink. What this instance cannot do (a duration limit, a service
    disabled) is Unsupported. Everything else (rate limits, the platform rate-limiting the
    instance, failed fetches, refused API keys, unknown codes) is ResolverDown, a transient
    failure.
    """
    full = str(code) if isinstance(code, str) and code else "no error code"
    short = full.removeprefix("error.api.")
    details = context if isinstance(context, Mapping) else {}
    if short in _INVALID_LINK:
        return InvalidLink(f"{SERVICE} could not use the link ({full})")
    if short in _UNSUPPORTED:
        return Unsupported(f"{SERVICE} cannot fetch this here ({full})")
    if short in _PRIVATE:
        return PostPrivate(f"{SERVICE}: the post is private ({full})")
    if short in _LOGIN:
        return LoginRequired(f"{SERVICE}: the post needs a logged-in visitor ({full})")
    if short.startswith("content.") or short in _NOTHING_TO_SEND:
        return PostUnavailable(f"{SERVICE}: {full}")
    if short.startswith("auth."):
        return ResolverDown(f"{SERVICE} refused the request ({full}); check COBALT_API_KEY")
    if short == "rate_exceeded":
        window = details.get("limit")
        after = f"; window {window} s" if isinstance(window, int | float) else ""
        return ResolverDown(f"{SERVICE} rate limit reached ({full}{after})")
    if short == "fetch.rate":
        return ResolverDown(f"{SERVICE} is rate-limited by the platform ({full})")
    if short == "invalid_body":
        return ResolverDown(f"{SERVICE} refused the request body ({full}): is it cobalt 11?")
    return ResolverDown(f"{SERVICE} failed ({full})")


def _retry_reason(payload: Any) -> str | None:
    if not isinstance(payload, Mapping) or payload.get("status") != "error":
        return None
    error = payload.get("error")
    code = error.get("code") if isinstance(error, Mapping) else None
    if isinstance(code, str) and code.removeprefix("error.api.") in _RETRIED:
        return code
    return None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _url(base_url: str, value: Any) -> str | None:
    url = _text(value)
    return urljoin(base_url + "/", url) if url else None


def parse_answer(payload: Any, base_url: str) -> CobaltAnswer:
    """The answer ``payload`` describes (URLs made absolute against ``base_url``); raises the
    mapped error for ``error``, Unsupported for ``local-processing`` and ResolverDown for
    anything malformed or unknown."""
    if not isinstance(payload, Mapping):
        raise ResolverDown(f"{SERVICE} answered JSON that is not an object (malformed)")
    status = payload.get("status")
    if status in ("tunnel", "redirect"):
        url = _url(base_url, payload.get("url"))
        if url is None:
            raise ResolverDown(f"{SERVICE} answered {status} without a URL (malformed)")
        return CobaltFile(url, _text(payload.get("filename")), tunnelled=status == "tunnel")
    if status == "picker":
        raw_items = payload.get("picker")
        if not isinstance(raw_items, list) or not raw_items:
            raise ResolverDown(f"{SERVICE} answered a picker without items (malformed)")
        items = []
        for raw in raw_items:
            kind = raw.get("type") if isinstance(raw, Mapping) else None
            url = _url(base_url, raw.get("url")) if isinstance(raw, Mapping) else None
            if kind not in ("photo", "video", "gif") or url is None:
                raise ResolverDown(f"{SERVICE} answered a malformed picker item")
            items.append(PickerItem(kind, url, _url(base_url, raw.get("thumb"))))
        return CobaltPicker(
            tuple(items),
            _url(base_url, payload.get("audio")),
            _text(payload.get("audioFilename")),
        )
    if status == "error":
        error = payload.get("error")
        if not isinstance(error, Mapping):
            raise ResolverDown(f"{SERVICE} answered an error without details (malformed)")
        raise error_for_code(error.get("code"), error.get("context"))
    if status == "local-processing":
        kind = _text(payload.get("type")) or "unknown"
        raise Unsupported(f"{SERVICE} asked for local processing ({kind}), which the bot lacks")
    shown = status if isinstance(status, str) else type(status).__name__
    raise ResolverDown(f"{SERVICE} answered an unknown status {shown[:40]!r} (malformed)")


class CobaltClient:
    """cobalt's ``POST /`` on the bot's shared HTTP session: answers or our errors."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        base_url: str,
        api_key: str = "",
        timeout: float,
        retries: int,
        proxy: str | None = None,
        backoff_base: float = 0.5,
    ) -> None:
        """``timeout`` s per attempt, ``retries`` extra attempts (after timeouts, connection
        errors, 5xx and cobalt's fetch failures), backoff from ``backoff_base`` s."""
        if not base_url:
            raise ValueError("the cobalt backend needs COBALT_URL")
        self.session = session
        self.base_url = base_url.rstrip("/")
        self.policy = RetryPolicy(timeout=timeout, retries=retries, backoff_base=backoff_base)
        self._proxy = proxy or None
        self._headers = {"Accept": "application/json", "Content-Type": "application/json"}
        if api_key:
            self._headers["Authorization"] = f"Api-Key {api_key}"

    @classmethod
    def from_settings(
        cls, settings: Settings, session: aiohttp.ClientSession, *, backoff_base: float = 0.5
    ) -> CobaltClient:
        """A client of ``COBALT_URL`` (with ``COBALT_API_KEY``), ``TIKTOK_TIMEOUT``/``RETRIES``/
        ``PROXY``."""
        return cls(
            session,
            base_url=settings.cobalt_url,
            api_key=settings.cobalt_api_key.get(),
            timeout=settings.tiktok_timeout,
            retries=settings.tiktok_retries,
            proxy=proxy_from_settings(settings),
            backoff_base=backoff_base,
        )

    def __repr__(self) -> str:
        return f"CobaltClient({self.base_url!r})"  # never the API key

    async def request(self, url: str, **options: Any) -> CobaltAnswer:
        """cobalt's answer for ``url`` with body ``options`` (cobalt 11 keys, see
        :func:`request_body`; InvalidCobaltBody, nothing sent, for others)."""
        body = request_body(url, options)
        payload = await post_json(
            self.session,
            f"{self.base_url}/",
            body=body,
            headers=self._headers,
            policy=self.policy,
            proxy=self._proxy,
            service=SERVICE,
            retry_payload=_retry_reason,
        )
        return parse_answer(payload, self.base_url)


@dataclass(frozen=True)
class _Names:
    author: str
    post_id: str


def _names(filename: str) -> _Names | None:
    match = _FILENAME.fullmatch(filename)
    return _Names(match["author"], match["id"]) if match else None


def post_from_answer(answer: CobaltAnswer, link: str) -> Post:
    """The TikTok post of ``link`` from cobalt's answer: a file is a video, a picker's photos
    (in order) a slideshow with ``audio`` as its sound. ResolverDown when neither the link nor
    the file name gives a post id, or a picker has no photos."""
    if isinstance(answer, CobaltFile):
        names = _names(answer.filename)
    else:
        names = _names(answer.audio_filename)
    parsed = TIKTOK_LINKS.parse(link)
    post_id = (parsed.post_id if parsed else None) or (names.post_id if names else "")
    if not post_id:
        raise ResolverDown(f"{SERVICE} answered without a post id (file name unrecognised)")
    in_link = _AUTHOR_IN_LINK.search(link)
    author = names.author if names else (in_link["author"] if in_link else "")

    if isinstance(answer, CobaltFile):
        kind, video_url, image_urls, sound = PostKind.VIDEO, answer.url, (), None
    else:
        image_urls = tuple(item.url for item in answer.items if item.kind == "photo")
        if not image_urls:
            raise ResolverDown(f"{SERVICE} answered a TikTok picker without photos")
        kind, video_url = PostKind.SLIDESHOW, None
        sound = (
            Sound(id="", title="", author=author, url=answer.audio, duration=None)
            if answer.audio
            else None
        )
    return Post(
        id=post_id,
        author=author,
        author_name=author,
        caption="",
        kind=kind,
        video_url=video_url,
        image_urls=image_urls,
        sound=sound,
        duration=None,
        width=None,
        height=None,
        cover_url=None,
        size=None,
        created_at=None,
    )


class CobaltBackend(PostsOnly):
    """A resolver on a cobalt instance (one per platform it serves); it cannot list creators'
    posts."""

    service = SERVICE

    def __init__(self, client: CobaltClient) -> None:
        self.client = client

    @classmethod
    def from_settings(
        cls, settings: Settings, session: aiohttp.ClientSession, *, backoff_base: float = 0.5
    ) -> Self:
        """A resolver on :meth:`CobaltClient.from_settings` (``COBALT_URL``, its key,
        ``TIKTOK_TIMEOUT``/``RETRIES``/``PROXY``)."""
        return cls(CobaltClient.from_settings(settings, session, backoff_base=backoff_base))

    async def close(self) -> None:
        """Nothing to release: the HTTP session is shared and closed by its owner."""


class CobaltResolver(CobaltBackend):
    """Resolver of TikTok posts on a cobalt instance."""

    async def resolve(self, link: str) -> Post:
        """The post behind a TikTok link (short links included)."""
        found = TIKTOK_LINKS.find(link)
        if not found:
            raise InvalidLink("not a TikTok post link")
        url = found[0][1].url
        answer = await self.client.request(url, **TIKTOK_OPTIONS)
        return post_from_answer(answer, url)
