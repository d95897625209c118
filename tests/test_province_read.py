"""The province reader: a kabupaten that has not published is absent (never an error), a new one appears at the
next refresh, and the reader reads only the versions CURRENT names, never the kabupaten's store."""

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import polars as pl

from sensus.core import wilayah_indonesia
from sensus.province import publish, read, versions
from tests import fixtures, independent

ROOT = Path(__file__).resolve().parents[1]
DAY = date(2020, 3, 31)
MULAI, SELESAI = date(2020, 2, 15), date(2020, 3, 31)  # the census window of the fixture's exports
KNOWN_DESA = set(wilayah_indonesia.wilayah("33.16")["kode_desa"])  # the fixture's villages are Blora's


def test_an_empty_province_answers_empty_frames(tmp_path):
    with read.ProvinceReader(tmp_path / "not yet created") as reader:
        assert reader.snapshot == {}
        ranked = reader.peringkat(DAY)
        assert ranked.height == 0
        assert ranked.columns[:3] == ["peringkat", "kode_kab", "nama_kab"]
        assert reader.kurva_provinsi().height == 0
        assert reader.kecamatan("33.16", DAY).height == 0
        assert not reader.refresh()


def test_a_kabupaten_without_a_version_is_absent_and_appears_at_refresh(fixture_store, tmp_path):
    store, _ = fixture_store
    publish.publish(store, "33.16", tmp_path)
    # 33.17 has a folder (a refused or first publish under way) but no CURRENT yet
    (tmp_path / "33.17" / ".tmp-v1-1").mkdir(parents=True)
    with read.ProvinceReader(tmp_path) as reader:
        assert reader.peringkat(DAY)["kode_kab"].to_list() == ["33.16"]
        assert reader.kecamatan("33.17", DAY).height == 0
        curve = reader.kurva_provinsi()
        assert curve.height == 46 and set(curve["kabupaten"]) == {1}
        publish.publish(store, "33.17", tmp_path, is_region_checked=False)
        assert reader.refresh()
        assert reader.peringkat(DAY)["kode_kab"].to_list() == ["33.16", "33.17"]
        assert set(reader.kurva_provinsi()["kabupaten"]) == {2}
        kec = reader.kecamatan("33.17", DAY)
        assert kec.height > 0 and kec["kk_respon"].sum() == reader.peringkat(DAY)["kk_respon"][1]


def test_the_curve_is_the_sum_of_the_kabupaten(fixture_store, tmp_path):
    store, _ = fixture_store
    for kode in ("33.16", "33.17", "33.18"):
        publish.publish(store, kode, tmp_path, is_region_checked=False, is_summary_rebuilt=kode == "33.18")
    with read.ProvinceReader(tmp_path) as reader:
        curve = reader.kurva_provinsi()
        one = pl.read_parquet(tmp_path / versions.SUMMARY).filter(pl.col("kode_kab") == "33.16").sort("tanggal")
        assert curve["kk_respon"].to_list() == [3 * n for n in one["kk_respon"]]
        assert curve["kk_baru"].sum() == 3 * one["kk_baru"].sum() == curve["kk_respon"][-1]


def test_the_reader_does_not_touch_the_store(fixture_store, tmp_path):
    store, _ = fixture_store
    copy = fixtures.copy_store(store, tmp_path / "store")
    publish.publish(copy, "33.16", tmp_path / "published")
    copy.unlink()
    with read.ProvinceReader(tmp_path / "published") as reader:
        assert reader.peringkat(DAY)["kk_respon"].item() > 0


