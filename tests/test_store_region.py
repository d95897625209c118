"""A store holds one region's areas and figures: it records the region it was built for, and a configuration of
another region is refused, by a writer and by a reader, with one line naming both."""

import dataclasses
import re
import subprocess
from pathlib import Path

import duckdb
import pytest

from sensus.core import config, i18n, wilayah_indonesia
from sensus.core.scope import BadScope, Scope, kecamatan_names
from sensus.store import database
from tests import fixtures

ROOT = Path(__file__).resolve().parents[1]
BLORA = config.read(environ={})
SEMARANG = dataclasses.replace(BLORA, wilayah=wilayah_indonesia.kabupaten("33.74"))


def meta(store: Path) -> dict[str, str]:
    con = database.connect_reader(store)
    try:
        return database.read_meta(con)
    finally:
        con.close()


def one_line(error: database.StoreError, bahasa: str) -> str:
    name = Path(error.path).name
    return i18n.t(error.code, bahasa, berkas=name, penyimpanan=name, **error.detail)


def test_a_store_built_for_blora_records_its_region(fixture_store):
    assert meta(fixture_store[0])[database.KABUPATEN_KEY] == "33.16"


def test_a_writer_under_another_region_is_refused_with_one_line_naming_both(tmp_path, fixture_store):
    store = fixtures.copy_store(fixture_store[0], tmp_path / "blora")
    before = store.read_bytes()
    with pytest.raises(database.StoreError) as refused, database.open_writer(store, SEMARANG):
        pass
    assert refused.value.code == "wilayah_berbeda"
    for bahasa in ("id", "en"):
        text = one_line(refused.value, bahasa)
        assert "\n" not in text
        assert "Kabupaten Blora (33.16)" in text and "Kota Semarang (33.74)" in text
    assert store.read_bytes() == before
    assert not list(store.parent.glob(".*tmp-*")), "the draft is left behind"


def test_a_reader_under_another_region_is_refused_naming_both(tmp_path, fixture_store):
    store = fixture_store[0]
    with pytest.raises(database.StoreError) as refused:
        database.connect_reader(store, region=SEMARANG.wilayah)
    assert refused.value.code == "wilayah_berbeda"
    assert refused.value.detail["wilayah_data"] == "Kabupaten Blora"
    assert refused.value.detail["wilayah_konfigurasi"] == "Kota Semarang"
    with pytest.raises(database.StoreError, match="wilayah_berbeda"):
        database.connect_current(store, SEMARANG)
    database.connect_reader(store, region=BLORA.wilayah).close()
    database.connect_current(store, BLORA).close()


def test_a_new_store_is_built_for_the_configured_region_with_its_areas(tmp_path):
    store = tmp_path / "semarang" / "sensus.duckdb"
    with database.open_writer(store, SEMARANG):
        pass
    assert meta(store)[database.KABUPATEN_KEY] == "33.74"
    con = database.connect_reader(store, region=SEMARANG.wilayah)
    try:
        desa = con.sql("select kode_desa from desa order by kode_desa").fetchall()
        kecamatan = dict(con.sql("select kode_kec, nama_kec from kecamatan").fetchall())
    finally:
        con.close()
    expected = wilayah_indonesia.wilayah("33.74")
    assert [kode for (kode,) in desa] == expected["kode_desa"].to_list()
    assert kecamatan == kecamatan_names("33.74")
    with pytest.raises(database.StoreError, match="wilayah_berbeda"), database.open_writer(store, BLORA):
        pass


def test_a_store_from_before_the_region_was_recorded_is_blora_and_says_so_after_its_upgrade(tmp_path, fixture_store):
    store = fixtures.copy_store(fixture_store[0], tmp_path / "lama")
    fixtures.schema_3(store)
    con = duckdb.connect(str(store))
    con.execute("delete from meta where kunci = 'kabupaten'")
    con.close()
    with pytest.raises(database.StoreError, match="wilayah_berbeda"):
        database.connect_reader(store, region=SEMARANG.wilayah)
    database.connect_current(store, BLORA).close()
    upgraded = meta(store)
    assert upgraded[database.KABUPATEN_KEY] == "33.16"
    assert upgraded["skema"] == str(database.SCHEMA_VERSION)


def test_scope_takes_the_region():
    assert Scope.parse("33.74.01", SEMARANG.wilayah).bound_kec == "33.74.01"
    assert Scope.parse("337401", SEMARANG.wilayah).bound_kec == "33.74.01"
    with pytest.raises(BadScope, match=r"'33\.16\.05' is not a kecamatan code of Kota Semarang \(33\.74\.01 …"):
        Scope.parse("33.16.05", SEMARANG.wilayah)
    assert Scope.parse("33.16.05", BLORA.wilayah).bound_kec == "33.16.05"
    with pytest.raises(BadScope, match="of Kabupaten Blora"):
        Scope.parse("33.74.01", BLORA.wilayah)


def test_open_writer_is_the_only_way_to_write_a_store():
    """Every write goes through the lock, salt, schema and region checks of open_writer."""
    found = subprocess.run(
        ["git", "grep", "-n", "-E", r"database\.writer\(|\bWriter\(", "--", "*.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    elsewhere = [
        line for line in found if not re.match(r"(sensus/store/writer\.py|tests/test_store_region\.py):", line)
    ]
    assert elsewhere == []
