"""Drills in their short form for CI: readers during imports, kill -9, hostile files, personal data.

The mechanics live in harness/drills.py; `python -m bench.drills` runs their large forms (figures in
bench/RESULTS.md). This is the one home of each drill in the tests: tests/test_store.py checks the
store's invariants and tests/test_bad_input.py malformed exports. Here 20 dashboard-like readers run the
page queries, kills land in states of the writer block (draft created, draft grown, published) and the
state after each is compared with an unkilled run, and the files are hostile rather than wrong.

Three drills found bugs that are now fixed: a killed writer's spill folder blocked later imports, a
file growing during import was loaded under the hash of its earlier bytes, a full disk gave a traceback.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from harness import drills
from sensus.core import config

CFG = config.read()

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]  # servers and subprocesses


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A store with targets and 2,000 submissions; each test works on its own copy."""
    return drills.base_store(tmp_path_factory.mktemp("drill_base"), rows=2_000)


def copy_of(base: Path, folder: Path) -> Path:
    shutil.copytree(base.parent, folder)
    return folder / base.name


def test_twenty_readers_during_imports_see_only_whole_imports(tmp_path):
    result = drills.import_while_reading(tmp_path, readers=20, rows=100_000, imports=2)
    assert result["errors"] == 0, result["error_samples"]
    assert result["states_not_whole"] == []
    assert len(result["versions_seen"]) >= 2, result
    assert result["ok"]


def test_kill_9_anywhere_in_the_writer_leaves_before_or_after_and_rerun_completes(tmp_path):
    result = drills.crash(tmp_path, kills=10, rows=100_000)
    assert result["problems"] == []
    assert sum(result["outcomes"].values()) == 10
    # a kill as the draft appears leaves the old store, one after the publish the new one
    assert result["killed_at"]["draft created"] == "before"
    assert result["killed_at"]["published"] == "after"


def test_spill_folder_of_a_killed_writer_does_not_block_the_next_import(base, tmp_path):
    from sensus.ingest import importer

    store_path = copy_of(base, tmp_path / "store")
    # what a writer killed while DuckDB spilled to disk leaves: its draft and the draft's temp folder
    spill = store_path.parent / f".{store_path.name}.tmp-999999.tmp"
    spill.mkdir()
    (spill / "duckdb_temp_storage_DEFAULT-0.tmp").write_bytes(b"\0" * 4096)
    (store_path.parent / f".{store_path.name}.tmp-999999").write_bytes(b"\0" * 4096)
    export = tmp_path / "satu.csv"
    export.write_text(drills.HEADER + drills._line(1))
    summary = importer.load_submissions(export, store_path, cfg=CFG)
    assert summary.submisi_baru == 1
    assert not spill.exists()


# ---- hostile files ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory) -> dict:
    files = drills.hostile_cases(tmp_path_factory.mktemp("hostile"), duplicate_rows=1_000_000, columns=5_000)
    return {name.split(" (")[0]: path for name, path in files.items()}


def ingest_case(base: Path, folder: Path, export: Path):
    from sensus.ingest import importer

    store_path = copy_of(base, folder)
    before = drills.state(store_path)
    return store_path, before, importer.load_submissions(export, store_path, cfg=CFG)


def test_very_long_fields_load_and_the_long_code_is_rejected(base, tmp_path, hostile_files):
    store_path, before, summary = ingest_case(base, tmp_path / "s", hostile_files["very long fields"])
    assert summary.submisi_baru == 2
    assert dict(summary.alasan_ditolak) == {"kode_desa_tidak_sah": 1}
    assert drills.state(store_path)["submisi"][0] == before["submisi"][0] + 2


def test_a_3_mb_cell_in_a_dropped_column_loads_both_rows(base, tmp_path, hostile_files):
    """One long cell is no reason to refuse a file (DESIGN: a file is refused whole only for a missing required
    column): the reader's line limit is raised past DuckDB's 2 MB default, both rows load, the name is dropped."""
    store_path, before, summary = ingest_case(base, tmp_path / "s", hostile_files["a 3 MB field"])
    assert (summary.baris_dibaca, summary.submisi_baru, summary.ditolak) == (2, 2, 0)
    assert "nama" in summary.kolom_dibuang
    assert drills.state(store_path)["submisi"][0] == before["submisi"][0] + 2


