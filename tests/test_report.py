"""`python -m sensus report` against an independent count from the raw export files."""

import io
import json
import subprocess
import sys
from datetime import date

import polars as pl
import pytest

from sensus.core import config
from tests import independent

CFG = config.load()
KNOWN_DESA = set(pl.read_csv("data/wilayah_blora.csv", infer_schema=False)["kode_desa"])
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
    assert sum(v[0] for v in got.values()) > 0 or day == CFG.mulai


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
