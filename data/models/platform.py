"""The platforms posts come from; downloads and cached file ids record theirs."""

import enum

from sqlalchemy import Enum


class Platform(enum.StrEnum):
    """Where a post lives. Post ids are only unique within one platform."""

    TIKTOK = "tiktok"
    INSTAGRAM = "instagram"


def platform_column_type() -> Enum:
    """The column type of a ``platform`` column: a short string, not a database enum, so a
    new platform needs no schema change."""
    return Enum(
        Platform, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e]
    )
