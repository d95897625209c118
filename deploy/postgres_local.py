"""A throwaway PostgreSQL cluster from Debian's packages, started as a normal process (no systemd).

For the tests, the benchmarks and CI: `start(folder)` runs initdb and pg_ctl in `folder` (as the `postgres` user
when run as root: PostgreSQL refuses to run as root), listening on a Unix socket in that folder and on loopback at
a free port, and returns the connection string; `stop(folder)` stops it (fast shutdown).

    python3 deploy/postgres_local.py start /tmp/pg    # prints the DSN
    python3 deploy/postgres_local.py stop /tmp/pg
"""

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

DATABASE = "pantau"


def bin_dir() -> Path:
    """The newest PostgreSQL server's binaries (Debian: /usr/lib/postgresql/<major>/bin)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RuntimeError("PostgreSQL's server is not installed: apt-get install postgresql (Debian)")


def _as_owner(command: list[str]) -> list[str]:
    # root may not run the server: the cluster belongs to the postgres user the Debian package creates
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def dsn(folder: Path) -> str:
    port = (folder / "port").read_text().strip()
    return f"postgresql://postgres@127.0.0.1:{port}/{DATABASE}"


def start(folder: Path) -> str:
    """Start a cluster in `folder` (created, or reused when one is there and stopped); its DSN."""
    folder = folder.resolve()
    data = folder / "data"
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    binaries = bin_dir()
    if not (data / "PG_VERSION").exists():
        subprocess.run(
            _as_owner([str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]),
            check=True,
            capture_output=True,
        )
    port = _free_port()
    (folder / "port").write_text(f"{port}\n")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200"
    subprocess.run(
        _as_owner([str(binaries / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-o", options, "-w", "start"]),
        check=True,
        capture_output=True,
    )
    exists = subprocess.run(
        [str(binaries / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-Atc",
         f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    if not exists:
        subprocess.run(
            [str(binaries / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", DATABASE],
            check=True,
            capture_output=True,
        )
    return dsn(folder)


def stop(folder: Path, mode: str = "fast") -> None:
    """Stop the cluster in `folder` (`mode` 'immediate' is a crash: no checkpoint, as after kill -9)."""
    data = folder.resolve() / "data"
    if (data / "postmaster.pid").exists():
        subprocess.run(
            _as_owner([str(bin_dir() / "pg_ctl"), "-D", str(data), "-m", mode, "-w", "stop"]),
            check=True,
            capture_output=True,
        )


if __name__ == "__main__":
    verb, where = sys.argv[1], Path(sys.argv[2])
    if verb == "start":
        print(start(where))
    elif verb == "stop":
        stop(where)
    else:
        sys.exit(f"usage: {sys.argv[0]} start|stop FOLDER")
