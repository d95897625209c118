"""The files beside a store: its salt, its writers' lock, and the modes of private files.

Every path derived from the store's path is derived here, so a writer, an import's dry run and the demo's
builder agree on which salt and which lock belong to a store.
"""

import fcntl
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sensus.core.config import salt_path_for

LOG = logging.getLogger("sensus.files")
# store, salt, users file, session key and audit journal: readable by their owner (and at most its group) only.
# They hold hashed KK numbers, the salt that would un-hash them, password hashes and the cookie key.
PRIVATE_MODE = 0o600
LOOSE_BITS = 0o027  # group write, or anything for others: looser than 0640
_warned: set[tuple[str, int]] = set()


def salt_path(store_path: Path) -> Path:
    """The salt of a store's no_kk hashes: beside the store, never inside it."""
    return salt_path_for(store_path)


def lock_path(path: Path) -> Path:
    """The lock file writers of `path` (a store, the users file) queue on: '<name>.lock' beside it."""
    return path.with_name(path.name + ".lock")


@contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Hold the writers' lock of `path` for the block; another process's block waits until this one ends.

    OSError when the lock file cannot be created (a missing or read-only folder)."""
    with open(lock_path(path), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def is_locked(path: Path) -> bool:
    """True while some process holds the writers' lock of `path`."""
    lock = lock_path(path)
    if not lock.exists():
        return False
    with open(lock, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def warn_if_loose(path: Path) -> bool:
    """Warn once (the server's log, a command's stderr) when a private file is open to others; True if it is."""
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        return False
    if not mode & LOOSE_BITS:
        return False
    if (str(path), mode) not in _warned:
        _warned.add((str(path), mode))
        LOG.warning("%s is mode %o, open to other users of this machine: chmod 600 %s", path, mode, path)
    return True


def version_key(path: Path) -> tuple[int, int, int]:
    """Cheap fingerprint of the published file: changes with every publish, read on every rerun."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return (0, 0, 0)
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
