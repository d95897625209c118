"""The demo and the reports of any kabupaten/kota: Blora unchanged, three other regions in their own areas.

Regions (tests/regions.py): Kabupaten Blora 33.16, Kota Semarang 33.74 (kelurahan), Kabupaten Cilacap 33.01 (large)
and Kota Banda Aceh 11.71 (outside Jawa Tengah, villages that are desa, no boundaries). Every figure is recomputed
from the export files by tests/independent.py, not by the simulator's or the store's code.
"""

import hashlib
import io
import json
from datetime import date

import duckdb
import polars as pl
import pytest

from sensus.core import wilayah_indonesia
from sensus.demo import simulate
from tests import independent
from tests.regions import REGIONS, sensus

OTHERS = [kode for kode in REGIONS if kode != "33.16"]
LEVELS = ("desa", "kecamatan", "kabupaten")


def content_digest(frame: pl.DataFrame) -> str:
    return hashlib.sha256(frame.write_csv().encode()).hexdigest()


def read_export(path) -> pl.DataFrame:
    if path.suffix == ".parquet":
        return pl.read_parquet(path)
    if path.suffix == ".xlsx":
        return pl.read_excel(path, infer_schema_length=0)
    return pl.read_csv(path, infer_schema=False)


# --- Blora: the published calibration, unchanged -------------------------------------------------------------

# the content of Blora's demo (seed 2020) as it was before the simulator took a region: targets, events and
# every export file, each as CSV text (independent of how a library version writes Parquet or XLSX bytes)
BLORA_2020 = {
    "targets": "67487ac5b48ea2a388bb7fc439af6402198085a99a47bc5b51f37b41bdde014a",
    "events": "3ab9ff3bdeae61679690b6904d8f334c477c5df8a5faf22e02cd5914648f6bc7",
}
BLORA_EXPORTS_2020 = {
    "export_2020-02-22.csv": "55885bba21d8523364d451217908b6b8a3b95474f173e3c6405af0c1155bdd77",
    "export_2020-02-29.csv": "325b07b2427c06263acc92d7e678e3d4919c2ed43576978df76bf7a02bbb20e9",
    "export_2020-03-07.parquet": "5083993801b407562f6352296c6e6a3dd9df19be857c7e4461cdf888c371aec5",
    "export_2020-03-14.xlsx": "8ef634a07809f8507a32ae4308df1183cf2f0e0add79db82a7ecb04c4aaeae8a",
    "export_2020-03-21.csv": "0f0ca2dbc79b7ec9a2d111f6c053dc36f024d1d72434defaad4c1d668f008cb1",
    "export_2020-03-28.csv": "f1f31df0f93ee57f339f63bd668fca0956b1f2c8dd6424f6da1bffea5716f9b6",
    "export_2020-04-03.csv": "636677dffbf66549277bb67520fb4982d428dbd88f78fa42757b4ec0f5c4b811",
}


