"""The store's API in one import: readers, the one writer entry (open_writer), errors, schema versions.

The work is done by the modules of this package, one per job: errors, files (salt, lock, private modes),
readers, migrations, writer.
"""

import dataclasses
from datetime import datetime

from sensus.core.config import Limits
from sensus.store import writer as writer_module
from sensus.store.errors import AlreadyCurrent, StoreError, StoreMissing, store_error
from sensus.store.files import PRIVATE_MODE, lock_path, salt_path, version_key, warn_if_loose
from sensus.store.migrations import MIGRATIONS, SCHEMA, SCHEMA_VERSION, migrate
from sensus.store.readers import (
    DEMO_KEY,
    KABUPATEN_KEY,
    check_region,
    connect_reader,
    cursor,
    is_demo_store,
    quote_identifier,
    read_meta,
    run_sql,
    sql_text,
    stored_region,
)
from sensus.store.writer import (
    MARTS,
    SALT_MIN_BYTES,
    Writer,
    build_marts,
    open_writer,
    salt_fingerprint,
)

__all__ = [
    "DEMO_KEY",
    "KABUPATEN_KEY",
    "MARTS",
    "MIGRATIONS",
    "PRIVATE_MODE",
    "SALT_MIN_BYTES",
    "SCHEMA",
    "SCHEMA_VERSION",
    "AlreadyCurrent",
    "StoreError",
    "StoreMissing",
    "Writer",
    "build_marts",
    "check_region",
    "connect_current",
    "connect_reader",
    "cursor",
    "is_demo_store",
    "lock_path",
    "migrate",
    "open_writer",
    "plausible_instants",
    "quote_identifier",
    "read_meta",
    "run_sql",
    "salt_fingerprint",
    "salt_path",
    "sql_text",
    "store_error",
    "stored_region",
    "version_key",
    "warn_if_loose",
]


# --- shims for callers outside the store layer until they take the configuration (deleted with config.load) ---
def writer(path, salt, mulai, selesai, upgrade_only: bool = False):
    """Deprecated: open_writer(path, cfg). The salt is always the one beside the store."""
    from sensus.core import config

    if salt != salt_path(path):
        raise ValueError(f"{salt}: a store's salt is {salt_path(path)}")
    cfg = dataclasses.replace(config.load(), mulai=mulai, selesai=selesai)
    return open_writer(path, cfg, upgrade_only=upgrade_only)


def plausible_instants(limits: Limits | None = None) -> tuple[datetime, datetime]:
    """plausible_instants(cfg.impor); without limits (deprecated) those of config.load()."""
    from sensus.core import config

    return writer_module.plausible_instants(limits or config.load().impor)


def connect_current(path, cfg=None):
    """connect_current(path, cfg); without cfg (deprecated) under config.load()."""
    from sensus.core import config

    return writer_module.connect_current(path, cfg or config.load())
