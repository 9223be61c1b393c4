"""What a backend that resolves single posts only says when asked for a creator's posts."""

from __future__ import annotations

from .errors import CreatorListingUnsupported
from .models import CreatorPage

__all__ = ["PostsOnly"]


class PostsOnly:
    """Mixin of resolvers that cannot list creators' posts (cobalt; yt-dlp for Instagram):
    ``creator_posts`` raises :class:`CreatorListingUnsupported` naming ``service``, so a chain
    asks the next backend."""

    service: str = "this backend"

    async def creator_posts(
        self,
        unique_id: str,
        *,
        since: int | None = None,
        count: int = 20,
        cursor: str | None = None,
    ) -> CreatorPage:
        """Always CreatorListingUnsupported: the backend resolves single posts only."""
        raise CreatorListingUnsupported(f"{self.service} cannot list the posts of a creator")
