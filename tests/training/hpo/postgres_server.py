"""A throw-away PostgreSQL cluster on 127.0.0.1 for scale-out tests (Debian's binaries)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SERVICE_USER = "postgres"


def find_bin_dir() -> Path | None:
    """Folder holding initdb and pg_ctl (``/usr/lib/postgresql/<v>/bin`` or on PATH)."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("pg_ctl") else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_service(command: list[str]) -> list[str]:
    """Run as the postgres user when root (initdb and pg_ctl refuse to run as root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", SERVICE_USER, "--", *command]
    return command


def _run(program: Path, *args: str) -> None:
    command = _as_service([str(program), *args])
    result = subprocess.run(command, check=False, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")


@contextmanager
def postgres_cluster(bin_dir: Path, database: str = "hpo") -> Iterator[str]:
    """Create, start and finally stop and delete a cluster; yield a SQLAlchemy URL to it."""
    base = Path(tempfile.mkdtemp(prefix="resume-ner-pg-"))
    data, sockets = base / "data", base / "sock"
    data.mkdir()
    sockets.mkdir()
    if os.geteuid() == 0:
        base.chmod(0o755)
        for folder in (data, sockets):
            shutil.chown(folder, SERVICE_USER, SERVICE_USER)
    port = _free_port()
    started = False
    try:
        _run(bin_dir / "initdb", "-D", str(data), "-A", "trust", "-U", "postgres")
        options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = sockets / "server.log"
        _run(bin_dir / "pg_ctl", "-D", str(data), "-o", options, "-l", str(log), "-w", "start")
        started = True
        _run(bin_dir / "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", database)
        yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}/{database}"
    finally:
        if started:
            subprocess.run(
                _as_service(
                    [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
                ),
                check=False,
                capture_output=True,
                timeout=60,
            )
        shutil.rmtree(base, ignore_errors=True)
