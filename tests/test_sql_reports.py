"""Every queries/reports/*.sql against its golden result on the tiny fixture store, and every SQL header honest.

The golden files (tests/golden/reports/<name>.csv) are written deliberately and reviewed in the diff: after a
wanted change to a query or to the fixture, regenerate them with
    python -m pytest tests/test_sql_reports.py --update-golden
"""

import re
from datetime import date
from itertools import takewhile
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from sensus.store import database
from tests.fixtures import CFG

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "queries"
GOLDEN = Path(__file__).parent / "golden" / "reports"
REPORTS = sorted(path.stem for path in (QUERIES / "reports").glob("*.sql"))
DAY = date(2020, 3, 20)

# the parameters each report runs with: a mid-window day, the whole kabupaten where the result stays small, one
# kecamatan for the village × day frames (Jati has three fixture villages with responses, Cepu three more)
PARAMS = {
    "aktivitas_desa": {"tanggal": DAY, "kode_kec": None},
    "baris_ditolak": {"kode_kec": None},
    "ditolak_dipotong": {},
    "capaian": {
        "tanggal": DAY,
        "tingkat": "desa",
        "kode_kec": None,
        "kode_kab": CFG.kode_kab,
        "nama_kab": CFG.nama_kab,
    },
    "harian_desa": {"kode_kec": "33.16.01"},
    "impor": {"kode_kec": None},
    "kegiatan": {"kode_kec": None, "kode_kab": CFG.kode_kab, "nama_kab": CFG.nama_kab},
    "kelengkapan_desa": {"kode_kec": None},
    "kurva_harian": {"kode_kec": None, "kode_desa": None},
    "rencana_harian": {"kode_kec": "33.16.05"},
    "status_data": {"kode_kec": None, "tanggal": DAY},
}
# the clock time of an import differs from run to run: checked to be there, then left out of the comparison
CLOCK_COLUMNS = {"waktu_impor", "impor_terakhir"}

PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


def header_and_body(path: Path) -> tuple[list[str], str]:
    """The leading comment lines, and the SQL below them with every comment removed."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = []
    while lines and lines[0].startswith("--"):
        header.append(lines.pop(0))
    # a `--` inside a string literal would be cut here too; the queries have none (checked below)
    body = "\n".join(line.split("--", 1)[0] for line in lines)
    return header, body


def header_params(header: list[str]) -> set[str]:
    start = next((number for number, line in enumerate(header) if line.startswith("-- params:")), None)
    assert start is not None, "no '-- params:' line in the header"
    # the params line may wrap: indented comment lines right below it belong to it
    lines = [header[start]]
    lines += takewhile(lambda line: line.startswith("--   "), header[start + 1 :])
    line = " ".join(lines)
    named = set(PARAM.findall(line))
    assert named or line.startswith("-- params: none"), f"params line names no $param and does not say none: {line}"
    return named


def comparable(frame: pl.DataFrame) -> pl.DataFrame:
    """What a golden CSV can hold: lists as text, the import clock left out."""
    lists = [name for name, dtype in frame.schema.items() if isinstance(dtype, pl.List)]
    return frame.with_columns(pl.col(lists).list.join("|")).drop(CLOCK_COLUMNS & set(frame.columns))


@pytest.fixture(scope="module")
def con(fixture_store):
    con = database.connect_reader(fixture_store[0])
    yield con
    con.close()


def test_every_report_has_its_parameters_and_golden_file_and_nothing_else():
    assert sorted(PARAMS) == REPORTS
    assert sorted(path.stem for path in GOLDEN.glob("*.csv")) == REPORTS


@pytest.mark.parametrize("name", REPORTS)
def test_report_matches_its_golden_result(con, name, request):
    header, _ = header_and_body(QUERIES / "reports" / f"{name}.sql")
    assert set(PARAMS[name]) == header_params(header)
    result = database.run_sql(con, f"reports/{name}", **PARAMS[name])
    for column in CLOCK_COLUMNS & set(result.columns):
        assert result.height > 0 and result[column].null_count() == 0, column
    result = comparable(result)
    golden = GOLDEN / f"{name}.csv"
    if request.config.getoption("--update-golden"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        result.write_csv(golden)
    expected = pl.read_csv(golden, schema_overrides=result.schema)
    assert expected.columns == result.columns
    assert_frame_equal(result, expected)


@pytest.mark.parametrize(
    "path", sorted((QUERIES / "reports").glob("*.sql")) + sorted((QUERIES / "marts").glob("*.sql")), ids=str
)
def test_header_lists_exactly_the_params_its_body_uses(path):
    header, body = header_and_body(path)
    assert header and header[0].startswith(f"-- {path.stem}:"), "the header starts with '-- <name>: what it answers'"
    assert any(line.startswith("-- grain:") for line in header), "the header names the grain"
    assert "'--" not in body and "--'" not in body
    assert header_params(header) == set(PARAM.findall(body))
