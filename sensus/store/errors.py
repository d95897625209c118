"""What can go wrong opening or writing a store, as StoreError codes the pages and the command line translate."""

import errno
import os
import re
from pathlib import Path

import duckdb

CORRUPTION = re.compile(
    r"Corrupt database|not a valid DuckDB database|Could not read enough bytes|checksum|Serialization Error", re.I
)
FOLDER_ERRORS = (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.ENOENT)


class StoreMissing(FileNotFoundError):
    """No store at the configured path yet."""


class StoreError(Exception):
    """The store cannot be written (or read) as asked; nothing changed. `code` keys the message in i18n."""

    def __init__(self, code: str, path: Path, **detail):
        super().__init__(code, str(path), detail)
        self.code = code
        self.path = str(path)
        self.detail = detail


class AlreadyCurrent(Exception):
    """Raised inside an upgrade-only writer that found the store already at this schema: nothing to publish."""


def _in_folder(error: OSError, path: Path) -> bool:
    """The error concerns the store's folder (not, say, the export being read)."""
    names = [str(name) for name in (error.filename, error.filename2) if name is not None]
    return any(name == str(path.parent) or name.startswith(str(path.parent) + os.sep) for name in names)


def store_error(error: BaseException, path: Path) -> StoreError | None:
    """The StoreError a low-level error stands for (a damaged store, an unwritable folder), else None."""
    if isinstance(error, StoreError):
        return error
    if isinstance(error, duckdb.Error) and CORRUPTION.search(str(error)):
        return StoreError("penyimpanan_rusak", path)
    if isinstance(error, OSError) and error.errno in FOLDER_ERRORS and _in_folder(error, path):
        return StoreError("folder_tidak_bisa_ditulis", path.parent)
    if isinstance(error, duckdb.IOException) and re.search(r"Permission denied|Read-only file system", str(error)):
        return StoreError("folder_tidak_bisa_ditulis", path.parent)
    return None
