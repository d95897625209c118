"""`python -m sensus report` against an independent count from the raw export files."""

import io
import json
import subprocess
import sys
from datetime import date

import polars as pl
import pytest

from sensus.core import config, wilayah_indonesia
from tests import independent

CFG = config.read()
KNOWN_DESA = set(wilayah_indonesia.wilayah(CFG.kode_kab)["kode_desa"])
REPORT_COLUMNS = [
    "kode",
    "nama",
    "kk_target",
    "penduduk_target",
    "kk_respon",
    "penduduk_respon",
    "kk_clean",
    "persen_kk",
    "persen_penduduk",
]


def report(store_path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "sensus", "--store", str(store_path), "report", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.mark.parametrize("day", [date(2020, 2, 15), date(2020, 2, 29), date(2020, 3, 6), date(2020, 3, 31)])
def test_report_agrees_with_independent_count(fixture_store, day):
    store_path, paths = fixture_store
    submissions = independent.valid_submissions([paths["export_1"], paths["export_2"]], KNOWN_DESA)
    expected = independent.counts_as_of(submissions, day, CFG.mulai, CFG.selesai)

    table = pl.read_csv(
        io.StringIO(report(store_path, "--level", "desa", "--date", day.isoformat())),
        schema_overrides={"kode": pl.String},
    )
    assert table.columns == REPORT_COLUMNS
    assert table.height == 295
    got = {
        row["kode"]: (row["kk_respon"], row["penduduk_respon"], row["kk_clean"])
        for row in table.iter_rows(named=True)
        if row["kk_respon"]
    }
    assert got == expected
    assert sum(v[0] for v in got.values()) > 0  # the fixture has households from its first day on


def test_levels_add_up(fixture_store):
    store_path, _ = fixture_store
    levels = {
        level: pl.read_csv(
            io.StringIO(report(store_path, "--level", level, "--date", "2020-03-20")),
            schema_overrides={"kode": pl.String},
        )
        for level in ("desa", "kecamatan", "kabupaten")
    }
    assert levels["kecamatan"].height == 16 and levels["kabupaten"].height == 1
    for column in ("kk_respon", "penduduk_respon", "kk_clean", "kk_target", "penduduk_target"):
        totals = {level: frame[column].sum() for level, frame in levels.items()}
        assert len(set(totals.values())) == 1, (column, totals)
    kabupaten = levels["kabupaten"].row(0, named=True)
    assert kabupaten["kode"] == "33.16"
    assert kabupaten["persen_kk"] == pytest.approx(100 * kabupaten["kk_respon"] / kabupaten["kk_target"])
    # persons of a household are its latest submission's: never fewer persons than households
    assert (levels["desa"]["penduduk_respon"] >= levels["desa"]["kk_respon"]).all()


def test_report_json_and_dates_outside_the_window(fixture_store):
    store_path, _ = fixture_store
    rows = json.loads(report(store_path, "--level", "kecamatan", "--date", "2020-05-01", "--format", "json"))
    last = json.loads(report(store_path, "--level", "kecamatan", "--date", "2020-03-31", "--format", "json"))
    assert rows == last  # a day after the window counts as its last day
    before = json.loads(report(store_path, "--level", "kabupaten", "--date", "2020-02-01", "--format", "json"))
    assert before[0]["kk_respon"] == 0


# ---- the demo: seven exports in CSV, Parquet and XLSX, undotted codes, offsets and UTC times ------------

DEMO_DAYS = [date(2020, 2, 16), date(2020, 2, 21), date(2020, 3, 10), date(2020, 3, 31)]
LEVEL_ROWS = {"desa": 295, "kecamatan": 16, "kabupaten": 1}


@pytest.fixture(scope="module")
def demo_submissions(demo_exports):
    assert {path.suffix for path in demo_exports} == {".csv", ".parquet", ".xlsx"}
    return independent.valid_submissions(demo_exports, KNOWN_DESA)


@pytest.fixture(scope="module")
def demo_targets():
    """The demo's targets per village, as the simulator writes them for `python -m sensus demo`."""
    from sensus.demo import simulate

    wilayah = wilayah_indonesia.wilayah(CFG.kode_kab)
    targets = simulate.demo_targets(wilayah, seed=2020)
    return {kode: (kk, penduduk) for kode, kk, penduduk in targets.select("kode_desa", "kk", "penduduk").iter_rows()}


@pytest.mark.slow
def test_the_demo_exports_carry_every_shape_the_independent_reader_must_handle(demo_exports):
    """Not a vacuous comparison: the files hold undotted codes, offsets, UTC times and rows to reject."""
    raw = pl.concat([independent.read_export(path).with_columns(berkas=pl.lit(path.name)) for path in demo_exports])
    waktu, kode = raw["waktu_submit"].drop_nulls(), raw["kode_desa"].drop_nulls()
    assert waktu.str.ends_with("Z").sum() > 0 and waktu.str.ends_with("+07:00").sum() > 0
    assert kode.str.contains(".", literal=True).sum() > 0 and (~kode.str.contains(".", literal=True)).sum() > 0
    valid = independent.valid_submissions(demo_exports, KNOWN_DESA)
    assert 0 < raw["id_submisi"].n_unique() - valid.height < 0.02 * valid.height


@pytest.mark.slow
@pytest.mark.parametrize("level", LEVEL_ROWS)
@pytest.mark.parametrize("day", DEMO_DAYS, ids=str)
def test_report_on_the_demo_agrees_with_the_independent_count(demo_store, demo_submissions, demo_targets, day, level):
    expected = independent.counts_by_level(demo_submissions, day, CFG.mulai, CFG.selesai, level)
    table = pl.read_csv(
        io.StringIO(report(demo_store, "--level", level, "--date", day.isoformat())),
        schema_overrides={"kode": pl.String},
    )
    assert table.columns == REPORT_COLUMNS
    assert table.height == LEVEL_ROWS[level]
    got = {
        row["kode"]: (row["kk_respon"], row["penduduk_respon"], row["kk_clean"])
        for row in table.iter_rows(named=True)
        if row["kk_respon"]
    }
    assert got == expected
    width = len(table["kode"][0])
    targets = {kode: [0, 0] for kode in table["kode"]}
    for kode_desa, (kk, penduduk) in demo_targets.items():
        targets[kode_desa[:width]][0] += kk
        targets[kode_desa[:width]][1] += penduduk
    for row in table.iter_rows(named=True):
        assert [row["kk_target"], row["penduduk_target"]] == targets[row["kode"]]
        assert row["persen_kk"] == pytest.approx(100 * row["kk_respon"] / row["kk_target"])
    assert sum(v[0] for v in got.values()) > 0


# ---- the same submissions under other header names, formats, codes and clocks --------------------

RENAMED = {
    "id_submisi": "ID Submission",
    "kode_desa": "Kode Wilayah",
    "waktu_submit": "Timestamp",
    "jumlah_art": "JML-ART",
    "no_kk": "Nomor KK",
    "status": "status_submisi",
}


def _as_other_exporter(path, out, file_format: str):
    """The same rows as another export tool writes them: aliased headers, undotted codes, times in UTC."""
    table = pl.read_csv(path, infer_schema=False)
    instant = pl.col("waktu_submit").str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False)
    table = table.with_columns(
        kode_desa=pl.col("kode_desa").str.replace_all(".", "", literal=True),
        # a readable WIB wall time becomes the same instant in UTC; an unreadable one stays as it was
        waktu_submit=pl.coalesce(
            (instant - pl.duration(hours=7)).dt.strftime("%Y-%m-%dT%H:%M:%SZ"), pl.col("waktu_submit")
        ),
    ).rename(RENAMED)
    if file_format == "xlsx":
        table.write_excel(out, autofit=False)
    else:
        table.write_parquet(out)
    return out


