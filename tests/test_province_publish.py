"""Publishing a kabupaten's marts for the province: the published figures are the store's own, versions switch
whole, old ones stay for readers, and a publish stopped anywhere (an exception, kill -9) leaves CURRENT naming a
whole version."""

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from sensus.province import publish, read, versions
from tests import fixtures
from tests.helpers import stages as stages_
from tests.helpers.stages import store_report

ROOT = Path(__file__).resolve().parents[1]
DAYS = (date(2020, 2, 10), date(2020, 2, 15), date(2020, 3, 6), date(2020, 3, 31), date(2020, 4, 30))


@pytest.fixture(scope="module")
def stages(tmp_path_factory) -> dict[str, Path]:
    """Two versions of one small store: 'first' after the first export, 'second' after both."""
    return stages_.two_versions(tmp_path_factory.mktemp("province_stores"))


def published(root: Path, kode_kab: str, table: str) -> pl.DataFrame:
    versi = versions.current_version(root, kode_kab)
    return pl.read_parquet(versions.version_folder(root, kode_kab, versi) / f"{table}.parquet")


FIGURES = ["kk_target", "penduduk_target", "kk_respon", "penduduk_respon", "kk_clean", "persen_kk", "persen_penduduk"]


def test_published_totals_equal_the_stores_own_report(stages, tmp_path):
    store = stages["second"]
    assert publish.publish(store, "33.16", tmp_path) == 1
    with read.ProvinceReader(tmp_path) as reader:
        for day in DAYS:
            own = store_report(store, day, "kabupaten")
            ranked = reader.peringkat(day)
            assert ranked["kode_kab"].to_list() == ["33.16"]
            assert_frame_equal(ranked.select(FIGURES), own.select(FIGURES))
            own_kec = store_report(store, day, "kecamatan").rename({"kode": "kode_kec", "nama": "nama_kec"})
            assert_frame_equal(reader.kecamatan("33.16", day), own_kec.select("kode_kec", "nama_kec", *FIGURES))
        assert reader.peringkat(date(2020, 3, 31))["kk_respon"].item() > 0
        # before the window: targets and nothing counted yet, as the store says
        assert reader.peringkat(date(2020, 2, 10)).select("tanggal", "kk_respon").rows() == [(None, 0)]


def test_summary_rows_are_the_sums_of_the_published_villages(stages, tmp_path):
    publish.publish(stages["first"], "33.16", tmp_path)
    publish.publish(stages["second"], "33.17", tmp_path, is_region_checked=False)
    summary = pl.read_parquet(tmp_path / versions.SUMMARY)
    assert summary.group_by("kode_kab").len().sort("kode_kab").rows() == [("33.16", 46), ("33.17", 46)]
    for kode_kab in ("33.16", "33.17"):
        villages = published(tmp_path, kode_kab, "capaian_harian_desa").join(
            published(tmp_path, kode_kab, "desa").select("kode_desa", "kk_target", "penduduk_target"), on="kode_desa"
        )
        sums = (
            villages.group_by("tanggal")
            .agg(pl.col("kk_target", "penduduk_target", "kk_respon", "penduduk_respon", "kk_clean").sum())
            .sort("tanggal")
        )
        mine = summary.filter(pl.col("kode_kab") == kode_kab).sort("tanggal")
        assert_frame_equal(mine.select(sums.columns), sums, check_dtypes=False)
    # the two stores differ, so the two kabupaten's last days do too
    last = summary.filter(pl.col("tanggal") == date(2020, 3, 31)).sort("kode_kab")["kk_respon"].to_list()
    assert last[0] < last[1]


def test_published_rows_carry_the_code_given(stages, tmp_path):
    publish.publish(stages["first"], "3317", tmp_path, is_region_checked=False)
    for table in versions.TABLES:
        codes = published(tmp_path, "33.17", table)["kode_kab"].unique().to_list()
        assert codes == ["33.17"], table
    assert published(tmp_path, "33.17", "kabupaten")["nama_kab"].to_list() == ["Kabupaten Rembang"]


def test_a_store_of_another_region_is_refused_naming_it(stages, tmp_path):
    with pytest.raises(publish.PublishFailed, match=r"sensus\.duckdb: 295 villages are outside 33\.17"):
        publish.publish(stages["first"], "33.17", tmp_path)
    assert versions.versions(tmp_path.resolve(), "33.17") == []
    assert versions.current_version(tmp_path.resolve(), "33.17") is None
    assert list((tmp_path / "33.17").iterdir()) == [tmp_path / "33.17" / ".lock"]


