"""The published marts in PostgreSQL and the replicas' local copies: two replica groups with no shared file see
each publish on their next refresh, their figures are the store's own, a store snapshot opens as the store; an
importer killed mid-publish, or PostgreSQL killed during an import and a publish, leaves every version whole."""

import logging
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import psycopg
import pytest
from polars.testing import assert_frame_equal

from deploy import postgres_local
from sensus.core import config, wilayah_indonesia
from sensus.ingest import importer
from sensus.province import postgres as pg
from sensus.province import publish, read, replica, versions
from sensus.store import postgres as store_postgres
from tests import fixtures, independent
from tests.helpers import stages as stages_
from tests.helpers.stages import store_report

ROOT = Path(__file__).resolve().parents[1]
DAYS = (date(2020, 2, 10), date(2020, 2, 15), date(2020, 3, 6), date(2020, 3, 31), date(2020, 4, 30))
MULAI, SELESAI = date(2020, 2, 15), date(2020, 3, 31)  # the census window of the fixture's exports
KNOWN_DESA = set(wilayah_indonesia.wilayah("33.16")["kode_desa"])  # the fixture's villages are Blora's
FIGURES = ["kk_target", "penduduk_target", "kk_respon", "penduduk_respon", "kk_clean", "persen_kk", "persen_penduduk"]


@pytest.fixture(scope="module")
def stages(tmp_path_factory) -> dict[str, Path]:
    """Two versions of one small store ('first' after the first export, 'second' after both) and the exports."""
    return stages_.two_versions(tmp_path_factory.mktemp("pg_stores"))


def assert_shows_store(root: Path, kode_kab: str, store: Path) -> None:
    """The reader over `root` ranks `kode_kab` and drills into it with the store's own figures, every day."""
    with read.ProvinceReader(root) as reader:
        for day in DAYS:
            ranked = reader.peringkat(day).filter(pl.col("kode_kab") == kode_kab)
            assert_frame_equal(ranked.select(FIGURES), store_report(store, day, "kabupaten").select(FIGURES))
            own_kec = store_report(store, day, "kecamatan").rename({"kode": "kode_kec", "nama": "nama_kec"})
            assert_frame_equal(reader.kecamatan(kode_kab, day), own_kec.select("kode_kec", "nama_kec", *FIGURES))


def assert_same_files(published_root: Path, copy_root: Path, kode_kab: str) -> None:
    """The copy's current version of `kode_kab` holds the same tables, row for row, as the published files."""
    versi = versions.current_version(published_root.resolve(), kode_kab)
    assert versions.current_version(copy_root.resolve(), kode_kab) == versi
    for table in versions.TABLES:
        name = f"{table}.parquet"
        assert_frame_equal(
            pl.read_parquet(versions.version_folder(copy_root, kode_kab, versi) / name),
            pl.read_parquet(versions.version_folder(published_root, kode_kab, versi) / name),
        )


def test_two_replica_groups_see_each_publish_on_their_next_refresh(stages, postgres, tmp_path):
    store = fixtures.copy_store(stages["first"], tmp_path / "importer")
    published = tmp_path / "terbit"
    assert publish.publish(store, "33.16", published, postgres=postgres) == 1
    # 33.01: a code a CSV sniffer would take for a date (yy.mm); the copy reads the published types, never guesses
    assert publish.publish(store, "33.01", published, postgres=postgres, is_region_checked=False) == 1
    group_a, group_b = replica.LocalCopy(postgres, tmp_path / "a"), replica.LocalCopy(postgres, tmp_path / "b")
    for group in (group_a, group_b):
        assert group.refresh()
        assert not group.refresh()
        for kode_kab in ("33.16", "33.01"):
            assert_same_files(published, group.root, kode_kab)
            assert_shows_store(group.root, kode_kab, stages["first"])
    with read.ProvinceReader(group_a.root) as reader_a:
        assert reader_a.snapshot == {"33.16": 1, "33.01": 1}
        assert not reader_a.is_summary_stale  # the copy's summary is rebuilt with each download
        # the kabupaten imports its second export and publishes: both groups notice on their next refresh
        importer.load_submissions(stages["export_2"], store, cfg=fixtures.CFG)
        assert publish.publish(store, "33.16", published, postgres=postgres) == 2
        assert reader_a.snapshot == {"33.16": 1, "33.01": 1}  # an open reader keeps its snapshot until it refreshes
        for group in (group_a, group_b):
            assert group.refresh()
            assert not group.refresh()
            assert_same_files(published, group.root, "33.16")
            assert_shows_store(group.root, "33.16", store)
            assert_shows_store(group.root, "33.01", stages["first"])
        assert reader_a.refresh()
        assert reader_a.snapshot == {"33.16": 2, "33.01": 1}
    # the two groups share no file
    assert not set(group_a.root.rglob("*")) & set(group_b.root.rglob("*"))
    group_a.close()
    group_b.close()


