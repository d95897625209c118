"""Imports in a province deployment (DI Yogyakarta, 34: five kabupaten/kota, no boundary maps): each file lands in
the store of the kabupaten its village codes name, a mixed file is refused or split (--pisah), and every store
change publishes that kabupaten's marts for the province; a publish that fails leaves the change stored.

The command line runs in this process (`sensus.__main__.main`) with the province in the environment, tmp stores
(PANTAU_STORE with {kabupaten}) and a tmp published folder (PANTAU_TERBIT)."""

import dataclasses
import hashlib
import tempfile
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

from sensus.__main__ import main
from sensus.core import config, i18n, wilayah_indonesia
from sensus.core.config import Config
from sensus.core.scope import KABUPATEN
from sensus.demo import simulate
from sensus.ingest import route
from sensus.province import publish, read, replica, versions
from sensus.store import database, files, reports
from tests import independent

SLEMAN, KOTA = "34.04", "34.71"
FIGURES = ("kk_respon", "penduduk_respon", "kk_clean")


def province_config(tmp_path: Path) -> Config:
    return config.read(environ=province_env(tmp_path))


def province_env(tmp_path: Path) -> dict[str, str]:
    return {
        "PANTAU_PROVINSI": "34",
        "PANTAU_STORE": str(tmp_path / "stores" / "sensus-{kabupaten}.duckdb"),
        "PANTAU_TERBIT": str(tmp_path / "terbit"),
    }


@pytest.fixture
def province(monkeypatch, tmp_path) -> Config:
    """The province in this process's environment: `main` reads it as the command line does."""
    for name in ("PANTAU_KABUPATEN", "PANTAU_DEMO", "PANTAU_KECAMATAN"):
        monkeypatch.delenv(name, raising=False)
    for name, value in province_env(tmp_path).items():
        monkeypatch.setenv(name, value)
    return province_config(tmp_path)


@pytest.fixture(scope="module")
def simulated(tmp_path_factory) -> dict[str, dict]:
    """Simulated exports, targets and events of Sleman and Kota Yogyakarta (each with a few broken rows, some with
    village codes of no kabupaten of the province)."""
    folder = tmp_path_factory.mktemp("diy")
    cfg = config.read(environ={"PANTAU_PROVINSI": "34"})
    made = {}
    for kode in (SLEMAN, KOTA):
        kab = cfg.for_kabupaten(kode)
        targets, events, exports = simulate.simulate(
            wilayah_indonesia.wilayah(kode), folder / kode, region=kab.wilayah, window=kab.window
        )
        targets.write_csv(folder / kode / "target.csv")
        events.write_csv(folder / kode / "kegiatan.csv")
        made[kode] = {
            "exports": exports,
            "csv": [p for p in exports if p.suffix == ".csv"],
            "targets": folder / kode / "target.csv",
            "events": folder / kode / "kegiatan.csv",
        }
    return made


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out = capsys.readouterr()
    return status, out.out, out.err


def mixed_file(simulated, folder: Path, name: str = "campur.csv") -> Path:
    """Sleman's first export and Kota Yogyakarta's, their rows interleaved by submission time."""
    frames = [pl.read_csv(simulated[k]["csv"][0], infer_schema=False) for k in (SLEMAN, KOTA)]
    out = folder / name
    pl.concat(frames).sort("waktu_submit", "id_submisi", nulls_last=True).write_csv(out)
    return out


def store_figures(kab: Config, day: date) -> dict[str, int]:
    con = database.connect_reader(kab.store_path)
    try:
        row = reports.capaian(con, day, "kabupaten", scope=KABUPATEN, region=kab.wilayah).row(0, named=True)
    finally:
        con.close()
    return {f: row[f] for f in FIGURES}


def province_figures(cfg: Config, day: date) -> dict[str, dict[str, int]]:
    with read.ProvinceReader(cfg.terbit_path) as reader:
        ranked = reader.peringkat(day)
    return {row["kode_kab"]: {f: row[f] for f in FIGURES} for row in ranked.iter_rows(named=True)}


def independent_figures(paths: list[Path], kode: str, cfg: Config, day: date) -> dict[str, int]:
    known = set(wilayah_indonesia.wilayah(kode)["kode_desa"])
    submissions = independent.valid_submissions(paths, known)
    counts = independent.counts_by_level(submissions, day, cfg.mulai, cfg.selesai, "kabupaten").get(kode, (0, 0, 0))
    return dict(zip(FIGURES, counts, strict=True))