def test_a_missing_store_is_refused_naming_it(tmp_path):
    with pytest.raises(publish.PublishFailed, match=r"nothing\.duckdb: no store to publish"):
        publish.publish(tmp_path / "nothing.duckdb", "33.16", tmp_path / "published")


def test_a_published_folder_duckdb_would_read_as_a_pattern_is_refused(stages, tmp_path):
    with pytest.raises(versions.PublishedRootUnsafe, match=r"published\[1\]"):
        publish.publish(stages["first"], "33.16", tmp_path / "published[1]")


def test_republish_makes_v2_switches_current_and_an_open_reader_keeps_v1(stages, tmp_path):
    store = fixtures.copy_store(stages["first"], tmp_path / "store")
    root = tmp_path / "published"
    assert publish.publish(store, "33.16", root) == 1
    reader = read.ProvinceReader(root)
    before = reader.peringkat(date(2020, 3, 31))
    drill_before = reader.kecamatan("33.16", date(2020, 3, 31))
    curve_before = reader.kurva_provinsi()
    # the kabupaten imports its second export and publishes again
    shutil.copyfile(stages["second"], store)
    assert publish.publish(store, "33.16", root) == 2
    assert (root / "33.16" / versions.CURRENT).read_text() == "2\n"
    assert versions.versions(root.resolve(), "33.16") == [1, 2]
    # the reader opened before the switch still answers from v1, whole, summary and drill alike
    assert_frame_equal(reader.peringkat(date(2020, 3, 31)), before)
    assert_frame_equal(reader.kecamatan("33.16", date(2020, 3, 31)), drill_before)
    assert_frame_equal(reader.kurva_provinsi(), curve_before)
    assert reader.snapshot == {"33.16": 1}
    # until it refreshes
    assert reader.refresh()
    after = reader.peringkat(date(2020, 3, 31))
    assert after["versi"].to_list() == [2]
    assert after["kk_respon"].item() > before["kk_respon"].item()
    assert (
        after["kk_respon"].item() == store_report(stages["second"], date(2020, 3, 31), "kabupaten")["kk_respon"].item()
    )
    assert not reader.refresh()
    reader.close()


def test_only_the_last_three_versions_are_kept(stages, tmp_path):
    for expected in range(1, 6):
        assert publish.publish(stages["first"], "33.16", tmp_path) == expected
    assert versions.versions(tmp_path.resolve(), "33.16") == [3, 4, 5]
    assert versions.current_version(tmp_path.resolve(), "33.16") == 5
    assert versions.problems(tmp_path) == []


def test_a_publish_stopped_while_deleting_an_old_version_leaves_no_partial_version(stages, tmp_path, monkeypatch):
    for _ in range(3):
        publish.publish(stages["first"], "33.16", tmp_path)

    def stopped_midway(path, *_, **__):
        next(Path(path).glob("*.parquet")).unlink()
        raise SystemExit("simulated kill while deleting v1")

    monkeypatch.setattr(shutil, "rmtree", stopped_midway)
    with pytest.raises(SystemExit):
        publish.publish(stages["first"], "33.16", tmp_path)  # v4 switched, then v1 is pruned
    monkeypatch.undo()
    root = tmp_path.resolve()
    # what was v1 is a temporary folder now, never a version missing a file
    assert versions.versions(root, "33.16") == [2, 3, 4]
    assert versions.problems(tmp_path) == []
    publish.publish(stages["first"], "33.16", tmp_path)
    assert sorted(p.name for p in (tmp_path / "33.16").iterdir()) == [".lock", "CURRENT", "v3", "v4", "v5"]


def test_a_failure_before_the_switch_leaves_the_old_version_current(stages, tmp_path, monkeypatch):
    publish.publish(stages["first"], "33.16", tmp_path)

    def crash(*_, **__):
        raise OSError("simulated crash between the version folder and the switch")

    monkeypatch.setattr(publish, "_replace_text", crash)
    with pytest.raises(OSError, match="simulated crash"):
        publish.publish(stages["second"], "33.16", tmp_path)
    monkeypatch.undo()
    root = tmp_path.resolve()
    # v2 was written whole, but CURRENT never named it: readers see v1
    assert versions.current_version(root, "33.16") == 1
    assert versions.versions(root, "33.16") == [1, 2]
    assert versions.problems(tmp_path) == []
    with read.ProvinceReader(tmp_path) as reader:
        assert reader.snapshot == {"33.16": 1}
        assert reader.peringkat(date(2020, 3, 31))["versi"].to_list() == [1]
    # the next publish drops the folder CURRENT never named and takes its number
    assert publish.publish(stages["second"], "33.16", tmp_path) == 2
    assert versions.versions(root, "33.16") == [1, 2]


