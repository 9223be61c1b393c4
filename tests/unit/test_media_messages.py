"""Every delivery failure maps to its own localized message."""

import pytest

from bot.i18n import Locales
from bot.media.flow import explain
from bot.media.service import TooLarge
from bot.sources import (
    InvalidLink,
    MediaUnavailable,
    PostUnavailable,
    ResolverDown,
    ResolverTimeout,
    SlideshowUnsupported,
)


@pytest.mark.parametrize(
    "error, fragment",
    [
        (InvalidLink("x"), "couldn't open this link"),
        (PostUnavailable("x"), "private, deleted"),
        (SlideshowUnsupported("x"), "slideshows"),
        (ResolverTimeout("x"), "too slowly"),
        (ResolverDown("x"), "can't reach TikTok"),
        (MediaUnavailable("x"), "didn't give me the media"),
        (TooLarge(80 * 1024 * 1024, "https://cdn.example/v.mp4"), "too big for Telegram (80 MB)"),
        (RuntimeError("boom"), "Something went wrong"),
    ],
)
def test_explain(error, fragment):
    assert fragment in explain(error, Locales().translator("en"))