def days(cfg: Config) -> tuple[date, ...]:
    return (cfg.mulai + timedelta(days=20), cfg.selesai)


def fingerprint(store: Path) -> tuple:
    """What a store is: its bytes and its published version (unchanged means neither moved)."""
    return hashlib.sha256(store.read_bytes()).hexdigest(), files.version_key(store)


def current(cfg: Config, kode: str) -> int | None:
    return versions.current_version(cfg.terbit_path.resolve(), kode)


def digits(column: str = "kode_desa") -> pl.Expr:
    # a code as the importer reads it: whitespace and dots do not matter
    return pl.col(column).str.replace_all(r"[\s\.\u00a0]", "")


def rows_of(path: Path, prefix: str) -> pl.DataFrame:
    """The file's rows whose village code is one of kabupaten `prefix` ('34.04.'), with their line (the header is
    line 1)."""
    frame = pl.read_csv(path, infer_schema=False).with_row_index("line", offset=2)
    return frame.filter(digits().str.contains(r"^\d{10}$"), digits().str.starts_with(prefix.replace(".", "")))


def outside_rows(path: Path, kode_kab: str) -> int:
    """Lines the store rejects as of another kabupaten: an id, a well-formed village code of another kabupaten."""
    frame = pl.read_csv(path, infer_schema=False)
    return frame.filter(
        pl.col("id_submisi").str.strip_chars().str.len_chars() > 0,
        digits().str.contains(r"^\d{10}$"),
        ~digits().str.starts_with(kode_kab.replace(".", "")),
    ).height


def reject_counts(store: Path) -> dict[str, int]:
    """Every rejected line of the store by reason (all counted, past the lines kept)."""
    con = database.connect_reader(store)
    try:
        return dict(con.sql("select alasan, sum(jumlah)::integer from ditolak_alasan group by alasan").fetchall())
    finally:
        con.close()


def test_a_file_of_one_kabupaten_lands_in_its_store_only_and_is_published(province, simulated, capsys):
    export = simulated[SLEMAN]["csv"][0]
    status, out, err = run(capsys, "ingest", str(export))
    assert status == 0, err
    sleman = province.for_kabupaten(SLEMAN)
    assert f"→ 34.04 Kabupaten Sleman ({sleman.store_path})" in out
    assert "Diterbitkan untuk provinsi: 34.04 Kabupaten Sleman, versi 1." in out
    assert sorted(p.name for p in sleman.store_path.parent.glob("*.duckdb")) == ["sensus-34.04.duckdb"]
    assert current(province, SLEMAN) == 1
    summary = pl.read_parquet(province.terbit_path / versions.SUMMARY)
    assert summary["kode_kab"].unique().to_list() == [SLEMAN]
    for day in days(province):
        own = store_figures(sleman, day)
        assert own["kk_respon"] > 0
        assert province_figures(province, day) == {SLEMAN: own}
        assert own == independent_figures([export], SLEMAN, province, day)
    # rows naming a village of no kabupaten of the province went with the file and were rejected there
    assert outside_rows(export, SLEMAN) > 0
    assert reject_counts(sleman.store_path)["kode_desa_luar_kabupaten"] == outside_rows(export, SLEMAN)


def test_parquet_xlsx_targets_and_events_find_their_kabupaten_too(province, simulated, capsys):
    kota = simulated[KOTA]
    parquet = next(p for p in kota["exports"] if p.suffix == ".parquet")
    xlsx = next(p for p in kota["exports"] if p.suffix == ".xlsx")
    for argv in (("targets", kota["targets"]), ("events", kota["events"]), ("ingest", parquet, xlsx)):
        status, out, err = run(capsys, *map(str, argv))
        assert status == 0, err
        assert out.count("→ 34.71 Kota Yogyakarta") == len(argv) - 1
    assert list(province.for_kabupaten(KOTA).store_path.parent.glob("*.duckdb")) == [
        province.for_kabupaten(KOTA).store_path
    ]
    assert current(province, KOTA) == 4  # one publish per store change
    day = province.selesai
    assert province_figures(province, day)[KOTA] == independent_figures([parquet, xlsx], KOTA, province, day)


