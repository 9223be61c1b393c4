"""A cobalt-shaped API (imputnet/cobalt 11, ``docs/api.md``) on 127.0.0.1 that serves its own
tunnels, for tests, benchmarks and the offline sandbox.

Usage::

    async with CobaltEmulator(api_key="…uuid…") as cobalt:   # api_key: None = open instance
        cobalt.add_video("7300000000000000001", author="nasa", video=b"...mp4 bytes...")
        cobalt.add_slideshow("7300000000000000002", author="nasa", images=[...], sound=b"...")
        ...                                                # point COBALT_URL at cobalt.base_url
        assert cobalt.count("/") == 1

``POST /`` checks what cobalt 11 checks, in its order, answering ``{"status": "error", "error":
{"code": …}}`` with HTTP 400: ``Accept`` and ``Content-Type`` must be ``application/json``
(``error.api.header.accept`` / ``.content_type``); with an API key configured, ``Authorization:
Api-Key <key>`` (``error.api.auth.key.missing`` / ``.invalid`` / ``.not_found``); a JSON object
of at most 1024 bytes with ``url`` (``error.api.link.missing``) and only cobalt 11 keys with
valid values (``error.api.invalid_body`` otherwise: the old ``tiktokH265``, ``twitterGif``…).
A link that is no TikTok or Instagram link answers ``error.api.link.invalid``; an unknown
short link ``error.api.fetch.short_link``; an unknown, deleted or private post
``error.api.content.post.unavailable`` / ``…private``. Instagram posts (reels, photos,
carousels, their errors): :mod:`devservers.cobalt_instagram`.

Videos answer ``{"status": "tunnel", "url": "<base>/tunnel?id=…", "filename":
"tiktok_<author>_<id>.mp4"}`` (``downloadMode: "audio"``: the sound, ``…_audio.mp3``).
Slideshows answer ``{"status": "picker", "picker": [{"type": "photo", "url": "<base>/tunnel?id=…"},
…], "audio": "<base>/tunnel?id=…", "audioFilename": "tiktok_<author>_<id>_audio.mp3"}`` (no
``audio`` when the slideshow has no sound). Tunnel ids are random; :meth:`expire_tunnels` makes
the issued ones answer 404, as cobalt's expired tunnels do. ``GET /`` describes the instance.
Faults: :meth:`fail_next`, :meth:`answer_next`, :meth:`error_next`, :meth:`rate_limit_next`,
:meth:`delay`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from aiohttp import web

from devservers.cobalt_instagram import InstagramPosts
from devservers.loopback import LoopbackService
from devservers.telegram_api.sync import Changes

__all__ = ["VERSION", "CobaltEmulator", "RecordedRequest"]

VERSION = "11.7.1"
MAX_BODY_BYTES = 1024  # cobalt's express.json limit
RATE_WINDOW = 60
_ACCEPT = re.compile(r"application/json(; charset=utf-8)?")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_POST_LINK = re.compile(
    r"^https?://(?:www\.|m\.)?tiktok\.com/@[^/]+/(?:video|photo)/(\d+)", re.IGNORECASE
)
_SHORT_LINK = re.compile(
    r"^https?://(?:v[mt]\.tiktok\.com|(?:www\.)?tiktok\.com/t)/([A-Za-z0-9]+)", re.IGNORECASE
)
_TIKTOK = re.compile(r"^https?://([a-z0-9-]+\.)*tiktok\.com/", re.IGNORECASE)
_CHOICES = {
    "audioBitrate": ("320", "256", "128", "96", "64", "8"),
    "audioFormat": ("best", "mp3", "ogg", "wav", "opus"),
    "downloadMode": ("auto", "audio", "mute"),
    "filenameStyle": ("classic", "pretty", "basic", "nerdy"),
    "videoQuality": ("max", "4320", "2160", "1440", "1080", "720", "480", "360", "240", "144"),
    "localProcessing": ("disabled", "preferred", "forced"),
    "youtubeVideoCodec": ("h264", "av1", "vp9"),
    "youtubeVideoContainer": ("auto", "mp4", "webm", "mkv"),
}
_FLAGS = {
    "disableMetadata",
    "allowH265",
    "convertGif",
    "tiktokFullAudio",
    "alwaysProxy",
    "youtubeHLS",
    "youtubeBetterAudio",
}
_LANGUAGES = {"subtitleLang", "youtubeDubLang"}
_CONTENT_TYPES = {".mp4": "video/mp4", ".mp3": "audio/mpeg", ".jpg": "image/jpeg"}


class RecordedRequest(NamedTuple):
    """One request the emulator received: its headers and, for ``POST /``, the raw body."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class _Fault:
    status: int
    remaining: int
    body: bytes
    content_type: str