def test_a_copy_reads_back_every_value_as_published(stages, postgres, tmp_path):
    """Codes that look like dates (33.01.01 as yy.mm.dd), names with a comma and quotes, an empty string beside a
    NULL target: the copy's files equal the published ones, value for value and type for type."""
    store = fixtures.copy_store(stages["second"], tmp_path / "importer")
    con = duckdb.connect(str(store))
    try:
        for table in ("desa", "capaian_harian_desa", "kecamatan"):
            con.execute(f"update {table} set kode_kec = replace(kode_kec, '33.16.', '33.01.')")
        con.execute("""update desa set nama_desa = 'Desa "Satu", Dua' where kode_desa = '33.16.01.2001'""")
        con.execute("update desa set jenis = '' where kode_desa = '33.16.01.2002'")
        con.execute("update kecamatan set nama_kec = '' where kode_kec = '33.01.05'")
    finally:
        con.close()
    published = tmp_path / "terbit"
    publish.publish(store, "33.01", published, postgres=postgres, is_region_checked=False)
    with replica.LocalCopy(postgres, tmp_path / "copy") as copy:
        assert copy.refresh()
        assert_same_files(published, copy.root, "33.01")
        desa = pl.read_parquet(versions.version_folder(copy.root, "33.01", 1) / "desa.parquet")
    assert desa.filter(pl.col("kode_desa") == "33.16.01.2001")["nama_desa"].item() == 'Desa "Satu", Dua'
    assert desa.filter(pl.col("kode_desa") == "33.16.01.2002")["jenis"].item() == ""
    assert desa["kk_target"].null_count() > 0  # villages without a target stay NULL, not 0


def test_a_replicas_store_snapshot_opens_as_the_importers_store(stages, postgres, tmp_path):
    store = fixtures.copy_store(stages["second"], tmp_path / "importer")
    publish.publish(store, "33.16", tmp_path / "terbit", postgres=postgres)
    with replica.LocalCopy(postgres, tmp_path / "copy") as copy:
        copy.refresh()
        snapshot = copy.store("33.16")
        assert snapshot.read_bytes() == store.read_bytes()
        assert oct(snapshot.stat().st_mode & 0o777) == "0o600"  # a store is private, as the importer's is
        assert not snapshot.with_suffix(".salt").exists()  # the salt never leaves the importer
        for day in DAYS:
            for tingkat in ("kabupaten", "kecamatan", "desa"):
                assert_frame_equal(store_report(snapshot, day, tingkat), store_report(store, day, tingkat))


def test_a_refresh_when_nothing_changed_makes_one_query_and_downloads_nothing(stages, postgres, tmp_path, monkeypatch):
    publish.publish(stages["first"], "33.16", tmp_path / "terbit", postgres=postgres)
    with replica.LocalCopy(postgres, tmp_path / "copy") as copy:
        assert copy.refresh()
        statements = []
        real_execute = psycopg.Connection.execute

        def counted(self, query, *args, **kwargs):
            statements.append(query)
            return real_execute(self, query, *args, **kwargs)

        monkeypatch.setattr(psycopg.Connection, "execute", counted)
        monkeypatch.setattr(psycopg, "connect", lambda *_, **__: pytest.fail("a refresh with no change connected"))
        for _ in range(3):
            assert not copy.refresh()
        assert statements == [store_postgres.sql_text("terbit_current")] * 3