def test_a_mixed_file_is_refused_naming_each_kabupaten_and_no_store_changes(province, simulated, capsys, tmp_path):
    for kode in (SLEMAN, KOTA):
        assert run(capsys, "targets", str(simulated[kode]["targets"]))[0] == 0
    before = {k: fingerprint(province.for_kabupaten(k).store_path) for k in (SLEMAN, KOTA)}
    published = {k: current(province, k) for k in (SLEMAN, KOTA)}
    mixed = mixed_file(simulated, tmp_path)
    sleman_rows, kota_rows = rows_of(mixed, "34.04."), rows_of(mixed, "34.71.")
    assert sleman_rows.height > kota_rows.height > 0

    status, out, err = run(capsys, "ingest", str(mixed))
    assert status == 1 and out == ""
    n_sleman, n_kota = f"{sleman_rows.height:,}".replace(",", "."), f"{kota_rows.height:,}".replace(",", ".")
    first_kota = f"{kota_rows['line'][0]:,}".replace(",", ".")
    assert f"34.04 Kabupaten Sleman: {n_sleman} baris; 34.71 Kota Yogyakarta: {n_kota} baris, pertama di baris " in err
    assert f"pertama di baris {first_kota})" in err
    assert "--pisah" in err and "Tidak ada yang disimpan." in err

    # forced to Kota Yogyakarta: Sleman's rows are the other kabupaten's, named with their first line
    status, _, err = run(capsys, "--lang", "en", "ingest", "--kabupaten", "3471", str(mixed))
    assert status == 1
    first_sleman = f"{sleman_rows['line'][0]:,}"
    assert "is imported into 34.71 Kota Yogyakarta" in err
    assert f"34.04 Kabupaten Sleman: {sleman_rows.height:,} rows, the first on line {first_sleman}" in err

    assert {k: fingerprint(province.for_kabupaten(k).store_path) for k in (SLEMAN, KOTA)} == before
    assert {k: current(province, k) for k in (SLEMAN, KOTA)} == published
    assert not any(province.for_kabupaten(k).store_path.exists() for k in ("34.01", "34.02", "34.03"))


def test_a_kabupaten_outside_the_province_or_no_served_row_is_refused(province, simulated, capsys, tmp_path):
    status, _, err = run(capsys, "ingest", "--kabupaten", "33.16", str(simulated[SLEMAN]["csv"][0]))
    assert status == 2 and "--kabupaten 33.16: bukan kabupaten/kota yang dilayani" in err
    foreign = tmp_path / "blora.csv"
    pl.read_csv(simulated[SLEMAN]["csv"][0], infer_schema=False).with_columns(
        pl.when(digits().str.starts_with("3404"))
        .then(pl.lit("3316") + digits().str.slice(4))
        .otherwise(pl.col("kode_desa"))
        .alias("kode_desa")
    ).write_csv(foreign)
    status, _, err = run(capsys, "ingest", str(foreign))
    assert status == 1 and "tidak ada baris dengan kode wilayah dari kabupaten/kota yang dilayani" in err
    assert not (tmp_path / "stores").exists() or not list((tmp_path / "stores").glob("*.duckdb"))


def test_pisah_lands_each_part_and_the_province_totals_agree(province, simulated, capsys, tmp_path):
    mixed = mixed_file(simulated, tmp_path)
    temporary = set(Path(tempfile.gettempdir()).glob("pantau-pisah-*"))
    status, out, err = run(capsys, "ingest", "--pisah", str(mixed))
    assert status == 0, err
    assert "campur.csv: bagian 34.04 Kabupaten Sleman" in out and "diimpor sebagai campur.34.04.csv" in out
    assert "campur.csv: bagian 34.71 Kota Yogyakarta" in out
    assert current(province, SLEMAN) == 1 and current(province, KOTA) == 1
    sources = {k: [simulated[k]["csv"][0]] for k in (SLEMAN, KOTA)}
    for day in days(province):
        own = {k: store_figures(province.for_kabupaten(k), day) for k in (SLEMAN, KOTA)}
        assert province_figures(province, day) == own
        for kode in (SLEMAN, KOTA):
            assert own[kode] == independent_figures(sources[kode], kode, province, day)
        with read.ProvinceReader(province.terbit_path) as reader:
            total = reader.kurva_provinsi().filter(pl.col("tanggal") == day)
        if total.height:
            assert total["kk_respon"].item() == sum(own[k]["kk_respon"] for k in own)

    # each part's rejected lines name the lines of the file as given: each is a row of that part (the rows are
    # interleaved, so a line number of the part's own file would mostly point at the other kabupaten's rows)
    kota = province.for_kabupaten(KOTA)
    con = database.connect_reader(kota.store_path)
    try:
        rejected = [baris for (baris,) in con.sql("select baris from baris_ditolak").fetchall()]
    finally:
        con.close()
    sleman_lines = set(rows_of(mixed, "34.04.")["line"])
    assert len(rejected) > 5 and not sleman_lines & set(rejected)
    assert set(rows_of(mixed, "34.71.")["line"]) & set(rejected)
    # the same file split again: each part already imported, nothing new published
    status, out, _ = run(capsys, "ingest", "--pisah", str(mixed))
    assert status == 0 and current(province, KOTA) == 1
    assert set(Path(tempfile.gettempdir()).glob("pantau-pisah-*")) == temporary, "a part left on disk"


