"""Imports of tt-bot databases: one row per source, the checkpoint every batch commits with."""

from sqlalchemy import JSON, BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base


class TtbotImport(Base):
    """The state of the import of one tt-bot database (``source``: its identity, password-free).

    ``*_last_pk`` is the last source primary key of each table already written; ``tally`` the
    per-table counts and adjustments so far and the range of times imported. Both are committed
    in the transaction of the batch they describe, so a killed import resumes after it.
    """

    __tablename__ = "ttbot_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(512), unique=True)
    # The import's start: the time given to rows with none (a resumed run keeps it).
    started_at: Mapped[int] = mapped_column(BigInteger)
    finished_at: Mapped[int | None] = mapped_column(BigInteger)
    phase: Mapped[str] = mapped_column(String(16))
    users_last_pk: Mapped[int | None] = mapped_column(BigInteger)
    videos_last_pk: Mapped[int | None] = mapped_column(BigInteger)
    music_last_pk: Mapped[int | None] = mapped_column(BigInteger)
    tally: Mapped[dict] = mapped_column(JSON)
