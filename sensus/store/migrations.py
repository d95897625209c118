"""The store's schema and its versions: queries/schema.sql, then queries/migrations/NNN_name.sql in order."""

from pathlib import Path

import duckdb

from sensus.core.paths import QUERIES
from sensus.core.wilayah_indonesia import Kabupaten
from sensus.store.errors import StoreError
from sensus.store.readers import KABUPATEN_KEY, read_meta

SCHEMA = QUERIES / "schema.sql"
# queries/migrations/NNN_name.sql brings a store from NNN-1 to NNN; a store with no recorded version is at 1
MIGRATIONS = tuple(sorted((int(p.name[:3]), p) for p in (QUERIES / "migrations").glob("[0-9][0-9][0-9]_*.sql")))
SCHEMA_VERSION = max((version for version, _ in MIGRATIONS), default=1)


def stored_version(con: duckdb.DuckDBPyConnection) -> int:
    return int(read_meta(con).get("skema", "1"))


def migrate(con: duckdb.DuckDBPyConnection, path: Path, region: Kabupaten, is_new: bool) -> int:
    """Bring the store open on `con` to SCHEMA_VERSION, in order; returns the version it had.

    A new store records `region` as the region it is built for before any migration runs (the one that fills the
    region of older stores then leaves it be). Runs inside a writer's draft, so a migration is published with the
    import that caused it, or not at all.
    """
    con.execute(SCHEMA.read_text(encoding="utf-8"))
    if is_new:
        con.execute("insert or replace into meta values ($k, $v)", {"k": KABUPATEN_KEY, "v": region.kode})
    found = stored_version(con)
    if found > SCHEMA_VERSION:
        raise StoreError("skema_lebih_baru", path, versi=found, didukung=SCHEMA_VERSION)
    for version, migration in MIGRATIONS:
        if version > found:
            con.execute(migration.read_text(encoding="utf-8"))
    con.execute("insert or replace into meta values ('skema', $v)", {"v": str(SCHEMA_VERSION)})
    return found
