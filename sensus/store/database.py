"""The store's API in one import: readers, the one writer entry (open_writer), errors, schema versions.

The work is done by the modules of this package, one per job: errors, files (salt, lock, private modes),
readers, migrations, writer.
"""

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
    connect_current,
    open_writer,
    plausible_instants,
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