def test_the_apps_entries_read_files_without_postgres_and_the_local_copy_with_it(stages, postgres, tmp_path, caplog):
    terbit = tmp_path / "terbit"
    environ = {
        "PANTAU_PROVINSI": "33",
        "PANTAU_TERBIT": str(terbit),
        "PANTAU_STORE": str(tmp_path / "{kabupaten}.duckdb"),
    }
    files_only = config.read(environ=environ)
    assert replica.published_root(files_only) == terbit
    assert replica.store_path(files_only, "33.16") == files_only.for_kabupaten("33.16").store_path
    with_postgres = config.read(environ={**environ, "PANTAU_POSTGRES": postgres})
    copy_root = replica.published_root(with_postgres)
    assert copy_root == (tmp_path / "terbit-replika").resolve()
    assert versions.published_kabupaten(copy_root) == []
    # before a publish the pages read the configured store; after it, this replica's snapshot
    assert replica.store_path(with_postgres, "33.16") == with_postgres.for_kabupaten("33.16").store_path
    publish.publish(stages["second"], "33.16", terbit, postgres=postgres)
    assert replica.published_root(with_postgres) == copy_root
    assert versions.current_version(copy_root, "33.16") == 1
    assert replica.store_path(with_postgres, "33.16") == copy_root / "stores" / "33.16.duckdb"
    replica.local_copy(with_postgres).close()
    # PostgreSQL out of reach: the pages go on with what the copy holds, and the log says why
    unreachable = config.read(environ={**environ, "PANTAU_POSTGRES": "postgresql://postgres@127.0.0.1:1/pantau"})
    with caplog.at_level(logging.WARNING, logger="sensus.province.replica"):
        assert replica.published_root(unreachable) == copy_root
    assert "the local copy keeps its versions: PostgreSQL 127.0.0.1:1/pantau: unreachable" in caplog.text
    assert versions.current_version(copy_root, "33.16") == 1
    assert replica.store_path(unreachable, "33.16") == copy_root / "stores" / "33.16.duckdb"


def test_a_copy_refuses_a_kabupaten_code_that_is_not_one(stages, postgres, tmp_path):
    publish.publish(stages["first"], "33.16", tmp_path / "terbit", postgres=postgres)
    with psycopg.connect(postgres) as con:
        con.execute(
            "INSERT INTO terbit_versi SELECT '../x', versi, diterbitkan, baris, store_bytes, store_chunks, "
            "store_sha256 FROM terbit_versi"
        )
        con.execute("INSERT INTO terbit_current VALUES ('../x', 1)")
    refused = r"terbit_current holds '\.\./x', not a kabupaten code"
    with replica.LocalCopy(postgres, tmp_path / "copy" / "inside") as copy, pytest.raises(ValueError, match=refused):
        copy.refresh()
    assert not (tmp_path / "copy").exists()  # nothing written, inside the copy or beside it


def test_postgres_keeps_the_last_three_versions_each_whole(stages, postgres, tmp_path):
    for expected in range(1, 6):
        assert publish.publish(stages["first"], "33.16", tmp_path, postgres=postgres) == expected
    with psycopg.connect(postgres) as con:
        held = con.execute("SELECT versi FROM terbit_versi ORDER BY versi").fetchall()
        chunks = con.execute("SELECT DISTINCT versi FROM terbit_store_chunk ORDER BY versi").fetchall()
    assert held == chunks == [(3,), (4,), (5,)]
    assert pg.problems(postgres) == []


def test_a_publish_continues_from_the_higher_version_of_files_and_postgres(stages, postgres, tmp_path):
    publish.publish(stages["first"], "33.16", tmp_path / "one", postgres=postgres)
    publish.publish(stages["first"], "33.16", tmp_path / "one", postgres=postgres)
    # a second published folder (a new importer machine) starts from PostgreSQL's number, not from 1
    assert publish.publish(stages["first"], "33.16", tmp_path / "two", postgres=postgres) == 3
    assert versions.current_version((tmp_path / "two").resolve(), "33.16") == 3


PUBLISHER = """
import sys
from pathlib import Path
from sensus.province import publish
store, root, dsn = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
while True:
    publish.publish(store, "33.16", root, postgres=dsn)
"""


def writing_transactions(admin: psycopg.Connection, pid: int) -> int:
    """The child's open transactions that have written a row (a version being written into PostgreSQL)."""
    return admin.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s AND backend_xid IS NOT NULL",
        (f"drill-{pid}",),
    ).fetchone()[0]


def current_versions(admin: psycopg.Connection) -> int:
    return admin.execute("SELECT count(*) FROM terbit_current").fetchone()[0]


