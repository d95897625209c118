"""Property: whatever an export holds, the import answers with a message or a load, never a traceback; the exit
status follows docs/CONTRACTS.md; the reports still run; the accepted rows count as tests/independent.py counts.

The examples are bounded (see SETTINGS) so the test runs in CI in well under two minutes.
"""

import csv
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sensus.__main__ import main
from sensus.core import config
from sensus.ingest import importer
from tests import independent
from tests.helpers.imports import KNOWN_DESA, desa_figures

pytestmark = pytest.mark.slow  # a property test with many examples

CFG = config.read()
HEADER = ["id_submisi", "kode_desa", "waktu_submit", "jumlah_art", "no_kk", "status", "nama", "nik"]
SETTINGS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,  # the same examples in every CI run: a failure is reproducible
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)

ids = st.sampled_from([f"P{i}" for i in range(12)] + [" P1 ", "P2\t", ""])
kode = st.sampled_from(
    ["3316051014", "33.16.05.1013", "3316012001", " 33.16.01.2002 ", "3316999999", "3317012001", "33-16", "", "x"]
)
waktu = st.sampled_from(
    [
        "2020-02-20 08:00:00",
        "2020-03-01T10:30:00+07:00",
        "2020-03-05T01:00:00Z",
        "2020-03-10",
        "2020-03-31 23:59:59",
        "2020-04-01 00:00:00",  # outside the window: kept, not counted
        "2020-02-14T23:00:00+00:00",  # 15 Feb in WIB
        "1999-12-31 10:00:00",  # before the plausible range
        "infinity",
        "epoch",
        "20200-02-20 08:00:00",
        "2020-02-31 10:00:00",
        "31/03/2020 10:00",
        "kemarin",
        "",
    ]
)
jumlah_art = st.one_of(
    st.integers(1, 99).map(str),
    st.sampled_from(["0", "100", "2.5", "1e1", "0x10", "1_0", " 3 ", "007", "-2", "tiga", "", "99999999999999999999"]),
)
no_kk = st.sampled_from(
    ["", "3316050101010001", "3316050101010002", "3316010202020003", "0000000000000000", "123", "33160501010100011"]
)
status = st.sampled_from(["", "respon", "clean", "CLEAN", " clean ", "ditolak"])
nama = st.text(alphabet=st.sampled_from("ab ,;\"\n'é"), max_size=12)
rows = st.lists(st.tuples(ids, kode, waktu, jumlah_art, no_kk, status, nama, st.just("3316015807880001")), max_size=25)


def write_export(path: Path, header: list[str], body: list[tuple], newline: str, quote_all: bool) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(body)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def template_store(folder: Path) -> Path:
    store = folder / "template" / "sensus.duckdb"
    if not store.exists():
        targets = folder / "target.csv"
        targets.write_text("kode_desa,penduduk,kk\n3316051014,2400,690\n3316012001,1200,340\n", encoding="utf-8")
        importer.ingest_targets(targets, store, cfg=CFG)
    return store


def fresh_store(folder: Path, number: int) -> Path:
    template = template_store(folder)
    store = folder / f"s{number}" / "sensus.duckdb"
    store.parent.mkdir()
    shutil.copyfile(template, store)
    return store


COUNTER = iter(range(10**9))


@SETTINGS
@given(
    body=rows,
    dropped=st.sampled_from([None, None, None, "waktu_submit", "kode_desa"]),
    newline=st.sampled_from(["\n", "\r\n"]),
    quote_all=st.booleans(),
    shuffle_columns=st.booleans(),
)
def test_any_export_loads_or_is_refused_with_a_message(
    tmp_path_factory, capsys, body, dropped, newline, quote_all, shuffle_columns
):
    folder = tmp_path_factory.getbasetemp() / "property"
    folder.mkdir(exist_ok=True)
    number = next(COUNTER)
    store = fresh_store(folder, number)
    header = list(HEADER)
    table = [list(r) for r in body]
    if shuffle_columns:
        header, table = header[::-1], [r[::-1] for r in table]
    if dropped:
        keep = [i for i, name in enumerate(header) if name != dropped]
        header, table = [header[i] for i in keep], [[r[i] for i in keep] for r in table]
    path = write_export(folder / f"ekspor_{number}.csv", header, [tuple(r) for r in table], newline, quote_all)
    before = store.read_bytes()

    status = main(["--store", str(store), "ingest", str(path)])
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out
    refused = dropped is not None or not body
    assert status == (1 if refused else 0), out.err
    if refused:
        assert str(path) in out.err and out.err.strip()
        assert store.read_bytes() == before
        return

    # the reports still run, without a date (the last day with data) and as of the window's end
    assert main(["--store", str(store), "report", "--format", "json"]) == 0
    assert main(["--store", str(store), "report", "--level", "desa", "--format", "csv"]) == 0
    capsys.readouterr()
    expected = independent.counts_as_of(
        independent.valid_submissions([path], KNOWN_DESA), CFG.selesai, CFG.mulai, CFG.selesai
    )
    assert desa_figures(store, CFG.selesai) == expected