def test_undo_republishes_and_the_totals_fall_back(province, simulated, capsys):
    first, second = simulated[KOTA]["csv"][0], simulated[KOTA]["csv"][1]
    assert run(capsys, "ingest", str(first))[0] == 0
    day = province.selesai
    after_first = province_figures(province, day)[KOTA]
    status, out, _ = run(capsys, "ingest", str(second))
    assert status == 0
    impor_id = int(out.split("python -m sensus undo ")[1].split()[0])
    assert province_figures(province, day)[KOTA] != after_first
    assert current(province, KOTA) == 2

    status, _, err = run(capsys, "undo", str(impor_id))
    assert status == 2 and "--kabupaten" in err  # an import number is one kabupaten's: which one is not guessed
    status, out, err = run(capsys, "undo", str(impor_id), "--kabupaten", KOTA)
    assert status == 0, err
    assert "versi 3" in out and current(province, KOTA) == 3
    assert province_figures(province, day)[KOTA] == after_first == store_figures(province.for_kabupaten(KOTA), day)


def test_a_failed_publish_leaves_the_import_stored_and_says_so(province, simulated, capsys, monkeypatch):
    real = publish.publish

    def fails(*args, **kwargs):
        raise publish.PublishFailed("simulated: the published folder is full")

    monkeypatch.setattr(publish, "publish", fails)
    status, out, err = run(capsys, "ingest", str(simulated[SLEMAN]["csv"][0]))
    assert status == 3
    assert "Tercatat sebagai impor #1" in out
    assert "34.04 Kabupaten Sleman tetap tersimpan, tetapi belum diterbitkan" in err
    assert "simulated: the published folder is full" in err and "publish --kabupaten 34.04" in err
    sleman = province.for_kabupaten(SLEMAN)
    assert store_figures(sleman, province.selesai)["kk_respon"] > 0
    assert current(province, SLEMAN) is None
    monkeypatch.setattr(publish, "publish", real)
    # `publish` catches up: every kabupaten with a store, the others named as skipped
    status, out, err = run(capsys, "publish")
    assert status == 0
    assert "34.04 Kabupaten Sleman, versi 1" in out and "34.71 Kota Yogyakarta: belum ada penyimpanan" in err
    assert province_figures(province, province.selesai) == {SLEMAN: store_figures(sleman, province.selesai)}


def test_an_unwritable_published_folder_fails_the_publish_not_the_import(province, simulated, capsys, monkeypatch):
    blocked = province.terbit_path.parent / "berkas-biasa"
    blocked.write_text("not a folder")
    monkeypatch.setenv("PANTAU_TERBIT", str(blocked / "terbit"))
    status, out, err = run(capsys, "--lang", "en", "ingest", str(simulated[KOTA]["csv"][0]))
    assert status == 3
    assert "Recorded as import #1" in out
    assert "The change to 34.71 Kota Yogyakarta's store is kept, but it is not published" in err
    assert store_figures(province.for_kabupaten(KOTA), province.selesai)["kk_respon"] > 0


def test_a_single_kabupaten_with_a_published_folder_publishes_and_routes_nothing(monkeypatch, tmp_path, simulated):
    for name in ("PANTAU_PROVINSI", "PANTAU_DEMO", "PANTAU_KECAMATAN"):
        monkeypatch.delenv(name, raising=False)
    store = tmp_path / "sensus.duckdb"
    monkeypatch.setenv("PANTAU_KABUPATEN", KOTA)
    monkeypatch.setenv("PANTAU_STORE", str(store))
    monkeypatch.setenv("PANTAU_TERBIT", str(tmp_path / "terbit"))
    mixed = mixed_file(simulated, tmp_path)
    # outside a province a file is not routed: Sleman's rows are rejected by the store as today
    assert main(["ingest", str(mixed)]) == 0
    assert reject_counts(store)["kode_desa_luar_kabupaten"] == outside_rows(mixed, KOTA)
    assert outside_rows(mixed, KOTA) > rows_of(mixed, "34.04.").height / 2
    assert versions.current_version((tmp_path / "terbit").resolve(), KOTA) == 1