def test_aliased_headers_utc_times_and_undotted_codes_count_as_the_originals(fixture_store, tmp_path):
    """The fixture's two exports rewritten as XLSX and Parquet with aliased headers: same counts, by both."""
    from sensus.ingest import importer

    _, paths = fixture_store
    others = [
        _as_other_exporter(paths["export_1"], tmp_path / "ekspor_1.xlsx", "xlsx"),
        _as_other_exporter(paths["export_2"], tmp_path / "ekspor_2.parquet", "parquet"),
    ]
    store_path = tmp_path / "sensus.duckdb"
    importer.ingest_targets(paths["targets"], store_path, cfg=CFG)
    for export in others:
        importer.load_submissions(export, store_path, cfg=CFG)
    day = date(2020, 3, 20)
    original = independent.counts_as_of(
        independent.valid_submissions([paths["export_1"], paths["export_2"]], KNOWN_DESA), day, CFG.mulai, CFG.selesai
    )
    renamed = independent.counts_as_of(independent.valid_submissions(others, KNOWN_DESA), day, CFG.mulai, CFG.selesai)
    assert renamed == original and original
    table = pl.read_csv(
        io.StringIO(report(store_path, "--level", "desa", "--date", day.isoformat())),
        schema_overrides={"kode": pl.String},
    )
    got = {
        row["kode"]: (row["kk_respon"], row["penduduk_respon"], row["kk_clean"])
        for row in table.iter_rows(named=True)
        if row["kk_respon"]
    }
    assert got == renamed