def test_blora_demo_is_unchanged_by_the_region_and_window_arguments(tmp_path):
    villages = wilayah_indonesia.wilayah("33.16")
    # the region from the villages alone, and the same region and window given as a Config gives them
    implied = simulate.simulate(villages, tmp_path / "a", seed=2020)
    given = simulate.simulate(
        villages,
        tmp_path / "b",
        seed=2020,
        region=wilayah_indonesia.kabupaten("33.16"),
        window=(date(2020, 2, 15), date(2020, 3, 31)),
    )
    assert content_digest(implied[0]) == BLORA_2020["targets"]
    assert content_digest(implied[1]) == BLORA_2020["events"]
    assert [p.name for p in implied[2]] == [
        "export_2020-02-22.csv",
        "export_2020-02-29.csv",
        "export_2020-03-07.parquet",
        "export_2020-03-14.xlsx",
        "export_2020-03-21.csv",
        "export_2020-03-28.csv",
        "export_2020-04-03.csv",
    ]
    assert {p.name: content_digest(read_export(p)) for p in implied[2]} == BLORA_EXPORTS_2020
    for a, b in zip(implied[2], given[2], strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert set(implied[0]["sumber"]) == {"demo"}  # published calibration: not marked derived


# --- any other region: its own areas, derived denominators, its province's level -----------------------------


@pytest.fixture(scope="module")
def simulated(tmp_path_factory):
    """kode → (villages, targets, events, export paths) of the default window, seed 2020."""
    out = {}
    for kode in OTHERS:
        villages = wilayah_indonesia.wilayah(kode)
        out[kode] = (villages, *simulate.simulate(villages, tmp_path_factory.mktemp(kode), seed=2020))
    return out


@pytest.mark.parametrize("kode", OTHERS)
def test_a_region_is_simulated_in_its_own_villages_with_derived_targets_marked_as_such(simulated, kode):
    villages, targets, _, exports = simulated[kode]
    region = wilayah_indonesia.kabupaten(kode)
    assert sorted(targets["kode_desa"]) == sorted(villages["kode_desa"])
    assert (targets["kk"] >= 1).all() and (targets["kk"] <= targets["penduduk"]).all()
    area = "Jawa Tengah" if region.kode_prov == "33" else "Indonesia"
    assert set(targets["sumber"]) == {f"demo (turunan: penduduk SP2020 {area} per desa/kelurahan)"}
    # the province's (or Indonesia's) SP2020 population per village, a kelurahan counting 1.8 desa
    areas = wilayah_indonesia.daftar_kabupaten()
    if area == "Jawa Tengah":
        areas, population = areas.filter(pl.col("kode_prov") == "33"), 36_520_000
    else:
        population = 270_200_000
    per_desa = population / (areas["jumlah_desa"].sum() + 1.8 * areas["jumlah_kelurahan"].sum())
    sized = villages.join(targets, on="kode_desa").with_columns(
        bobot=pl.when(pl.col("jenis") == "kelurahan").then(1.8).otherwise(1.0)
    )
    mean_ratio = (sized["penduduk"] / sized["bobot"]).mean() / per_desa
    assert 0.9 < mean_ratio < 1.25  # lognormal sizes of sd 0.35 average e^(0.35²/2) = 1.06
    # every valid row of every export is one of the region's villages; the broken ones are rejected
    valid = independent.valid_submissions(exports, set(villages["kode_desa"]))
    raw = pl.concat([read_export(p).select("id_submisi") for p in exports])
    assert valid["kode_desa"].str.starts_with(kode + ".").all()
    assert 0 < raw["id_submisi"].n_unique() - valid.height < 0.02 * valid.height


@pytest.mark.parametrize("kode", OTHERS)
def test_events_are_in_the_regions_own_kecamatan_and_villages_and_say_kabupaten_or_kota(simulated, kode):
    villages, _, events, _ = simulated[kode]
    region = wilayah_indonesia.kabupaten(kode)
    rakor = events.filter(pl.col("jenis") == "rakor")
    # one rakor per kecamatan, one of the region, all simulated
    assert sorted(rakor["kode"]) == sorted([kode, *villages["kode_kec"].unique()])
    assert events["simulasi"].all()
    assert events.filter(pl.col("jenis") == "sosialisasi")["kode"].is_in(villages["kode_desa"].implode()).all()
    texts = "\n".join(events["keterangan"])
    assert "Blora" not in texts
    assert ("Pendopo" in texts) == (region.jenis == "kabupaten")
    own = rakor.filter(pl.col("kode") == kode)["keterangan"].item()
    expected = "kota di Balai Kota" if region.is_kota else "kabupaten di Pendopo"
    assert own == f"Rakor SP2020 Online tingkat {expected} (simulasi)"
    # each kecamatan rakor names the kecamatan and the heads of the kinds of village it has
    names = dict(villages.select("kode_kec", "nama_kec").unique().iter_rows())
    kinds = villages.group_by("kode_kec").agg(pl.col("jenis").unique())
    for kode_kec, text in rakor.filter(pl.col("kode") != kode).select("kode", "keterangan").iter_rows():
        assert f"Kecamatan {names[kode_kec]} (simulasi)" in text
        jenis = set(kinds.filter(pl.col("kode_kec") == kode_kec)["jenis"].item())
        assert ("kades" in text) == ("desa" in jenis) and ("lurah" in text) == ("kelurahan" in jenis)
    assert events["tanggal"].is_between(date(2020, 2, 15), date(2020, 3, 31)).all()


def test_banda_aceh_has_desa_and_no_lurah_semarang_kelurahan_and_no_kades(simulated):
    aceh = "\n".join(simulated["11.71"][2]["keterangan"])
    semarang = "\n".join(simulated["33.74"][2]["keterangan"])
    assert "kades" in aceh and "lurah" not in aceh and "tingkat kota" in aceh
    assert "lurah" in semarang and "kades" not in semarang and "tingkat kota" in semarang
    assert "tingkat kabupaten" in "\n".join(simulated["33.01"][2]["keterangan"])


@pytest.mark.parametrize(("kode", "level"), [("33.74", 0.100), ("33.01", 0.100), ("11.71", 0.125)])
def test_the_response_level_at_the_deadline_is_the_provinces_or_indonesias(simulated, kode, level):
    """Jawa Tengah ≈ 10.0 % on 31 Mar 2020 (derived from its 12.29 % on 8 May), Indonesia 12.5 % (published)."""
    villages, targets, _, exports = simulated[kode]
    valid = independent.valid_submissions(exports, set(villages["kode_desa"]))
    counts = independent.counts_as_of(valid, date(2020, 3, 31), date(2020, 2, 15), date(2020, 3, 31))
    persons = sum(value[1] for value in counts.values())
    assert persons / targets["penduduk"].sum() == pytest.approx(level, abs=0.01)


def test_another_window_moves_the_launch_the_rush_and_the_files(tmp_path):
    villages = wilayah_indonesia.wilayah("33.74")
    window = (date(2020, 3, 2), date(2020, 4, 20))
    _, events, exports = simulate.simulate(villages, tmp_path, seed=5, window=window)
    assert exports[-1].name == "export_2020-04-23.csv" and exports[0].name == "export_2020-03-09.csv"
    assert events["tanggal"].is_between(*window).all()
    valid = independent.valid_submissions(exports, set(villages["kode_desa"]))
    days = valid.filter(pl.col("tanggal").is_between(*window)).group_by("tanggal").len()
    per_day = dict(days.iter_rows())
    # the deadline rush is the window's last week, the busiest day its last
    assert max(per_day, key=per_day.get) == window[1]
    assert valid["tanggal"].min() >= date(2020, 2, 26) and valid["tanggal"].max() <= date(2020, 4, 23)


def test_villages_of_two_regions_or_a_region_that_is_not_theirs_are_refused():
    mixed = pl.concat([wilayah_indonesia.wilayah("33.16").head(3), wilayah_indonesia.wilayah("33.74").head(3)])
    with pytest.raises(ValueError, match="2 kabupaten/kota"):
        simulate.demo_targets(mixed)
    with pytest.raises(ValueError, match=r"33\.74"):
        simulate.demo_targets(wilayah_indonesia.wilayah("33.74"), region=wilayah_indonesia.kabupaten("33.16"))


# --- the store of each region, through the command line ---------------------------------------------------------


def report(store, kode: str, *args: str) -> str:
    return sensus(kode, store.store, "report", *args).stdout


@pytest.mark.parametrize("kode", REGIONS)
def test_the_report_of_every_region_agrees_with_an_independent_count_at_every_level(region_store, kode):
    store = region_store(kode)
    cfg = store.cfg
    valid = independent.valid_submissions(store.exports, store.known_desa)
    villages = wilayah_indonesia.wilayah(kode)
    areas = {"desa": villages.height, "kecamatan": villages["kode_kec"].n_unique(), "kabupaten": 1}
    for day in (date(2020, 3, 7), cfg.selesai):
        for level in LEVELS:
            table = pl.read_csv(
                io.StringIO(report(store, kode, "--level", level, "--date", day.isoformat())),
                schema_overrides={"kode": pl.String},
            )
            assert table.height == areas[level], (level, day)
            got = {
                row["kode"]: (row["kk_respon"], row["penduduk_respon"], row["kk_clean"])
                for row in table.iter_rows(named=True)
                if row["kk_respon"]
            }
            assert got == independent.counts_by_level(valid, day, cfg.mulai, cfg.selesai, level), (level, day)
    kabupaten = pl.read_csv(
        io.StringIO(report(store, kode, "--level", "kabupaten")), schema_overrides={"kode": pl.String}
    )
    assert kabupaten.select("kode", "nama").row(0) == (kode, cfg.nama_kab)


@pytest.mark.parametrize("kode", OTHERS)
def test_nothing_a_non_blora_store_or_its_reports_hold_names_blora(region_store, kode):
    store = region_store(kode)
    outputs = [
        report(store, kode, "--format", "text"),
        report(store, kode, "--format", "text", "--lang", "en"),
        report(store, kode, "--level", "kabupaten", "--format", "json"),
        report(store, kode, "--level", "desa"),
    ]
    assert all("blora" not in text.lower() for text in outputs)
    assert store.cfg.nama_kab in outputs[0] and "SIMULASI" in outputs[0].upper()
    assert json.loads(outputs[2])[0]["nama"] == store.cfg.nama_kab
    # every text column of every table of the store
    con = duckdb.connect(str(store.store), read_only=True)
    try:
        columns = con.sql(
            "select table_name, column_name from duckdb_columns() where data_type = 'VARCHAR' and not internal"
        ).fetchall()
        hits = {
            (table, column): n
            for table, column in columns
            if (n := con.sql(f'select count(*) from "{table}" where "{column}" ilike \'%blora%\'').fetchall()[0][0])
        }
    finally:
        con.close()
    assert hits == {}


FOREIGN = {"33.16": ("33.74.01.1001", "33.74.01", "33.74"), "33.74": ("33.16.05.1014", "33.16.05", "33.16")}
FOREIGN |= {kode: FOREIGN["33.74"] for kode in ("33.01", "11.71")}


def rejects(store_path) -> list[tuple]:
    con = duckdb.connect(str(store_path), read_only=True)
    try:
        return con.sql(
            "select baris, alasan, nilai from baris_ditolak where impor_id = (select max(impor_id) from impor) "
            "order by baris"
        ).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("kode", REGIONS)
def test_a_code_of_another_region_in_a_targets_or_events_file_is_rejected_with_its_line(kode, tmp_path):
    # a real store of the region, born with its first import (a demo store takes no real files)
    store = tmp_path / "store" / "sensus.duckdb"
    desa, kecamatan, kabupaten = FOREIGN[kode]
    own = wilayah_indonesia.wilayah(kode).row(0, named=True)
    targets = tmp_path / "target.csv"
    targets.write_text(f"kode_desa,penduduk,kk\n{own['kode_desa']},1000,300\n{desa},1000,300\n", encoding="utf-8")
    sensus(kode, store, "targets", str(targets))
    assert rejects(store) == [(3, "kode_desa_tidak_dikenal", desa)]
    events = tmp_path / "kegiatan.csv"
    events.write_text(
        "tanggal,jenis,kode,keterangan\n"
        f"2020-03-02,rakor,{own['kode_kec']},rakor sendiri\n"
        f"2020-03-03,rakor,{kecamatan},rakor wilayah lain\n"
        f"2020-03-04,rakor,{kabupaten},rakor kabupaten lain\n"
        f"2020-03-05,rakor,{kode},rakor wilayah sendiri\n",
        encoding="utf-8",
    )
    sensus(kode, store, "events", str(events))
    assert rejects(store) == [
        (3, "kode_wilayah_tidak_dikenal", kecamatan),
        (4, "kode_wilayah_tidak_dikenal", kabupaten),
    ]
