"""Each rule of the monitoring pages in its one home: stalled, clean share, households to target, path, selisih,
kelurahan from desa.jenis, the kabupaten's name from config."""

from datetime import date

import polars as pl
import pytest

from sensus.analysis import headline, stalled
from sensus.core import config, i18n
from sensus.core.scope import KABUPATEN, Scope
from sensus.store import database, reports
from tests.fixtures import CFG


def test_stalled_from_three_quiet_days():
    quiet = pl.DataFrame({"hari_tanpa_respon": [0, 2, 3, 10]})
    assert quiet.select(stalled.is_stalled(pl.col("hari_tanpa_respon")))["hari_tanpa_respon"].to_list() == [
        False,
        False,
        True,
        True,
    ]
    assert quiet.select(stalled.is_stalled(pl.col("hari_tanpa_respon"), 5)).to_series().to_list() == [
        False,
        False,
        False,
        True,
    ]


def test_desa_list_and_alerts_call_the_same_villages_stalled(fixture_store):
    """The kecamatan page's list (aktivitas_desa) and the alerts (rencana_harian) agree on every village."""
    con = database.connect_reader(fixture_store[0])
    day = date(2020, 3, 10)
    kode_kec = reports.capaian(con, day, "kecamatan", scope=KABUPATEN, region=CFG.wilayah)["kode"][0]
    desa = headline.daftar_desa(
        reports.capaian(con, day, "desa", kode_kec, scope=KABUPATEN, region=CFG.wilayah),
        reports.capaian(con, date(2020, 3, 3), "desa", kode_kec, scope=KABUPATEN, region=CFG.wilayah),
        reports.aktivitas_desa(con, day, kode_kec, scope=KABUPATEN),
    )
    alerts = stalled.peringatan(
        reports.rencana_harian(con, kode_kec, scope=KABUPATEN), day, CFG.target_persen, CFG.jumlah_hari, "desa"
    )
    joined = alerts.join(desa.select("kode", "is_macet", pl.col("hari_tanpa_respon").alias("hari_list")), on="kode")
    assert joined.height == alerts.height > 0
    assert (joined["hari_tanpa_respon"] == joined["hari_list"]).all()
    assert (joined["macet"] == joined["is_macet"]).all()


@pytest.mark.parametrize(("clean", "respon", "share"), [(30, 120, 25.0), (0, 0, None), (5, 5, 100.0)])
def test_clean_share(clean, respon, share):
    assert headline.clean_share(clean, respon) == share


@pytest.mark.parametrize(
    ("target", "respon", "left", "to_target"),
    [(1000, 100, 900, 129), (1000, 229, 771, 0), (1000, 1200, 0, 0), (7, 0, 7, 2), (None, 3, None, None)],
)
def test_households_left_and_to_target(target, respon, left, to_target):
    assert headline.households_left(target, respon) == left
    # 22.9 % of 1000 is 229 households; of 7 it is 1.6, rounded up to 2 whole households
    assert headline.households_to_target(target, respon, 22.9) == to_target


def test_on_or_below_path():
    assert headline.is_on_path(5.0, 5.0) is True
    assert headline.is_on_path(4.99, 5.0) is False
    assert headline.is_on_path(None, 5.0) is None


@pytest.mark.parametrize(
    ("now", "then", "bahasa", "shown"),
    [
        (3.5, 1.25, "id", "+2,25 poin"),
        (1.0, 1.4, "en", "-0.40 pp"),
        (2.0, 2.0, "id", "+0,00 poin"),
        (None, 1.0, "id", None),
    ],
)
def test_selisih(now, then, bahasa, shown):
    assert i18n.selisih(now, then, bahasa) == shown


def test_kelurahan_comes_from_desa_jenis(fixture_store):
    con = database.connect_reader(fixture_store[0])
    jenis = dict(con.sql("select kode_desa, jenis from desa where kode_kec = '33.16.05'").fetchall())
    aktivitas = reports.aktivitas_desa(con, date(2020, 3, 10), "33.16.05", scope=KABUPATEN)
    assert dict(zip(aktivitas["kode"], aktivitas["jenis"], strict=True)) == jenis
    assert {"desa", "kelurahan"} <= set(jenis.values())