@dataclass
class _Post:
    id: str
    author: str
    video: bytes | None
    images: list[bytes]
    sound: bytes | None
    private: bool = False
    deleted: bool = False


@dataclass
class _Tunnel:
    post_id: str  # a TikTok post's id, or "instagram:<code>"
    name: str  # "video.mp4", "audio.mp3", "photo_<n>.jpg"
    data: bytes


@dataclass
class _State:
    posts: dict[str, _Post] = field(default_factory=dict)
    short_links: dict[str, str] = field(default_factory=dict)
    tunnels: dict[str, _Tunnel] = field(default_factory=dict)


def _error(code: str, status: int = 400, context: dict[str, Any] | None = None) -> web.Response:
    error: dict[str, Any] = {"code": code}
    if context:
        error["context"] = context
    return web.json_response({"status": "error", "error": error}, status=status)


def _body_problem(body: Any) -> str | None:
    """The error code cobalt 11 gives ``body`` before looking at its link, or None."""
    if not isinstance(body, dict):
        return "error.api.invalid_body"
    if not body.get("url"):
        return "error.api.link.missing"
    for key, value in body.items():
        if key == "url":
            valid = isinstance(value, str)
        elif key in _CHOICES:
            valid = value in _CHOICES[key]
        elif key in _FLAGS:
            valid = isinstance(value, bool)
        elif key in _LANGUAGES:
            valid = isinstance(value, str) and re.fullmatch(r"[0-9a-zA-Z-]{2,8}", value) is not None
        else:
            valid = False  # .strict(): unknown keys are refused
        if not valid:
            return "error.api.invalid_body"
    return None