def test_the_independent_count_agrees_with_each_kabupaten_and_the_province(fixture_store, tmp_path):
    """Two kabupaten published from the same exports: each one's row, its kecamatan and the province's curve hold
    the counts read straight from the export files (tests/independent.py), twice over for the province."""
    store, paths = fixture_store
    for kode in ("33.16", "33.17"):
        publish.publish(store, kode, tmp_path, is_region_checked=False)
    submissions = independent.valid_submissions([paths["export_1"], paths["export_2"]], KNOWN_DESA)
    with read.ProvinceReader(tmp_path) as reader:
        curve = {row["tanggal"]: row for row in reader.kurva_provinsi().iter_rows(named=True)}
        for day in (date(2020, 2, 15), date(2020, 2, 29), date(2020, 3, 6), DAY):
            whole = independent.counts_by_level(submissions, day, MULAI, SELESAI, "kabupaten")["33.16"]
            ranked = reader.peringkat(day)
            for row in ranked.iter_rows(named=True):
                assert (row["kk_respon"], row["penduduk_respon"], row["kk_clean"]) == whole, (row["kode_kab"], day)
            assert (curve[day]["kk_respon"], curve[day]["penduduk_respon"], curve[day]["kk_clean"]) == tuple(
                2 * n for n in whole
            )
            by_kec = independent.counts_by_level(submissions, day, MULAI, SELESAI, "kecamatan")
            for kode in ("33.16", "33.17"):
                drill = reader.kecamatan(kode, day).filter(pl.col("kk_respon") > 0)
                got = {
                    r[0]: tuple(r[1:])
                    for r in drill.select("kode_kec", "kk_respon", "penduduk_respon", "kk_clean").rows()
                }
                assert got == by_kec, (kode, day)


def test_the_command_line_publishes_checks_and_names_what_is_broken(fixture_store, tmp_path):
    store, _ = fixture_store
    root = tmp_path / "published"

    def run(*args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "sensus.province", *args, "--published", str(root)]
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)

    done = run("publish", str(store), "--kabupaten", "3316")
    assert done.returncode == 0 and "33.16: v1 published" in done.stdout, done.stderr
    assert run("check").returncode == 0
    (root / "33.16" / "v1" / "desa.parquet").write_bytes(b"not parquet")
    broken = run("check")
    assert broken.returncode == 1 and "v1/desa.parquet: cannot be read" in broken.stderr
    refused = run("publish", str(store), "--kabupaten", "33.17")
    assert refused.returncode == 2 and "295 villages are outside 33.17" in refused.stderr


def test_queries_from_several_threads_answer_as_one(fixture_store, tmp_path):
    store, _ = fixture_store
    for kode in ("33.16", "33.17"):
        publish.publish(store, kode, tmp_path, is_region_checked=False)
    with read.ProvinceReader(tmp_path) as reader:
        expected = (reader.peringkat(DAY), reader.kurva_provinsi(), reader.kecamatan("33.17", DAY))

        def ask(_: int) -> tuple[pl.DataFrame, ...]:
            return (reader.peringkat(DAY), reader.kurva_provinsi(), reader.kecamatan("33.17", DAY))

        with ThreadPoolExecutor(max_workers=4) as pool:
            answers = list(pool.map(ask, range(16)))
    for answer in answers:
        for got, want in zip(answer, expected, strict=True):
            assert got.equals(want)


def test_the_servers_shared_reader_remembers_answers_until_a_kabupaten_publishes(fixture_store, tmp_path):
    """Every viewer of the province page asks the same questions: they are answered once per published snapshot,
    and a new version is read at the next refresh, never hidden behind a remembered answer."""
    from sensus.app.reader import SharedProvince

    store, _ = fixture_store
    publish.publish(store, "33.16", tmp_path)
    shared = SharedProvince(tmp_path)
    first = shared.peringkat(DAY)
    assert first["kode_kab"].to_list() == ["33.16"]
    assert shared.peringkat(DAY) is first  # remembered, not asked of DuckDB again
    shared.refresh()  # nothing new: still remembered
    assert shared.peringkat(DAY) is first
    publish.publish(store, "33.17", tmp_path, is_region_checked=False)
    shared.refresh()
    assert shared.peringkat(DAY)["kode_kab"].to_list() == ["33.16", "33.17"]
    assert shared.kecamatan("33.17", DAY).height > 0