def test_route_reads_the_kabupaten_and_splits_keeping_lines(simulated, tmp_path):
    cfg = config.read(environ={"PANTAU_PROVINSI": "34"})
    mixed = mixed_file(simulated, tmp_path)
    rute = route.read(mixed, "submisi", cfg.daftar_kabupaten, limits=cfg.impor)
    assert rute.kabupaten == (SLEMAN, KOTA)
    kota = next(b for b in rute.bagian if b.kode_kab == KOTA)
    assert (kota.baris, kota.baris_pertama) == (rows_of(mixed, "34.71.").height, rows_of(mixed, "34.71.")["line"][0])
    with route.private_folder() as folder:
        parts = dict(route.split(rute, folder, limits=cfg.impor))
        assert (folder.stat().st_mode & 0o777, parts[KOTA].stat().st_mode & 0o777) == (0o700, 0o600)
        lines = parts[KOTA].read_text(encoding="utf-8").splitlines()
        original = mixed.read_text(encoding="utf-8").splitlines()
        for line in rows_of(mixed, "34.71.")["line"]:
            # the same row (its id, as the importer trims it) on the same line
            assert lines[line - 1].split(",")[0] == original[line - 1].split(",")[0].strip()
        assert all(row.split(",")[1].replace(".", "").startswith("3471") for row in lines[1:] if row)
    assert not folder.exists()


# ---- the upload page of a kabupaten of the province (AppTest: slow)


def page(monkeypatch, province: Config, kode: str, simulated):
    """The Unggah page of kabupaten `kode`'s run, signed in as its operator, over a store holding its targets
    (loaded and published from the command line: version 1)."""
    from tests.apptest import open_dashboard

    assert main(["targets", str(simulated[kode]["targets"])]) == 0
    assert current(province, kode) == 1
    monkeypatch.setenv("PANTAU_KABUPATEN", kode)
    return open_dashboard(monkeypatch, province.templates.store, "unggah", role="operator")


def upload(app, path: Path):
    app.file_uploader(key="unggah_berkas").set_value((path.name, path.read_bytes(), "text/csv"))
    return app.run()


def save(app):
    next(b for b in app.button if b.label == "Simpan").click()
    return app.run()


@pytest.mark.slow
def test_the_page_refuses_a_file_with_another_kabupatens_rows_before_storing(
    monkeypatch, province, simulated, tmp_path
):
    sleman = province.for_kabupaten(SLEMAN)
    app = page(monkeypatch, province, SLEMAN, simulated)
    before = fingerprint(sleman.store_path)
    app = upload(app, mixed_file(simulated, tmp_path))
    assert not app.exception
    errors = [e.value for e in app.error]
    assert len(errors) == 1
    assert "diimpor ke 34.04 Kabupaten Sleman, tetapi memuat baris kabupaten/kota lain" in errors[0]
    assert "34.71 Kota Yogyakarta" in errors[0] and "Tidak ada yang disimpan." in errors[0]
    assert not [b for b in app.button if b.label == "Simpan"]
    assert fingerprint(sleman.store_path) == before and current(province, SLEMAN) == 1


@pytest.mark.slow
def test_the_page_publishes_each_save_and_undo(monkeypatch, province, simulated):
    export = simulated[KOTA]["csv"][0]
    app = save(upload(page(monkeypatch, province, KOTA, simulated), export))
    assert not app.exception and "Tersimpan." in [s.value for s in app.success]
    assert current(province, KOTA) == 2
    day = province.selesai
    assert province_figures(province, day) == {KOTA: independent_figures([export], KOTA, province, day)}
    app.selectbox[0].set_value(2)  # the export (1: the targets)
    next(box for box in app.checkbox if box.label.startswith("Saya yakin")).check()
    next(b for b in app.button if b.label.startswith("Batalkan")).click()
    app = app.run()
    assert not app.exception and not app.warning
    assert current(province, KOTA) == 3
    assert province_figures(province, day)[KOTA]["kk_respon"] == 0


@pytest.mark.slow
def test_the_page_says_a_failed_publish_and_keeps_the_import(monkeypatch, province, simulated):
    def fails(*args, **kwargs):
        raise publish.PublishFailed("simulated: the published folder is full")

    app = page(monkeypatch, province, KOTA, simulated)
    monkeypatch.setattr(publish, "publish", fails)
    app = save(upload(app, simulated[KOTA]["csv"][0]))
    assert not app.exception
    warnings = [w.value for w in app.warning]
    assert len(warnings) == 1 and "Berkas tersimpan, tetapi belum diterbitkan" in warnings[0]
    assert "simulated: the published folder is full" in warnings[0]
    assert store_figures(province.for_kabupaten(KOTA), province.selesai)["kk_respon"] > 0
    assert current(province, KOTA) == 1


