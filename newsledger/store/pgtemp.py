"""A throwaway PostgreSQL cluster on loopback, for the tests and bench/serve.py.

It uses the distribution's server binaries (Debian's ``postgresql`` package puts
them in /usr/lib/postgresql/VERSION/bin): ``initdb`` into a temporary folder,
``pg_ctl start`` listening on 127.0.0.1 only (and a Unix socket inside that
folder), trust authentication for the one superuser it makes, the C.UTF-8 locale
so text sorts by code point as SQLite's does while lower() knows every letter
(plain C lower-cases ASCII only).  PostgreSQL refuses to run as root, so as
root the server runs as the ``postgres`` system user (made by the package)
through ``runuser``.  Standard library only; nothing is downloaded.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SUPERUSER = "newsledger"


class NoServer(RuntimeError):
    """No PostgreSQL server could be started here; the message says why."""


def find_bin() -> Path | None:
    """The folder holding initdb and pg_ctl: $NEWSLEDGER_PG_BIN, the PATH, or the newest Debian version."""
    env = os.environ.get("NEWSLEDGER_PG_BIN")
    if env:
        return Path(env) if (Path(env) / "initdb").is_file() else None
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class TempCluster:
    folder: Path
    port: int
    bin: Path
    _as_user: list[str] = field(default_factory=list)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name: str) -> str:
        """Create database ``name`` (dropping an earlier one of that name); returns its URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            con.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        subprocess.run([*self._as_user, str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate",
                        "-w", "stop"], capture_output=True, timeout=60, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def start(timeout: float = 60.0) -> TempCluster:
    """Start a new cluster in a temporary folder; raises :class:`NoServer` with the reason."""
    bindir = find_bin()
    if bindir is None:
        raise NoServer("no PostgreSQL server binaries (initdb, pg_ctl): install Debian's postgresql package, "
                       "or set NEWSLEDGER_TEST_PG to a server's URL")
    as_user: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="newsledger-pg-"))
    if os.geteuid() == 0:
        runuser = shutil.which("runuser")
        try:
            import pwd

            pw = pwd.getpwnam("postgres")
        except KeyError:
            pw = None
        if runuser is None or pw is None:
            shutil.rmtree(folder, ignore_errors=True)
            raise NoServer("running as root, and PostgreSQL refuses root: no 'postgres' user or runuser to switch to")
        os.chown(folder, pw.pw_uid, pw.pw_gid)
        as_user = [runuser, "-u", "postgres", "--"]
    data = folder / "data"
    port = _free_port()
    for locale in ("C.UTF-8", "C"):  # C where the C library has no C.UTF-8 (older ones)
        init = subprocess.run(
            [*as_user, str(bindir / "initdb"), "-D", str(data), "-U", SUPERUSER, "-A", "trust", f"--locale={locale}",
             "-E", "UTF8", "--no-sync"], capture_output=True, text=True, timeout=timeout, check=False)
        if init.returncode == 0:
            break
        shutil.rmtree(data, ignore_errors=True)
    if init.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise NoServer(f"initdb failed: {init.stderr.strip()[-500:]}")
    # Small and quick: a throwaway cluster needs no durability (fsync off) and little memory.
    opts = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={folder}"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
            " -c shared_buffers=64MB")
    started = subprocess.run(
        [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-o", opts, "-w",
         "-t", str(int(timeout)), "start"], capture_output=True, text=True, timeout=timeout + 10, check=False)
    cluster = TempCluster(folder, port, bindir, as_user)
    if started.returncode != 0:
        log = (folder / "server.log").read_text(errors="replace")[-500:] if (folder / "server.log").exists() else ""
        cluster.stop()
        raise NoServer(f"pg_ctl start failed: {started.stderr.strip()[-300:]} {log}")
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return cluster
        except OSError:
            if time.monotonic() > deadline:
                cluster.stop()
                raise NoServer(f"the server did not listen on 127.0.0.1:{port} within {timeout:.0f} s") from None
            time.sleep(0.1)