def test_the_kabupaten_name_comes_from_config(fixture_store):
    con = database.connect_reader(fixture_store[0])
    row = reports.capaian(con, date(2020, 3, 10), "kabupaten", scope=KABUPATEN, region=CFG.wilayah).row(0, named=True)
    assert (row["kode"], row["nama"]) == (CFG.kode_kab, CFG.nama_kab)


def test_a_report_outside_a_bound_scope_is_refused(fixture_store):
    from sensus.core.scope import OutOfScope

    con = database.connect_reader(fixture_store[0])
    with pytest.raises(OutOfScope):
        reports.kegiatan(con, "33.16.02", scope=Scope("33.16.05"), region=CFG.wilayah)
    with pytest.raises(TypeError):
        reports.kegiatan(con, "33.16.05", region=CFG.wilayah)  # no scope, no query


def test_events_touching_an_area():
    from sensus.analysis import kegiatan_desa

    codes = ["33.16", "33.16.01", "33.16.01.2001", "33.16.01.2002", "33.16.05", "33.16.05.1014"]
    events = pl.DataFrame({"kode": codes})

    def touched(kode):
        return kegiatan_desa.touching(events, kode)["kode"].to_list()

    # a kecamatan: the kabupaten's, its own and its villages'
    assert touched("33.16.01") == ["33.16", "33.16.01", "33.16.01.2001", "33.16.01.2002"]
    # a village: the kabupaten's, its kecamatan's and its own, not its neighbours'
    assert touched("33.16.01.2001") == ["33.16", "33.16.01", "33.16.01.2001"]
    assert touched(None) == events["kode"].to_list()


def test_the_salt_lies_beside_its_store_by_one_rule():
    from pathlib import Path

    assert config.salt_path_for(Path("/data/x/sensus.duckdb")) == Path("/data/x/sensus.salt")
    cfg = config.read()
    assert cfg.salt_path == config.salt_path_for(cfg.store_path)


def _code_text(path) -> str:
    """A file's code without its comments and docstrings: prose may name Blora, code may not."""
    import ast
    import re

    text = path.read_text(encoding="utf-8")
    if path.suffix == ".sql":
        return re.sub(r"--.*", "", text)
    tree = ast.parse(text)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
        ):
            body[0] = ast.Pass()
    return ast.unparse(tree)


def test_no_second_copy_of_a_rule_in_the_code():
    """Each rule has one home; a copy written back somewhere fails here with the file that holds it."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    files = [
        *root.glob("sensus/**/*.py"),
        *root.glob("pages/*.py"),
        root / "dashboard.py",
        *root.glob("queries/**/*.sql"),
    ]
    patterns = {
        "the salt path (config.salt_path_for)": r"with_suffix\(.\.salt.\)",
        "the region's name (Config.wilayah.nama)": r"Kabupaten Blora",
        "kelurahan from the code (desa.jenis)": r"kode_desa\[9\]",
        "a week (calendar.WEEK)": r"\b(MINGGU|WEEK) = \d|timedelta\(days=7\)|previous_day\(\w+, 7\)",
        "the stalled days (calendar.STALLED_DAYS)": r"\b(HARI_MACET|STALLED_DAYS) = \d|hari_macet., 3\)",
        "the target path (calendar.target_path)": r"target_persen \* \(",
    }
    homes = {"sensus/core/config.py", "sensus/core/calendar.py"}
    copies = [
        f"{rule}: {path.relative_to(root)}"
        for path in files
        if str(path.relative_to(root)) not in homes
        for rule, pattern in patterns.items()
        if re.search(pattern, _code_text(path), re.MULTILINE)
    ]
    assert copies == []


def test_the_counting_rule_is_written_once():
    """How a household's submissions count per day (first one new, later ones a change) is one SQL file: the full
    build of both marts sums it over every household, an import applies it to the households it touched."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    counting = re.compile(r"lag\(\s*jumlah_art\s*\)\s*over", re.IGNORECASE)
    homes = sorted(
        str(path.relative_to(root))
        for path in [*root.glob("queries/**/*.sql"), *root.glob("sensus/**/*.py")]
        if counting.search(path.read_text(encoding="utf-8"))
    )
    assert homes == ["queries/marts/perubahan_rumah_tangga.sql"]