class CobaltEmulator(InstagramPosts, LoopbackService):
    """An in-process cobalt API + tunnel server on 127.0.0.1 (see the module docstring);
    Instagram content comes from :class:`~devservers.cobalt_instagram.InstagramPosts`."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        api_key: str | None = None,
        chunk_size: int = 16384,
    ) -> None:
        """``api_key``: the one key the instance accepts (None: no authentication)."""
        super().__init__(host, port)
        self.api_key = api_key
        self.chunk_size = chunk_size
        self.requests: list[RecordedRequest] = []
        self._state = _State()
        self._faults: list[_Fault] = []
        self._delay = 0.0
        self._changes = Changes()
        self._started_at = int(time.time() * 1000)

    # -- lifecycle
    def build_app(self) -> web.Application:
        """The stand-in's routes."""
        app = web.Application(middlewares=[self._middleware])
        app.router.add_post("/", self._process)
        app.router.add_get("/", self._info)
        app.router.add_get("/tunnel", self._tunnel)
        return app

    # -- content
    def add_video(
        self,
        post_id: str | int,
        *,
        author: str = "creator",
        video: bytes = b"\x00\x00\x00\x18ftypmp42",
        sound: bytes | None = None,
        short_code: str | None = None,
    ) -> None:
        """A video post (``sound``: what ``downloadMode: "audio"`` answers)."""
        self._add(_Post(str(post_id), author, video, [], sound), short_code)

    def add_slideshow(
        self,
        post_id: str | int,
        *,
        author: str = "creator",
        images: Iterable[bytes],
        sound: bytes | None = b"ID3\x04slideshow sound",
        short_code: str | None = None,
    ) -> None:
        """A photo slideshow, its photos in order, with ``sound`` (None: a silent one)."""
        self._add(_Post(str(post_id), author, None, list(images), sound), short_code)

    def _add(self, post: _Post, short_code: str | None) -> None:
        self._state.posts[post.id] = post
        if short_code:
            self._state.short_links[short_code] = post.id

    def make_private(self, post_id: str | int, private: bool = True) -> None:
        """The post answers ``error.api.content.post.private``."""
        self._state.posts[str(post_id)].private = private

    def delete(self, post_id: str | int) -> None:
        """The post answers ``error.api.content.post.unavailable``; its tunnels 404."""
        self._state.posts[str(post_id)].deleted = True

    def expire_tunnels(self) -> None:
        """Every tunnel issued so far answers 404 from now on."""
        self._state.tunnels.clear()

    # -- fault injection (``POST /`` only; tunnels are served as they are)
    def fail_next(
        self,
        status: int = 500,
        count: int = 1,
        *,
        body: bytes | str | None = None,
        content_type: str = "text/plain",
    ) -> None:
        """The next ``count`` ``POST /`` requests answer ``status`` with ``body`` (default: a
        short text) instead of being handled."""
        raw = f"{status} injected failure" if body is None else body
        data = raw.encode() if isinstance(raw, str) else raw
        self._faults.append(_Fault(status, count, data, content_type))

    def answer_next(
        self, body: bytes | str | dict[str, Any], *, status: int = 200, count: int = 1
    ) -> None:
        """The next ``count`` ``POST /`` requests get exactly this JSON (or malformed) body."""
        raw = json.dumps(body) if isinstance(body, dict) else body
        self.fail_next(status, count, body=raw, content_type="application/json")

    def error_next(
        self,
        code: str,
        *,
        status: int = 400,
        context: dict[str, Any] | None = None,
        count: int = 1,
    ) -> None:
        """The next ``count`` ``POST /`` requests answer the error ``code`` (``error.api.…``)."""
        error: dict[str, Any] = {"code": code}
        if context:
            error["context"] = context
        self.answer_next({"status": "error", "error": error}, status=status, count=count)

    def rate_limit_next(self, count: int = 1) -> None:
        """The next ``count`` requests answer 429 ``error.api.rate_exceeded``."""
        self.error_next(
            "error.api.rate_exceeded", status=429, context={"limit": RATE_WINDOW}, count=count
        )

    def delay(self, seconds: float) -> None:
        """``POST /`` waits ``seconds`` before answering, until changed (<= 0: no delay)."""
        self._delay = max(0.0, seconds)

    def clear_faults(self) -> None:
        """Forget injected failures and the delay."""
        self._faults.clear()
        self._delay = 0.0

    # -- inspection
    def count(self, path: str = "/", method: str = "POST") -> int:
        """How many ``method`` requests for exactly ``path`` arrived."""
        return sum(1 for r in self.requests if r.path == path and r.method == method)

    def bodies(self) -> list[Any]:
        """The JSON bodies of the ``POST /`` requests, in order (None for unreadable ones)."""
        found = []
        for r in self.requests:
            if r.method == "POST" and r.path == "/":
                try:
                    found.append(json.loads(r.body))
                except ValueError:
                    found.append(None)
        return found

    def tunnel_fetches(self) -> int:
        """How many tunnel downloads arrived."""
        return self.count("/tunnel", method="GET")

    async def wait_until(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Wait until ``predicate()`` is truthy (re-checked as requests arrive and finish)."""
        return await self._changes.wait_for(predicate, timeout)

    # -- HTTP
    @web.middleware
    async def _middleware(self, request: web.Request, handler: Callable) -> web.StreamResponse:
        body = await request.read() if request.method == "POST" else b""
        self.requests.append(
            RecordedRequest(request.method, request.path, dict(request.headers), body)
        )
        self._changes.notify()
        try:
            if request.method == "POST":
                if self._delay:
                    await asyncio.sleep(self._delay)
                fault = self._take_fault()
                if fault is not None:
                    return web.Response(
                        body=fault.body, status=fault.status, content_type=fault.content_type
                    )
            return await handler(request)
        finally:
            self._changes.notify()

    def _take_fault(self) -> _Fault | None:
        if not self._faults:
            return None
        fault = self._faults[0]
        fault.remaining -= 1
        if fault.remaining <= 0:
            self._faults.pop(0)
        return fault

    def _auth_problem(self, request: web.Request) -> str | None:
        if self.api_key is None:
            return None
        header = request.headers.get("Authorization")
        if header is None:
            return "error.api.auth.key.missing"
        scheme, _, key = header.partition(" ")
        if scheme.lower() != "api-key":
            return "error.api.auth.key.not_api_key"
        if not _UUID.fullmatch(key):
            return "error.api.auth.key.invalid"
        return None if key == self.api_key else "error.api.auth.key.not_found"

    async def _process(self, request: web.Request) -> web.Response:
        if not _ACCEPT.fullmatch(request.headers.get("Accept", "")):
            return _error("error.api.header.accept")
        if not _ACCEPT.fullmatch(request.headers.get("Content-Type", "")):
            return _error("error.api.header.content_type")
        problem = self._auth_problem(request)
        if problem is not None:
            return _error(problem)
        raw = await request.read()
        try:
            if len(raw) > MAX_BODY_BYTES:
                raise ValueError("body too large")
            body = json.loads(raw)
        except ValueError:
            return _error("error.api.invalid_body")
        problem = _body_problem(body)
        if problem is not None:
            return _error(problem)
        return self._answer(body)

    def _answer(self, body: dict[str, Any]) -> web.Response:
        url = body["url"].strip()
        if (instagram := self._answer_instagram(url)) is not None:
            return instagram
        if match := _POST_LINK.match(url):
            post_id = match[1]
        elif match := _SHORT_LINK.match(url):
            post_id = self._state.short_links.get(match[1])
            if post_id is None:
                return _error("error.api.fetch.short_link")
        elif _TIKTOK.match(url):
            return _error("error.api.link.unsupported", context={"service": "TikTok"})
        else:
            return _error("error.api.link.invalid")
        post = self._state.posts.get(post_id)
        if post is None or post.deleted:
            return _error("error.api.content.post.unavailable")
        if post.private:
            return _error("error.api.content.post.private")
        base = f"tiktok_{post.author}_{post.id}"
        audio_only = body.get("downloadMode") == "audio"
        if post.video is not None and not audio_only:
            url = self._issue(post.id, "video.mp4", post.video)
            return web.json_response({"status": "tunnel", "url": url, "filename": f"{base}.mp4"})
        if audio_only or not post.images:
            if post.sound is None:
                return _error("error.api.fetch.empty")
            url = self._issue(post.id, "audio.mp3", post.sound)
            name = f"{base}_audio.mp3"
            return web.json_response({"status": "tunnel", "url": url, "filename": name})
        picker = [
            {"type": "photo", "url": self._issue(post.id, f"photo_{i + 1}.jpg", image)}
            for i, image in enumerate(post.images)
        ]
        answer: dict[str, Any] = {"status": "picker", "picker": picker}
        if post.sound is not None:
            answer["audio"] = self._issue(post.id, "audio.mp3", post.sound)
            answer["audioFilename"] = f"{base}_audio.mp3"
        return web.json_response(answer)

    def _issue(self, key: str, name: str, data: bytes) -> str:
        token = secrets.token_urlsafe(12)
        self._state.tunnels[token] = _Tunnel(key, name, data)
        return f"{self.base_url}/tunnel?id={token}&exp={int(time.time()) + 90}"

    async def _info(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "cobalt": {
                    "version": VERSION,
                    "url": self.base_url + "/",
                    "startTime": str(self._started_at),
                    "services": ["tiktok", "instagram"],
                },
                "git": {"commit": "0" * 40, "branch": "main", "remote": "imputnet/cobalt"},
            }
        )

    async def _tunnel(self, request: web.Request) -> web.StreamResponse:
        tunnel = self._state.tunnels.get(request.query.get("id", ""))
        post = self._state.posts.get(tunnel.post_id) if tunnel is not None else None
        alive = (post is not None and not post.deleted) or (
            tunnel is not None and self._serves_instagram(tunnel.post_id)
        )
        if tunnel is None or not alive:
            return web.Response(status=404)
        suffix = tunnel.name[tunnel.name.rfind(".") :]
        response = web.StreamResponse(
            headers={
                "Content-Type": _CONTENT_TYPES.get(suffix, "application/octet-stream"),
                "Content-Disposition": f'attachment; filename="{tunnel.name}"',
            }
        )
        response.content_length = len(tunnel.data)
        await response.prepare(request)
        for start in range(0, len(tunnel.data), self.chunk_size):
            await response.write(tunnel.data[start : start + self.chunk_size])
        await response.write_eof()
        return response


async def _serve(host: str, port: int, api_key: str | None) -> None:  # pragma: no cover
    emulator = CobaltEmulator(host, port, api_key=api_key)
    async with emulator:
        print(f"cobalt emulator on {emulator.base_url} (COBALT_URL={emulator.base_url})")
        await asyncio.Event().wait()


def main() -> None:  # pragma: no cover - manual use
    """``python -m devservers.cobalt [--port N] [--api-key UUID]``: serve until interrupted."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--api-key", default=None)
    args = parser.parse_args()
    try:
        asyncio.run(_serve(args.host, args.port, args.api_key))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":  # pragma: no cover
    main()
