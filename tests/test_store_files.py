"""The files beside a store: one salt and one writers' lock per store, and stale drafts swept only of that store."""

import threading

from sensus.core import config
from sensus.ingest import batches
from sensus.store import database, files

CFG = config.read(environ={})


def test_salt_and_lock_sit_beside_the_store(tmp_path):
    store = tmp_path / "sensus.duckdb"
    assert files.salt_path(store) == tmp_path / "sensus.salt"
    assert files.lock_path(store) == tmp_path / "sensus.duckdb.lock"
    with database.open_writer(store, CFG) as w:
        assert w.salt_path == files.salt_path(store)
        assert len(w.salt) >= database.SALT_MIN_BYTES  # made on first use, beside the store
    assert files.salt_path(store).is_file()


def test_a_running_writer_holds_the_lock_an_upload_sees(tmp_path):
    store = tmp_path / "sensus.duckdb"
    assert not batches.is_import_running(store)
    inside, release = threading.Event(), threading.Event()

    def write() -> None:
        with database.open_writer(store, CFG):
            inside.set()
            release.wait()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert inside.wait(60)
        assert files.is_locked(store) and batches.is_import_running(store)
    finally:
        release.set()
        writer.join()
    assert not files.is_locked(store)


def test_only_the_stores_own_stale_drafts_are_swept_whatever_its_name(tmp_path):
    store = tmp_path / "ekspor[1].duckdb"
    own = tmp_path / ".ekspor[1].duckdb.tmp-999999"
    # what the unescaped pattern '.ekspor[1].duckdb.tmp-*' would match: another store's draft
    other = tmp_path / ".ekspor1.duckdb.tmp-999999"
    own.write_bytes(b"left by a killed writer")
    other.write_bytes(b"another store's writer at work")
    with database.open_writer(store, CFG):
        pass
    assert not own.exists() and other.exists()