def test_kill_9_of_an_importer_publishing_to_postgres_leaves_every_version_whole(stages, postgres, tmp_path):
    """A publisher looping in a child process is killed while its transaction has written rows, four times; each
    time every version PostgreSQL holds is whole, CURRENT names one, and a replica's copy of it is the store's."""
    root = tmp_path / "published"
    expected_rows = None
    store_postgres.ensure_schema(postgres)  # the tables exist before the first child
    with psycopg.connect(postgres, autocommit=True) as admin:
        for round_ in range(4):
            dsn = f"{postgres}?application_name=drill-{round_}"
            child = subprocess.Popen([sys.executable, "-c", PUBLISHER, str(stages["second"]), str(root), dsn], cwd=ROOT)
            try:
                deadline = time.monotonic() + 120
                # after one whole version, a transaction in flight: it has written rows and not committed
                while not (current_versions(admin) and writing_transactions(admin, round_)):
                    assert child.poll() is None, "the publisher stopped on its own"
                    assert time.monotonic() < deadline, "no publish in flight within two minutes"
                os.kill(child.pid, signal.SIGKILL)
            finally:
                child.kill()
                child.wait()
            assert child.returncode == -signal.SIGKILL
            assert pg.problems(postgres) == []
            rows = admin.execute("SELECT DISTINCT baris FROM terbit_versi").fetchall()
            assert len(rows) == 1  # every version of the same store holds the same rows
            expected_rows = expected_rows or rows[0][0]
            assert rows[0][0] == expected_rows
    with replica.LocalCopy(postgres, tmp_path / "copy") as copy:
        copy.refresh()
        assert_shows_store(copy.root, "33.16", stages["second"])
    after = publish.publish(stages["second"], "33.16", root, postgres=postgres)
    with psycopg.connect(postgres) as con:
        assert con.execute("SELECT versi FROM terbit_current").fetchall() == [(after,)]
    assert pg.problems(postgres) == []


def test_postgres_killed_during_an_import_and_a_publish(stages, tmp_path, monkeypatch):
    """PostgreSQL stopped as by kill -9 (immediate): the import goes on (it never uses PostgreSQL) and the store
    stays whole; a publish then, or one the server dies under, fails naming the server and leaves PostgreSQL's last
    version whole; after a restart the next publish brings it up to date, and a replica's copy agrees with the
    store and with the independent count of the export files, kabupaten and province."""
    server = Path(f"/tmp/pgk-{uuid.uuid4().hex[:8]}")  # short: the socket path has a 107-byte limit
    dsn = postgres_local.start(server)
    try:
        store = fixtures.copy_store(stages["first"], tmp_path / "importer")
        published = tmp_path / "terbit"
        assert publish.publish(store, "33.16", published, postgres=dsn) == 1
        postgres_local.stop(server, "immediate")
        importer.load_submissions(stages["export_2"], store, cfg=fixtures.CFG)
        for day in DAYS:
            assert_frame_equal(store_report(store, day, "desa"), store_report(stages["second"], day, "desa"))
        with pytest.raises(publish.PublishFailed, match=r"version 2 of 33\.16 is published as files only: "
                           r"PostgreSQL 127\.0\.0\.1:[0-9]+/pantau: unreachable"):  # fmt: skip
            publish.publish(store, "33.16", published, postgres=dsn)
        assert versions.current_version(published.resolve(), "33.16") == 2  # the files went on
        dsn = postgres_local.start(server)  # a new port
        assert pg.problems(dsn) == []
        real_copy_store = pg._copy_store

        def dies_midway(*args):
            postgres_local.stop(server, "immediate")  # the marts are written, the transaction is open
            return real_copy_store(*args)

        monkeypatch.setattr(pg, "_copy_store", dies_midway)
        with pytest.raises(publish.PublishFailed, match=r"version 3 of 33\.16 is published as files only: "
                           r"PostgreSQL 127\.0\.0\.1:[0-9]+/pantau: version 3 of 33\.16 not written"):  # fmt: skip
            publish.publish(store, "33.16", published, postgres=dsn)
        monkeypatch.undo()
        dsn = postgres_local.start(server)
        assert pg.problems(dsn) == []
        with psycopg.connect(dsn) as con:
            assert con.execute("SELECT kode_kab, versi FROM terbit_current").fetchall() == [("33.16", 1)]
        with replica.LocalCopy(dsn, tmp_path / "copy") as copy:
            copy.refresh()
            assert_shows_store(copy.root, "33.16", stages["first"])  # PostgreSQL's last version: before the import
            # the next publish brings PostgreSQL up to date, and the copy with it
            assert publish.publish(store, "33.16", published, postgres=dsn) == 4
            publish.publish(store, "33.17", published, postgres=dsn, is_region_checked=False)
            assert copy.refresh()
            assert_shows_store(copy.root, "33.16", store)
            submissions = independent.valid_submissions([stages["export_1"], stages["export_2"]], KNOWN_DESA)
            with read.ProvinceReader(copy.root) as reader:
                curve = {row["tanggal"]: row for row in reader.kurva_provinsi().iter_rows(named=True)}
                for day in (date(2020, 2, 15), date(2020, 2, 29), date(2020, 3, 6), date(2020, 3, 31)):
                    whole = independent.counts_by_level(submissions, day, MULAI, SELESAI, "kabupaten")["33.16"]
                    for row in reader.peringkat(day).iter_rows(named=True):
                        assert (row["kk_respon"], row["penduduk_respon"], row["kk_clean"]) == whole
                    province = (curve[day]["kk_respon"], curve[day]["penduduk_respon"], curve[day]["kk_clean"])
                    assert province == tuple(2 * n for n in whole)
        assert pg.problems(dsn) == []
    finally:
        postgres_local.stop(server, "immediate")
        shutil.rmtree(server, ignore_errors=True)


