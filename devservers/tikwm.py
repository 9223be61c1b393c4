"""A tikwm-shaped TikTok API and media server on 127.0.0.1, for tests, benchmarks and the
offline sandbox.

Usage::

    async with TikwmEmulator() as tikwm:          # tikwm.base_url == "http://127.0.0.1:<port>"
        tikwm.add_video("7300000000000000001", author="nasa", video=b"...mp4 bytes...")
        tikwm.add_short_link("ZMabc", "7300000000000000001")  # vm.tiktok.com/ZMabc resolves
        ...                                       # point TIKWM_URL at tikwm.base_url
        assert tikwm.count("/api/") == 1

Served JSON (GET or POST form, always HTTP 200 unless a fault is injected):

``/api/?url=<link>&hd=1`` ::

    {"code": 0, "msg": "success", "processed_time": 0.01, "data": {
        "id": "7300000000000000001", "region": "US", "title": "<caption>",
        "cover": "/media/<id>/cover.jpeg", "origin_cover": "...", "duration": 7,
        "play": "/media/<id>/play.mp4", "hdplay": "/media/<id>/hdplay.mp4",  # hdplay "" if no HD
        "wmplay": "/media/<id>/wmplay.mp4",                 # watermarked: other bytes
        "size": 123, "hd_size": 123, "wm_size": 134, "width": 720, "height": 1280,
        # width/height describe the post (its HD file); hd_size differs from size only for
        # posts added with their own hd_video; the sizes are absent with report_sizes=False
        "music": "/media/<id>/music.mp3",
        "music_info": {"id": "...", "title": "original sound - nasa",
                       "play": "/media/<id>/music.mp3", "cover": "...", "author": "NASA",
                       "original": true, "duration": 7,
                       "album": ""},                        # both absent when sound is None
        "play_count": 0, "digg_count": 0, "comment_count": 0, "share_count": 0,
        "download_count": 0, "collect_count": 0, "create_time": 1700000000, "is_ad": false,
        "author": {"id": "...", "unique_id": "nasa", "nickname": "NASA",
                   "avatar": "/media/<id>/avatar.jpeg"}}}

Slideshows have ``"images": ["/media/<id>/image/0.jpeg", ...]`` (in order), ``duration`` 0, and
``play``/``wmplay`` pointing at the sound (no ``hdplay``, no width/height). Media URLs are
relative to the base URL unless the post was added with ``absolute_urls=True``.
Failures: ``{"code": -1, "msg": "Url parsing is failed! Please check url."}`` for links it cannot
map to a post, ``"This video is private and cannot be parsed."`` for private posts, ``"Video not
found or has been deleted."`` for deleted ones, ``"Free Api Limit: 1 request/second."`` when
rate limiting is injected.

``/api/user/posts?unique_id=<user>&count=<n>&cursor=<c>`` ::

    {"code": 0, "msg": "success", "data": {"videos": [<post data without "id", plus
        "video_id": "<id>", "aweme_id": "v<id>", "is_top": 0|1>, ...], "cursor": "<opaque>",
        "hasMore": true}}

Pinned posts first, then newest first; private and deleted posts are left out. An unknown
creator answers ``{"code": -1, "msg": "User doesn't exist"}``.

Media lives under ``/media/<id>/...``: streamed in chunks, with Content-Length unless the post
was added with ``content_length=False`` (then chunked), HEAD supported; 404 for unknown, deleted
or broken posts.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import re
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from aiohttp import web

from devservers.loopback import LoopbackService
from devservers.telegram_api.sync import Changes

__all__ = ["RecordedRequest", "TikwmEmulator"]

INVALID_URL_MSG = "Url parsing is failed! Please check url."
PRIVATE_MSG = "This video is private and cannot be parsed."
DELETED_MSG = "Video not found or has been deleted."
RATE_LIMIT_MSG = "Free Api Limit: 1 request/second."
NO_USER_MSG = "User doesn't exist"
MAX_PAGE_SIZE = 35
DEFAULT_CREATED_AT = 1_700_000_000
# A few bytes that look like a JPEG to anyone sniffing (covers, avatars, demo photos).
FAKE_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(64)) + b"\xff\xd9"

_ID_IN_LINK = re.compile(r"tiktok\.com/.*?/(?:video|photo)/(\d+)", re.IGNORECASE)
_SHORT_IN_LINK = re.compile(r"(?:v[mt]\.tiktok\.com|tiktok\.com/t)/([A-Za-z0-9]+)", re.IGNORECASE)
_CONTENT_TYPES = {".mp4": "video/mp4", ".mp3": "audio/mpeg", ".jpeg": "image/jpeg"}


PARAMS = web.RequestKey("params", dict)


class RecordedRequest(NamedTuple):
    """One request the emulator received (query and POST form merged)."""

    method: str
    path: str
    query: dict[str, str]


@dataclass
class _Fault:
    prefix: str
    status: int
    remaining: int
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class _Post:
    id: str
    kind: str  # "video" | "slideshow"
    author: str
    nickname: str
    caption: str
    created_at: int
    duration: int
    width: int | None
    height: int | None
    video: bytes | None
    images: list[bytes]
    sound: bytes | None
    sound_title: str
    sound_author: str
    absolute_urls: bool
    hd: bool
    content_length: bool
    private: bool = False
    deleted: bool = False
    broken: bool = False
    hd_video: bytes | None = None  # hdplay's own bytes; None: the same as play's
    report_sizes: bool = True

    @property
    def hd_bytes(self) -> bytes | None:
        """What ``hdplay.mp4`` serves: None without HD."""
        if not self.hd or self.video is None:
            return None
        return self.hd_video if self.hd_video is not None else self.video


@dataclass
class _Creator:
    unique_id: str
    nickname: str
    posts: list[str] = field(default_factory=list)
    pinned: set[str] = field(default_factory=set)


class TikwmEmulator(LoopbackService):
    """An in-process tikwm API + media server on 127.0.0.1 (see the module docstring)."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        chunk_size: int = 16384,
        media_bytes_per_second: float | None = None,
    ):
        """``chunk_size``: bytes per write when streaming media; ``media_bytes_per_second``: pace
        media like a CDN link of that speed (None: as fast as loopback allows)."""
        super().__init__(host, port)
        self.chunk_size = chunk_size
        self.media_bytes_per_second = media_bytes_per_second
        self.requests: list[RecordedRequest] = []
        self._posts: dict[str, _Post] = {}
        self._short_links: dict[str, str] = {}
        self._creators: dict[str, _Creator] = {}
        self._faults: list[_Fault] = []
        self._delays: dict[str, float] = {}
        self._paces: dict[str, float] = {}
        self._changes = Changes()
        self._clock = itertools.count()

    # -- lifecycle
    def build_app(self) -> web.Application:
        """The stand-in's routes."""
        app = web.Application(middlewares=[self._middleware])
        for path in ("/api", "/api/"):
            app.router.add_route("GET", path, self._api)
            app.router.add_route("POST", path, self._api)
        for path in ("/api/user/posts", "/api/user/posts/"):
            app.router.add_route("GET", path, self._user_posts)
            app.router.add_route("POST", path, self._user_posts)
        app.router.add_get("/media/{post_id}/{name:.+}", self._media)
        return app

    # -- content
    def _next_created_at(self) -> int:
        return DEFAULT_CREATED_AT + 60 * next(self._clock)

    def add_video(
        self,
        post_id: str | int,
        *,
        author: str = "creator",
        nickname: str | None = None,
        caption: str = "",
        video: bytes = b"\x00\x00\x00\x18ftypmp42 fake video",
        width: int = 720,
        height: int = 1280,
        duration: int = 7,
        sound: bytes | None = None,
        sound_title: str | None = None,
        sound_author: str | None = None,
        created_at: int | None = None,
        absolute_urls: bool = False,
        short_code: str | None = None,
        hd: bool = True,
        hd_video: bytes | None = None,
        content_length: bool = True,
        report_sizes: bool = True,
    ) -> dict[str, Any]:
        """Publish a video post; returns the ``data`` object ``/api/`` serves for it.

        ``created_at`` defaults to a clock that makes each new post a minute newer; ``hd=False``
        leaves ``hdplay`` empty; ``hd_video`` makes ``hdplay`` serve other bytes than ``play``
        (``video``; by default both serve ``video``), ``width``/``height`` being the HD one's;
        ``content_length=False`` streams media without Content-Length; ``report_sizes=False``
        leaves ``size``/``hd_size``/``wm_size`` out of the answer; ``short_code`` also
        registers ``vm.tiktok.com/<short_code>``.
        """
        if hd_video is not None and not hd:
            raise ValueError("hd_video needs hd=True")
        post = _Post(
            id=str(post_id),
            kind="video",
            author=author,
            nickname=nickname if nickname is not None else author.title(),
            caption=caption,
            created_at=created_at if created_at is not None else self._next_created_at(),
            duration=duration,
            width=width,
            height=height,
            video=video,
            images=[],
            sound=sound,
            sound_title=sound_title or f"original sound - {author}",
            sound_author=sound_author or (nickname if nickname is not None else author.title()),
            absolute_urls=absolute_urls,
            hd=hd,
            content_length=content_length,
            hd_video=hd_video,
            report_sizes=report_sizes,
        )
        return self._publish(post, short_code)

    def add_slideshow(
        self,
        post_id: str | int,
        *,
        images: list[bytes],
        sound: bytes | None = b"ID3 fake sound",
        author: str = "creator",
        nickname: str | None = None,
        caption: str = "",
        duration: int = 0,
        sound_title: str | None = None,
        sound_author: str | None = None,
        created_at: int | None = None,
        absolute_urls: bool = False,
        short_code: str | None = None,
        content_length: bool = True,
    ) -> dict[str, Any]:
        """Publish a photo slideshow (``images`` in order); returns its ``data`` object."""
        post = _Post(
            id=str(post_id),
            kind="slideshow",
            author=author,
            nickname=nickname if nickname is not None else author.title(),
            caption=caption,
            created_at=created_at if created_at is not None else self._next_created_at(),
            duration=duration,
            width=None,
            height=None,
            video=None,
            images=list(images),
            sound=sound,
            sound_title=sound_title or f"original sound - {author}",
            sound_author=sound_author or (nickname if nickname is not None else author.title()),
            absolute_urls=absolute_urls,
            hd=False,
            content_length=content_length,
        )
        return self._publish(post, short_code)

    def _publish(self, post: _Post, short_code: str | None) -> dict[str, Any]:
        self._posts[post.id] = post
        if short_code is not None:
            self.add_short_link(short_code, post.id)
        self._changes.notify()
        return self._data(post)

    def add_short_link(self, code: str, post_id: str | int) -> None:
        """Make ``vm.tiktok.com/<code>`` (and ``vt.``/``tiktok.com/t/``) lead to the post."""
        self._short_links[code] = str(post_id)

    def post_data(self, post_id: str | int) -> dict[str, Any]:
        """The ``data`` object served for a post right now."""
        return self._data(self._posts[str(post_id)])

    def make_private(self, post_id: str | int, private: bool = True) -> None:
        """The post turns private: ``/api/`` answers code -1 "...private..."."""
        self._posts[str(post_id)].private = private

    def delete(self, post_id: str | int) -> None:
        """The post is deleted: ``/api/`` answers "not found", its media 404."""
        self._posts[str(post_id)].deleted = True

    def break_media(self, post_id: str | int, broken: bool = True) -> None:
        """The post's media URLs answer 404 (the API still describes the post)."""
        self._posts[str(post_id)].broken = broken

    def add_creator(
        self,
        unique_id: str,
        posts: Iterable[str | int] = (),
        *,
        nickname: str | None = None,
        pinned: Iterable[str | int] = (),
    ) -> None:
        """Make ``/api/user/posts`` know the creator. Their list: ``posts`` plus every post
        added with ``author=unique_id`` (also later ones); ``pinned`` ones come first."""
        self._creators[unique_id.lower()] = _Creator(
            unique_id=unique_id,
            nickname=nickname or unique_id.title(),
            posts=[str(p) for p in posts],
            pinned={str(p) for p in pinned},
        )

    def remove_creator(self, unique_id: str) -> None:
        """The creator no longer exists: ``/api/user/posts`` answers code -1."""
        self._creators.pop(unique_id.lower(), None)

    # -- fault injection
    def fail_next(
        self,
        path_prefix: str,
        status: int = 500,
        count: int = 1,
        *,
        body: bytes | str | None = None,
        content_type: str = "text/plain",
        headers: dict[str, str] | None = None,
    ) -> None:
        """The next ``count`` requests whose path starts with ``path_prefix`` answer ``status``
        with ``body`` (default: the status phrase) and ``headers`` (e.g. a redirect's
        Location) instead of being handled."""
        if body is None:
            body = f"{status} injected failure"
        raw = body.encode() if isinstance(body, str) else body
        self._faults.append(_Fault(path_prefix, status, count, raw, content_type, headers or {}))

    def answer_next(
        self,
        path_prefix: str,
        body: bytes | str | dict[str, Any],
        *,
        status: int = 200,
        count: int = 1,
        content_type: str = "application/json",
    ) -> None:
        """The next ``count`` matching requests get exactly this answer (malformed JSON...)."""
        raw = json.dumps(body) if isinstance(body, dict) else body
        self.fail_next(path_prefix, status, count, body=raw, content_type=content_type)

    def rate_limit_next(self, count: int = 1) -> None:
        """The next ``count`` API calls answer tikwm's "Free Api Limit" error (code -1)."""
        self.answer_next("/api", {"code": -1, "msg": RATE_LIMIT_MSG}, count=count)

    def delay(self, path_prefix: str, seconds: float) -> None:
        """Requests whose path starts with ``path_prefix`` wait ``seconds`` before being
        handled, until changed again (``seconds`` <= 0 removes the delay)."""
        if seconds > 0:
            self._delays[path_prefix] = seconds
        else:
            self._delays.pop(path_prefix, None)

    def pace(self, path_prefix: str, bytes_per_second: float | None) -> None:
        """Media whose path starts with ``path_prefix`` streams at ``bytes_per_second`` (one
        ``chunk_size`` write at a time: a server dripping bytes), until changed (None: back to
        the emulator's own pace)."""
        if bytes_per_second:
            self._paces[path_prefix] = bytes_per_second
        else:
            self._paces.pop(path_prefix, None)

    def clear_faults(self) -> None:
        """Forget injected failures, delays and paces."""
        self._faults.clear()
        self._delays.clear()
        self._paces.clear()

    # -- inspection
    def count(self, path_prefix: str = "/") -> int:
        """How many requests arrived whose path starts with ``path_prefix``."""
        return sum(1 for r in self.requests if r.path.startswith(path_prefix))

    def media_fetches(self, post_id: str | int | None = None) -> int:
        """How many GET requests for media (of ``post_id``, or of any post) arrived."""
        prefix = "/media/" if post_id is None else f"/media/{post_id}/"
        return sum(1 for r in self.requests if r.method == "GET" and r.path.startswith(prefix))

    def clear_requests(self) -> None:
        """Forget the recorded requests."""
        self.requests.clear()

    async def wait_until(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Wait until ``predicate()`` is truthy (re-checked whenever a request arrives or
        finishes); TimeoutError after ``timeout`` s."""
        return await self._changes.wait_for(predicate, timeout)

    # -- HTTP
    @web.middleware
    async def _middleware(self, request: web.Request, handler: Callable) -> web.StreamResponse:
        params = dict(request.query)
        if request.method == "POST":
            params.update({k: str(v) for k, v in (await request.post()).items()})
        request[PARAMS] = params
        self.requests.append(RecordedRequest(request.method, request.path, params))
        self._changes.notify()
        try:
            delay = max(
                (s for p, s in self._delays.items() if request.path.startswith(p)), default=0
            )
            if delay:
                await asyncio.sleep(delay)
            fault = self._take_fault(request.path)
            if fault is not None:
                return web.Response(
                    body=fault.body,
                    status=fault.status,
                    content_type=fault.content_type,
                    headers=fault.headers,
                )
            return await handler(request)
        finally:
            self._changes.notify()

    def _take_fault(self, path: str) -> _Fault | None:
        for fault in self._faults:
            if fault.remaining > 0 and path.startswith(fault.prefix):
                fault.remaining -= 1
                if fault.remaining == 0:
                    self._faults.remove(fault)
                return fault
        return None

    @staticmethod
    def _json(body: dict[str, Any]) -> web.Response:
        body.setdefault("processed_time", 0.01)
        return web.json_response(body)

    def _find_post(self, url: str) -> _Post | None:
        url = url.strip()
        if match := _ID_IN_LINK.search(url):
            post_id = match[1]
        elif match := _SHORT_IN_LINK.search(url):
            post_id = self._short_links.get(match[1], "")
        elif url.isdigit():
            post_id = url
        else:
            return None
        return self._posts.get(post_id)

    async def _api(self, request: web.Request) -> web.Response:
        post = self._find_post(request[PARAMS].get("url", ""))
        if post is None:
            return self._json({"code": -1, "msg": INVALID_URL_MSG})
        if post.deleted:
            return self._json({"code": -1, "msg": DELETED_MSG})
        if post.private:
            return self._json({"code": -1, "msg": PRIVATE_MSG})
        return self._json({"code": 0, "msg": "success", "data": self._data(post)})

    async def _user_posts(self, request: web.Request) -> web.Response:
        params = request[PARAMS]
        creator = self._creators.get(params.get("unique_id", "").strip().lstrip("@").lower())
        if creator is None:
            return self._json({"code": -1, "msg": NO_USER_MSG})
        try:
            count = max(1, min(int(params.get("count") or 10), MAX_PAGE_SIZE))
            offset = max(0, int(params.get("cursor") or 0))
        except ValueError:
            return self._json({"code": -1, "msg": "Invalid parameters"})
        ids = dict.fromkeys(creator.posts)
        ids.update(
            dict.fromkeys(
                p.id for p in self._posts.values() if p.author.lower() == creator.unique_id.lower()
            )
        )
        posts = [
            self._posts[i]
            for i in ids
            if i in self._posts and not self._posts[i].deleted and not self._posts[i].private
        ]
        posts.sort(key=lambda p: (p.id in creator.pinned, p.created_at, int(p.id)), reverse=True)
        page = posts[offset : offset + count]
        items = []
        for post in page:
            item = self._data(post)
            item.pop("id")
            item.update(
                video_id=post.id, aweme_id=f"v{post.id}", is_top=int(post.id in creator.pinned)
            )
            items.append(item)
        end = offset + len(page)
        data = {"videos": items, "cursor": str(end), "hasMore": end < len(posts)}
        return self._json({"code": 0, "msg": "success", "data": data})

    def _data(self, post: _Post) -> dict[str, Any]:
        base = self.base_url if post.absolute_urls else ""

        def url(name: str) -> str:
            return f"{base}/media/{post.id}/{name}"

        sound_url = url("music.mp3") if post.sound is not None else ""
        data: dict[str, Any] = {
            "id": post.id,
            "region": "US",
            "title": post.caption,
            "cover": url("cover.jpeg"),
            "ai_dynamic_cover": url("cover.jpeg"),
            "origin_cover": url("cover.jpeg"),
            "duration": post.duration,
        }
        if post.kind == "video":
            video = post.video or b""
            hd_video = post.hd_bytes
            data.update(
                play=url("play.mp4"),
                wmplay=url("wmplay.mp4"),
                hdplay=url("hdplay.mp4") if post.hd else "",
                size=len(video),
                wm_size=len(self._watermarked(video)),
                hd_size=len(hd_video) if hd_video is not None else 0,
                width=post.width,
                height=post.height,
            )
            if not post.report_sizes:
                for key in ("size", "wm_size", "hd_size"):
                    del data[key]
        else:
            data.update(
                play=sound_url,
                wmplay=sound_url,
                size=len(post.sound or b""),
                wm_size=len(post.sound or b""),
                images=[url(f"image/{i}.jpeg") for i in range(len(post.images))],
            )
        if post.sound is not None:
            data["music"] = sound_url
            data["music_info"] = {
                "id": f"69{post.id[-17:]}",
                "title": post.sound_title,
                "play": sound_url,
                "cover": url("cover.jpeg"),
                "author": post.sound_author,
                "original": True,
                "duration": post.duration or 15,
                "album": "",
            }
        data.update(
            play_count=0,
            digg_count=0,
            comment_count=0,
            share_count=0,
            download_count=0,
            collect_count=0,
            create_time=post.created_at,
            is_ad=False,
            author={
                "id": str(6_800_000_000_000_000_000 + zlib.crc32(post.author.encode())),
                "unique_id": post.author,
                "nickname": post.nickname,
                "avatar": url("avatar.jpeg"),
            },
        )
        return data

    @staticmethod
    def _watermarked(video: bytes) -> bytes:
        return b"WATERMARKED:" + video

    def _media_bytes(self, post: _Post, name: str) -> bytes | None:
        if name == "play.mp4" and post.video is not None:
            return post.video
        if name == "hdplay.mp4":
            return post.hd_bytes
        if name == "wmplay.mp4" and post.video is not None:
            return self._watermarked(post.video)
        if name == "music.mp3":
            return post.sound
        if name in ("cover.jpeg", "avatar.jpeg"):
            return FAKE_JPEG
        if match := re.fullmatch(r"image/(\d+)\.jpeg", name):
            index = int(match[1])
            return post.images[index] if index < len(post.images) else None
        return None

    async def _media(self, request: web.Request) -> web.StreamResponse:
        post = self._posts.get(request.match_info["post_id"])
        name = request.match_info["name"]
        body = None
        if post is not None and not post.deleted and not post.broken:
            body = self._media_bytes(post, name)
        if body is None:
            return web.Response(status=404, text="media not found")
        suffix = name[name.rfind(".") :]
        response = web.StreamResponse(
            headers={"Content-Type": _CONTENT_TYPES.get(suffix, "application/octet-stream")}
        )
        if post.content_length:
            response.content_length = len(body)
        else:
            response.enable_chunked_encoding()
        await response.prepare(request)
        if request.method != "HEAD":
            loop = asyncio.get_running_loop()
            began = loop.time()
            rate = next(
                (r for p, r in self._paces.items() if request.path.startswith(p)),
                self.media_bytes_per_second,
            )
            for start in range(0, len(body), self.chunk_size):
                await response.write(body[start : start + self.chunk_size])
                if rate:
                    due = began + (start + self.chunk_size) / rate
                    await asyncio.sleep(max(0.0, due - loop.time()))
        await response.write_eof()
        return response


def _seed_demo(emulator: TikwmEmulator) -> None:
    now = int(time.time())
    emulator.add_video(
        "7300000000000000001",
        author="tokdrop_demo",
        caption="A demo video #tokdrop",
        video=b"\x00\x00\x00\x18ftypmp42" + bytes(4096),
        sound=b"ID3" + bytes(1024),
        created_at=now - 3600,
        short_code="ZMdemo1",
    )
    emulator.add_slideshow(
        "7300000000000000002",
        author="tokdrop_demo",
        caption="A demo slideshow",
        images=[FAKE_JPEG] * 3,
        created_at=now - 60,
        short_code="ZMdemo2",
    )
    emulator.add_creator("tokdrop_demo")


async def _serve(host: str, port: int, demo: bool) -> None:  # pragma: no cover - manual use
    emulator = TikwmEmulator(host, port)
    if demo:
        _seed_demo(emulator)
    async with emulator:
        print(f"tikwm emulator on {emulator.base_url} (TIKWM_URL={emulator.base_url})")
        await asyncio.Event().wait()


def main() -> None:  # pragma: no cover - manual use
    """``python -m devservers.tikwm [--port N] [--demo]``: serve until interrupted."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--demo", action="store_true", help="add a demo video and slideshow")
    args = parser.parse_args()
    try:
        asyncio.run(_serve(args.host, args.port, args.demo))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":  # pragma: no cover
    main()
