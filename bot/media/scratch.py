"""A temporary folder for one delivery's downloads, removed with its files on every exit."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from types import TracebackType

__all__ = ["ScratchFolder"]

PREFIX = "tokdrop-"


class ScratchFolder:
    """``with ScratchFolder(parent) as scratch: ... scratch.path / "video.mp4"``: the folder is
    made (under ``parent``, or the system's temporary directory when None) the first time
    :attr:`path` is read, and removed with everything in it when the block ends, whether it
    ends normally, with an error or by cancellation."""

    def __init__(self, parent: str | Path | None = None) -> None:
        self.parent = parent or None
        self._path: Path | None = None

    @property
    def path(self) -> Path:
        """The folder (created now if it does not exist yet)."""
        if self._path is None:
            self._path = Path(tempfile.mkdtemp(prefix=PREFIX, dir=self.parent))
        return self._path

    def __enter__(self) -> ScratchFolder:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._path is not None:
            shutil.rmtree(self._path, ignore_errors=True)
            self._path = None