def test_the_compose_province_profile_shares_nothing_but_postgres():
    """compose.yaml's province profile: PostgreSQL from the official image, replicas with a volume each (no shared
    disk) pointed at PostgreSQL, one importer container running a watcher per kabupaten, nginx in front; the
    password comes from the environment, never from the file."""
    import yaml

    services = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]
    province = {name: service for name, service in services.items() if "provinsi" in service.get("profiles", [])}
    assert set(province) == {"postgres", "app-provinsi", "importer-provinsi", "proxy-provinsi"}
    assert province["postgres"]["image"].startswith("postgres:15")
    app, importer_ = province["app-provinsi"], province["importer-provinsi"]
    assert app["deploy"]["replicas"] >= 2
    assert app["volumes"] == ["/data"]  # anonymous: one per replica container
    assert importer_["volumes"] == ["pantau-provinsi:/data"]
    for service in (app, importer_):
        assert service["environment"]["PANTAU_POSTGRES"] == "postgresql://pantau@postgres:5432/pantau"
        assert service["environment"]["PGPASSWORD"].startswith("${PANTAU_POSTGRES_PASSWORD:?")
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "deploy" not in importer_  # one container; in it, one writer per kabupaten
    assert "PANTAU_KABUPATEN=$$kode python deploy/watch_imports.py /data/inbox/$$kode" in importer_["command"][2]
    assert app["networks"]["provinsi"]["aliases"] == ["app"]  # deploy/nginx.conf's upstream
    # the replica's copy is fetched into the folder the app reads (replica.replica_folder of PANTAU_TERBIT)
    terbit = Path(app["environment"]["PANTAU_TERBIT"])
    assert f"copy --published {terbit.with_name(terbit.name + '-replika')} " in app["command"][2]
    assert province["proxy-provinsi"]["networks"] == ["provinsi"]
    # the kabupaten deployment's services stay as they were, outside the profile
    assert {"app", "importer", "proxy"} <= set(services) - set(province)


def test_the_command_line_publishes_to_postgres_copies_and_checks(stages, postgres, tmp_path):
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "sensus.province", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
        )

    published, copy = tmp_path / "terbit", tmp_path / "copy"
    done = run("publish", str(stages["second"]), "--kabupaten", "3316", "--published", str(published),
               "--postgres", postgres)  # fmt: skip
    assert done.returncode == 0, done.stderr
    done = run("copy", "--published", str(copy), "--postgres", postgres)
    assert (done.returncode, done.stdout) == (0, "33.16: v1\n"), done.stderr
    assert_shows_store(copy, "33.16", stages["second"])
    assert run("check", "--published", str(published), "--postgres", postgres).returncode == 0
    with psycopg.connect(postgres) as con:
        con.execute("DELETE FROM terbit_store_chunk WHERE nomor = 0")
    done = run("check", "--published", str(published), "--postgres", postgres)
    assert done.returncode == 1
    assert "33.16 v1 holds 0 chunks" in done.stderr
    unreachable = "postgresql://postgres@127.0.0.1:1/nothing"
    done = run("copy", "--published", str(copy), "--postgres", unreachable)
    assert done.returncode == 2
    assert done.stderr.startswith("PostgreSQL 127.0.0.1:1/nothing: unreachable")