@pytest.mark.slow
def test_the_demo_of_a_kabupaten_is_published_where_the_demo_reads(monkeypatch, province, capsys, tmp_path):
    monkeypatch.setenv("PANTAU_DEMO", "1")
    demo = config.read()
    built = tmp_path / "demo-34.71.duckdb"
    status, out, err = run(capsys, "demo", "--kabupaten", KOTA, "--store", str(built))
    assert status == 0, err
    assert "Diterbitkan untuk provinsi: 34.71 Kota Yogyakarta, versi 1." in out
    assert database.is_demo_store(built)
    kota = dataclasses.replace(demo.for_kabupaten(KOTA), store_path=built)
    assert province_figures(demo, demo.selesai) == {KOTA: store_figures(kota, demo.selesai)}


def test_with_postgresql_an_import_reaches_a_replica_that_shares_no_file(
    province, simulated, capsys, postgres, monkeypatch, tmp_path
):
    """The command line's import publishes to PostgreSQL too; a replica in a folder of its own (its copy of the
    marts and of the store) shows the import's figures on its next refresh."""
    monkeypatch.setenv("PANTAU_POSTGRES", postgres)
    export = simulated[KOTA]["csv"][0]
    status, _, err = run(capsys, "ingest", str(export))
    assert status == 0, err
    # the replica: the same deployment, another folder (its copy lives beside its own published folder)
    environ = {**province_env(tmp_path), "PANTAU_POSTGRES": postgres}
    cfg = config.read(environ={**environ, "PANTAU_TERBIT": str(tmp_path / "replika-a" / "terbit")})
    root = replica.published_root(cfg)
    assert root is not None and not root.is_relative_to(tmp_path / "terbit")
    kota = province.for_kabupaten(KOTA)
    snapshot = replica.store_path(cfg, KOTA)
    assert snapshot != kota.store_path and snapshot.is_relative_to(tmp_path / "replika-a")
    for day in days(province):
        own = store_figures(kota, day)
        with read.ProvinceReader(root) as reader:
            ranked = reader.peringkat(day)
        assert {r["kode_kab"]: {f: r[f] for f in FIGURES} for r in ranked.iter_rows(named=True)} == {KOTA: own}
        # the replica's store snapshot answers the kabupaten pages with the importer's figures
        assert store_figures(dataclasses.replace(kota, store_path=snapshot), day) == own


@pytest.mark.slow
def test_a_replica_without_the_store_offers_no_upload_and_creates_none(
    monkeypatch, province, simulated, postgres, tmp_path
):
    """With PostgreSQL, a dashboard replica reads copies of what was published: its upload page says where changes
    are made instead of starting a second store of the kabupaten beside the importer's."""
    from sensus.auth import users
    from tests.apptest import TEST_PASSWORD, open_dashboard

    monkeypatch.setenv("PANTAU_POSTGRES", postgres)
    # the importer loads Kota Yogyakarta's targets and publishes them (to PostgreSQL too)
    assert main(["targets", str(simulated[KOTA]["targets"])]) == 0
    # the replica: a folder of its own, no store in it
    replica_store = tmp_path / "replika" / "{kabupaten}.duckdb"
    monkeypatch.setenv("PANTAU_TERBIT", str(tmp_path / "replika" / "terbit"))
    monkeypatch.setenv("PANTAU_KABUPATEN", KOTA)
    monkeypatch.setenv("PANTAU_STORE", str(replica_store))
    cfg = config.read()
    # the operator of Kota Yogyakarta, in PostgreSQL where every replica reads its users
    users.add("uji-operator", ["operator"], None, TEST_PASSWORD, cfg.auth.users, region=cfg.wilayah,
              kabupaten=KOTA, provinsi="34")  # fmt: skip
    app = open_dashboard(monkeypatch, str(replica_store), "unggah", role="operator")
    assert not app.exception
    assert i18n.t("replika_hanya_baca", "id").split("{")[0] in " ".join(i.value for i in app.info)
    assert not list(app.get("file_uploader"))
    assert not cfg.store_path.exists()
    # the importer's own store is where the targets are
    assert province.for_kabupaten(KOTA).store_path.exists()