def test_nul_bytes_load_and_a_nul_in_a_number_is_rejected(base, tmp_path, hostile_files):
    _, _, summary = ingest_case(base, tmp_path / "s", hostile_files["NUL bytes in a dropped and a kept column"])
    assert summary.submisi_baru == 2
    assert dict(summary.alasan_ditolak) == {"jumlah_art_bukan_angka": 1}


def test_formula_cells_are_stored_as_given_and_neutralised_in_exports(base, tmp_path, hostile_files):
    from sensus.app import exports
    from sensus.store import database

    store_path, _, summary = ingest_case(base, tmp_path / "s", hostile_files["formula-looking cells"])
    assert summary.submisi_baru == 2
    con = database.connect_reader(store_path)
    try:
        ids = {r[0] for r in con.sql("select id_submisi from submisi where id_submisi not like 'A%'").fetchall()}
        assert ids == {"=cmd|' /C calc'!A0", "+62812"}
        tables = [con.sql("select * from submisi").pl(), con.sql("select * from baris_ditolak").pl()]
    finally:
        con.close()
    for table in tables:
        text = exports.csv_bytes(table).decode("utf-8-sig")
        cells = [cell.strip('"') for line in text.splitlines()[1:] for cell in line.split(",")]
        assert not [c for c in cells if c[:1] in ("=", "+", "@") or c.startswith("-2")]


def test_five_thousand_columns_load_reporting_the_dropped_ones(base, tmp_path, hostile_files):
    _, _, summary = ingest_case(base, tmp_path / "s", hostile_files["a CSV of 5,009 columns"])
    assert summary.submisi_baru == 20
    assert len(summary.kolom_dibuang) == 5_003


def test_five_thousand_columns_without_the_required_ones_are_refused(base, tmp_path, hostile_files):
    from sensus.ingest.sources import ImportRefused

    with pytest.raises(ImportRefused) as refused:
        ingest_case(base, tmp_path / "s", hostile_files["a CSV of 5,000 columns, none required"])
    assert refused.value.code == "kolom_wajib_hilang"


def test_a_million_rows_of_one_id_keep_the_last_and_report_the_rest(base, tmp_path, hostile_files):
    store_path, before, summary = ingest_case(
        base, tmp_path / "s", hostile_files["1,000,000 rows of the same id_submisi"]
    )
    assert (summary.submisi_baru, summary.duplikat) == (1, 999_999)
    assert dict(summary.alasan_ditolak) == {"duplikat_id_submisi": 999_999}
    assert drills.state(store_path)["submisi"][0] == before["submisi"][0] + 1


def test_a_file_that_grows_during_import_is_refused_whole(base, tmp_path):
    """Appended to all through its import, the file is never one snapshot: refused, the store as it was."""
    before = drills.state(base)
    result = drills.growing_file(tmp_path / "grow", base, rows=200_000)
    assert (result["loaded"], result.get("code")) == (False, "berkas_berubah"), result
    assert result["lines_appended_during_import"] > 0
    assert drills.state(tmp_path / "grow" / base.name) == before


@pytest.fixture
def disk_full(base, tmp_path) -> dict:
    """The store on a 20 MB tmpfs (CI runs as root, which may mount one)."""
    result = drills.disk_full(tmp_path / "full", base, size_mb=20, rows=400_000)
    assert "skipped" not in result, result["skipped"]
    return result


def test_disk_full_leaves_the_store_as_it_was(disk_full):
    assert disk_full["exit_status"] == 1
    assert disk_full["store_unchanged"]
    assert disk_full["leftovers"] == []


def test_disk_full_says_so_without_a_traceback(disk_full):
    assert not disk_full["traceback"], disk_full["stderr_last_line"]


# ---- personal data ---------------------------------------------------------------------------


def test_no_nik_no_kk_or_name_anywhere_in_the_store_its_wal_or_the_output(tmp_path):
    result = drills.personal_data(tmp_path, rows=20_000)
    assert result["control_hits_of_file_name"] > 0, "the byte scan must see text the store holds"
    assert result["byte_hits"] == {"nik": 0, "no_kk": 0, "nama": 0}
    assert result["text_column_hits"] == {}
    assert result["rejected_rows_stored"] > 0


def test_cli_runs_the_drill_module():
    """bench.drills stays importable and runnable as documented."""
    done = subprocess.run([sys.executable, "-m", "bench.drills", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "--kills" in done.stdout
