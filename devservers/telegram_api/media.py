"""Files and media: resolving InputFile values, and the Bot API objects describing media."""

from __future__ import annotations

import mimetypes
import posixpath
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from .calls import UploadedFile
from .errors import WRONG_FILE, bad_request
from .params import Params
from .state import EmulatorState, StoredFile


@dataclass(frozen=True)
class MediaKind:
    """One kind of media: its send method and which request fields describe the file."""

    name: str  # also the Message field, the InputMedia type and the send method's parameter
    method: str
    mime_type: str | None
    meta_fields: tuple[str, ...]
    size: tuple[int, int] | None = None  # default width/height when the object requires them
    in_albums: bool = False


MEDIA_KINDS = {
    kind.name: kind
    for kind in (
        MediaKind("photo", "sendPhoto", None, (), (720, 1280), in_albums=True),
        MediaKind(
            "video",
            "sendVideo",
            "video/mp4",
            ("width", "height", "duration"),
            (720, 1280),
            in_albums=True,
        ),
        MediaKind(
            "animation", "sendAnimation", "video/mp4", ("width", "height", "duration"), (480, 480)
        ),
        MediaKind("document", "sendDocument", "application/octet-stream", (), in_albums=True),
        MediaKind(
            "audio", "sendAudio", "audio/mpeg", ("duration", "performer", "title"), in_albums=True
        ),
        MediaKind("voice", "sendVoice", "audio/ogg", ("duration",)),
        MediaKind("video_note", "sendVideoNote", None, ("duration", "length")),
        MediaKind("sticker", "sendSticker", None, ("emoji",), (512, 512)),
    )
}
# Kinds whose objects carry file_name / mime_type.
NAMED_KINDS = frozenset({"video", "animation", "document", "audio"})
DURATION_KINDS = frozenset({"video", "animation", "audio", "voice", "video_note"})
THUMB_SCALE = 4


def _upload_file(
    state: EmulatorState, kind: str, upload: UploadedFile, meta: dict[str, Any]
) -> StoredFile:
    if upload.size == 0:
        raise bad_request("file must be non-empty")
    mime = upload.content_type
    if mime in {None, "application/octet-stream"}:
        guessed = mimetypes.guess_type(upload.filename or "")[0]
        mime = guessed or MEDIA_KINDS[kind].mime_type or mime
    return state.new_file(
        kind,
        size=upload.size,
        sha256=upload.sha256,
        filename=upload.filename,
        mime_type=mime,
        meta=meta,
    )


def resolve_file(
    state: EmulatorState,
    params: Params,
    value: Any,
    kind: str,
    meta: dict[str, Any],
    field: str | None = None,
) -> StoredFile:
    """The stored file named by an InputFile value: attach://, a direct part, a URL or file_id.

    ``meta`` (dimensions, duration, ...) is remembered for fresh uploads and URLs only: a
    resent file_id keeps what Telegram learnt when the file was first sent.
    """
    upload = params.uploads.get(field) if value is None and field else None
    if isinstance(value, str) and value.startswith("attach://"):
        upload = params.uploads.get(value.removeprefix("attach://"))
        if upload is None:
            raise bad_request(WRONG_FILE)
    if upload is not None:
        return _upload_file(state, kind, upload, meta)
    if not isinstance(value, str) or not value:
        raise bad_request(f"there is no {kind} in the request")
    if value.startswith(("http://", "https://")):
        name = posixpath.basename(urlparse(value).path) or None
        return state.new_file(
            kind, url=value, filename=name, mime_type=MEDIA_KINDS[kind].mime_type, meta=meta
        )
    stored = state.files.get(value)
    if stored is None:
        raise bad_request(WRONG_FILE)
    if stored.kind != kind:
        raise bad_request("type of file mismatch")
    return stored


def file_meta(kind: str, source: dict[str, Any]) -> dict[str, Any]:
    return {
        name: source[name] for name in MEDIA_KINDS[kind].meta_fields if source.get(name) is not None
    }


def media_object(state: EmulatorState, stored: StoredFile) -> Any:
    """The object put in Message.<kind>: a PhotoSize list for photos, one object otherwise."""
    kind = MEDIA_KINDS[stored.kind]
    base: dict[str, Any] = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
    if stored.size is not None:
        base["file_size"] = stored.size
    if kind.name == "photo":
        return _photo_sizes(state, stored, base)
    if kind.size:
        base["width"], base["height"] = kind.size
    if kind.name in DURATION_KINDS:
        base["duration"] = 0
    if kind.name == "video_note":
        base["length"] = 240
    if kind.name == "sticker":
        base.update({"type": "regular", "is_animated": False, "is_video": False})
    if kind.name in NAMED_KINDS:
        base.update(
            {
                key: value
                for key, value in (("file_name", stored.filename), ("mime_type", stored.mime_type))
                if value
            }
        )
    base.update(stored.meta)
    return base


def _photo_sizes(state: EmulatorState, stored: StoredFile, base: dict[str, Any]) -> list[Any]:
    """Telegram keeps several sizes of a photo; the emulator keeps a thumbnail and the original."""
    width, height = stored.meta.get("size", MEDIA_KINDS["photo"].size)
    full = {**base, "width": width, "height": height}
    if stored.meta.get("thumbnail_of") or min(width, height) < 2 * THUMB_SCALE:
        return [full]
    thumb_id = stored.meta.get("thumbnail_id")
    thumb = state.files.get(thumb_id) if thumb_id else None
    small_size = (width // THUMB_SCALE, height // THUMB_SCALE)
    if thumb is None:
        thumb_bytes = (stored.size // THUMB_SCALE**2 or 1) if stored.size else None
        thumb = state.new_file(
            "photo", size=thumb_bytes, meta={"thumbnail_of": stored.file_id, "size": small_size}
        )
        stored.meta["thumbnail_id"] = thumb.file_id
    small = {
        "file_id": thumb.file_id,
        "file_unique_id": thumb.file_unique_id,
        "width": small_size[0],
        "height": small_size[1],
    }
    if thumb.size is not None:
        small["file_size"] = thumb.size
    return [small, full]