def test_a_failure_while_writing_leaves_no_folder_and_the_old_version(stages, tmp_path, monkeypatch):
    publish.publish(stages["first"], "33.16", tmp_path)
    real = versions.sql_text

    def fails_at_the_last_table(name: str) -> str:
        if name == "terbit_ringkasan":
            raise duckdb.IOException("simulated disk error")
        return real(name)

    monkeypatch.setattr(versions, "sql_text", fails_at_the_last_table)
    with pytest.raises(publish.PublishFailed, match="simulated disk error"):
        publish.publish(stages["second"], "33.16", tmp_path)
    monkeypatch.undo()
    assert sorted(p.name for p in (tmp_path / "33.16").iterdir()) == [".lock", "CURRENT", "v1"]
    assert versions.current_version(tmp_path.resolve(), "33.16") == 1


def test_a_summary_that_lags_current_is_rebuilt_by_the_reader(stages, tmp_path):
    publish.publish(stages["first"], "33.16", tmp_path)
    # a publish stopped after its switch, before the summary: summary.parquet still says v1
    publish.publish(stages["second"], "33.16", tmp_path, is_summary_rebuilt=False)
    publish.publish(stages["second"], "33.17", tmp_path, is_summary_rebuilt=False, is_region_checked=False)
    with read.ProvinceReader(tmp_path) as reader:
        assert reader.is_summary_stale
        ranked = reader.peringkat(date(2020, 3, 31))
        assert ranked.select("kode_kab", "versi").rows() == [("33.16", 2), ("33.17", 1)]
        assert ranked["kk_respon"].n_unique() == 1  # both from the second store
    publish.rebuild_summary(tmp_path)
    with read.ProvinceReader(tmp_path) as reader:
        assert not reader.is_summary_stale
        assert_frame_equal(reader.peringkat(date(2020, 3, 31)), ranked)


def test_the_incremental_summary_equals_one_built_from_scratch(stages, tmp_path):
    publish.publish(stages["first"], "33.16", tmp_path)
    publish.publish(stages["first"], "33.17", tmp_path, is_region_checked=False)
    publish.publish(stages["first"], "33.18", tmp_path, is_region_checked=False)
    publish.publish(stages["second"], "33.16", tmp_path)  # keeps 33.17's and 33.18's rows, reads 33.16's v2
    shutil.rmtree(tmp_path / "33.18")  # a kabupaten withdrawn: its rows go at the next rebuild
    incremental = pl.read_parquet(publish.rebuild_summary(tmp_path))
    (tmp_path / versions.SUMMARY).unlink()
    scratch = pl.read_parquet(publish.rebuild_summary(tmp_path))
    assert_frame_equal(incremental, scratch)
    assert incremental.select("kode_kab", "versi").unique().sort("kode_kab").rows() == [("33.16", 2), ("33.17", 1)]


PUBLISHER = """
import sys
from pathlib import Path
from sensus.province import publish
store, root = Path(sys.argv[1]), Path(sys.argv[2])
while True:
    publish.publish(store, "33.16", root)
"""


def in_flight(kabupaten: Path) -> bool:
    return any(p.name.startswith(".tmp-v") for p in kabupaten.iterdir())


def test_kill_9_during_a_publish_leaves_every_version_whole(stages, tmp_path):
    """A publisher looping in a child process is killed while a version is being written, three times; each time
    every version folder is whole, CURRENT names one of them, and the next publish goes on from there."""
    root = tmp_path / "published"
    kabupaten = root / "33.16"
    for _ in range(3):
        child = subprocess.Popen([sys.executable, "-c", PUBLISHER, str(stages["second"]), str(root)], cwd=ROOT)
        try:
            deadline = time.monotonic() + 60
            # wait for a publish in flight after at least one switch: its temporary folder is there
            while not (
                (kabupaten / versions.CURRENT).exists()
                and any(p.name.startswith(".tmp-v") for p in kabupaten.iterdir())
            ):
                assert child.poll() is None, "the publisher stopped on its own"
                assert time.monotonic() < deadline, "no publish in flight within a minute"
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.kill()
            child.wait()
        assert child.returncode == -signal.SIGKILL
        assert versions.problems(root) == []
        current = versions.current_version(root.resolve(), "33.16")
        assert current in versions.versions(root.resolve(), "33.16")
        with read.ProvinceReader(root) as reader:
            assert reader.peringkat(date(2020, 3, 31))["versi"].to_list() == [current]
    after = publish.publish(stages["second"], "33.16", root)
    assert not any(p.name.startswith(".tmp-") for p in kabupaten.iterdir())
    assert versions.current_version(root.resolve(), "33.16") == after
    assert versions.problems(root) == []
