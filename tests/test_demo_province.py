"""The province demo (sensus.demo.province): every kabupaten/kota of a province gets a demo store built through the real
import path and a published version whose figures are the store's own; a second run builds nothing; a kabupaten that
fails is named, the others are whole, and the next run completes it. DI Yogyakarta (34, five kabupaten/kota) keeps
it fast: the province is built once for the module, and tests that change it work on a copy."""

import io
import os
import shutil
import sys
import types
from datetime import date
from pathlib import Path

import pytest

from sensus.core import config, paths
from sensus.core.scope import Scope
from sensus.demo import builder, province
from sensus.ingest import importer
from sensus.province import read, versions
from sensus.store import database, reports

DIY = ("34.01", "34.02", "34.03", "34.04", "34.71")
ENVIRON = {"PANTAU_PROVINSI": "34", "PANTAU_DEMO": "1"}


def deployment(folder: Path, environ=ENVIRON) -> config.Config:
    """The repository's pantau.toml read from `folder`: every store and published file lands under it."""
    toml = folder / "pantau.toml"
    if not toml.exists():
        shutil.copyfile(paths.PANTAU_TOML, toml)
    return config.read(toml, environ=environ)


def files_state(cfg: config.Config) -> dict[str, tuple[int, int]]:
    """(mtime, inode) of every store and CURRENT: a rebuild or a new publish changes them."""
    watched = [cfg.for_kabupaten(kode).store_path for kode in cfg.daftar_kabupaten]
    watched += [cfg.terbit_path / kode / versions.CURRENT for kode in cfg.daftar_kabupaten]
    return {str(path): (path.stat().st_mtime_ns, path.stat().st_ino) for path in watched}


def leftovers(cfg: config.Config) -> list[str]:
    """Hidden files beside the demo stores: a build's drafts, salts or writer copies."""
    return sorted(p.name for p in (cfg.root / "data" / "demo").iterdir() if p.name.startswith("."))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """DI Yogyakarta's demo built from nothing by two worker processes, with every stage report and progress line."""
    cfg = deployment(tmp_path_factory.mktemp("diy"))
    stages, lines = [], []
    result = province.ensure(cfg, stage=lambda *a, **kw: stages.append((*a, kw)), progress=lines.append, workers=2)
    return cfg, result, stages, lines


def test_the_province_builds_every_store_and_publishes_each(built):
    cfg, result, _, lines = built
    assert cfg.daftar_kabupaten == DIY
    assert result.is_whole and sorted(result.built) == list(DIY)
    assert result.published == dict.fromkeys(DIY, 1)
    for kode in DIY:
        store = cfg.for_kabupaten(kode).store_path
        assert store.parent == cfg.root / "data" / "demo" and database.is_demo_store(store)
        assert versions.current_version(cfg.terbit_path, kode) == 1
    assert versions.problems(cfg.terbit_path) == []
    assert province.missing(cfg) == () and province.due(cfg) == ()
    assert len(lines) == 1 + len(DIY) and "Kota Yogyakarta" in "".join(lines)
    # no build's leftovers beside the stores
    assert leftovers(cfg) == []


def test_the_stages_count_the_kabupaten_done_and_name_the_last(built):
    cfg, _, stages, _ = built
    assert stages[0] == ("mulai", 0.0, {"n": 0, "total": 5})
    assert [name for name, *_ in stages[1:]] == ["kabupaten"] * 5
    assert [share for _, share, _ in stages] == [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert [values["n"] for *_, values in stages[1:]] == [1, 2, 3, 4, 5]
    names = {cfg.for_kabupaten(kode).nama_kab for kode in DIY}
    assert {values["nama_kab"] for *_, values in stages[1:]} == names


@pytest.mark.parametrize("day", [date(2020, 2, 20), date(2020, 3, 31)])
def test_the_summary_holds_each_store_own_totals(built, day):
    cfg, *_ = built
    with read.ProvinceReader(cfg.terbit_path) as reader:
        ranked = reader.peringkat(day)
    assert sorted(ranked["kode_kab"]) == list(DIY)
    for kode in DIY:
        kabupaten = cfg.for_kabupaten(kode)
        con = database.connect_reader(kabupaten.store_path, region=kabupaten.wilayah)
        try:
            own = reports.capaian(
                con, day, "kabupaten", scope=Scope.of_server(None, kabupaten.wilayah), region=kabupaten.wilayah
            ).row(0, named=True)
        finally:
            con.close()
        published = ranked.filter(ranked["kode_kab"] == kode).row(0, named=True)
        assert own["kk_respon"] > 0
        for column in ("kk_target", "penduduk_target", "kk_respon", "penduduk_respon", "kk_clean"):
            assert published[column] == own[column], (kode, column)


def test_a_second_ensure_builds_and_publishes_nothing(built):
    cfg, *_ = built
    before = files_state(cfg)
    stages = []
    result = province.ensure(cfg, stage=lambda *a, **kw: stages.append((*a, kw)), progress=lambda _: None)
    assert result == province.EnsureResult()
    assert stages == [("mulai", 1.0, {"n": 5, "total": 5})]
    assert files_state(cfg) == before


def copy_province(cfg: config.Config, folder: Path) -> config.Config:
    shutil.copytree(cfg.root, folder)
    return deployment(folder)


def test_a_failing_kabupaten_is_named_the_others_are_whole_and_the_next_ensure_completes_it(
    built, tmp_path, monkeypatch
):
    cfg = copy_province(built[0], tmp_path / "diy")
    for kode in ("34.02", "34.71"):
        cfg.for_kabupaten(kode).store_path.unlink()
        shutil.rmtree(cfg.terbit_path / kode)
    assert province.missing(cfg) == ("34.02", "34.71")
    real_load = importer.load_submissions
    bantul_loads = []

    def load_failing_for_bantul(export, store_path, **kwargs):
        # Bantul's build fails halfway: its targets and first two exports went in, the third fails
        if "34.02" in store_path.name:
            bantul_loads.append(export.name)
            if len(bantul_loads) == 3:
                raise OSError("disk full (simulated)")
        return real_load(export, store_path, **kwargs)

    monkeypatch.setattr(importer, "load_submissions", load_failing_for_bantul)
    lines = []
    result = province.ensure(cfg, progress=lines.append, workers=1)
    assert result.built == ("34.71",) and result.published == {"34.71": 1}
    assert result.failed == {"34.02": "OSError: disk full (simulated)"}
    assert any("Kabupaten Bantul (34.02)" in line and "disk full" in line for line in lines)
    assert len(bantul_loads) == 3
    # Bantul left nothing half-built; every other kabupaten is whole and published
    assert not cfg.for_kabupaten("34.02").store_path.exists()
    assert leftovers(cfg) == []
    assert versions.problems(cfg.terbit_path) == []
    with read.ProvinceReader(cfg.terbit_path) as reader:
        assert sorted(reader.snapshot) == ["34.01", "34.03", "34.04", "34.71"]
    assert province.missing(cfg) == ("34.02",)

    monkeypatch.setattr(importer, "load_submissions", real_load)
    result = province.ensure(cfg, progress=lambda _: None, workers=1)
    assert result.built == ("34.02",) and result.published == {"34.02": 1} and result.is_whole
    assert province.missing(cfg) == () and versions.problems(cfg.terbit_path) == []


def test_a_store_newer_than_its_published_version_is_published_again_not_rebuilt(built, tmp_path):
    cfg = copy_province(built[0], tmp_path / "diy")
    kota = cfg.for_kabupaten("34.71")
    # an import that finished but whose publish was killed: the store moved on, CURRENT did not
    with database.open_writer(kota.store_path, kota):
        pass
    (cfg.terbit_path / "34.01" / versions.CURRENT).unlink()  # a publish killed before its first switch
    assert province.missing(cfg) == ("34.01",)
    assert province.due(cfg) == ("34.01", "34.71")
    store_state = {kode: cfg.for_kabupaten(kode).store_path.stat().st_mtime_ns for kode in DIY}
    result = province.ensure(cfg, progress=lambda _: None, workers=2)
    # 34.01: its v1 was never named by a CURRENT, so the publish clears it and writes v1 anew
    assert result.built == () and result.published == {"34.01": 1, "34.71": 2}
    assert {kode: cfg.for_kabupaten(kode).store_path.stat().st_mtime_ns for kode in DIY} == store_state
    assert province.due(cfg) == () and versions.problems(cfg.terbit_path) == []


def die_building_gunungkidul(cfg, kode, seed, rebuild):
    """A worker's job whose process dies outright (no cleanup runs) halfway through Gunungkidul's build, after its
    second export went in. Module level: the worker process imports it."""
    if kode == "34.03":
        real_load = importer.load_submissions
        loads = []

        def load_then_die(export, store_path, **kwargs):
            loads.append(export)
            if len(loads) == 3:
                os._exit(9)
            return real_load(export, store_path, **kwargs)

        importer.load_submissions = load_then_die  # in the worker process only, which dies
    return province.build_kabupaten(cfg, kode, seed, rebuild)


def test_a_killed_worker_is_reported_and_the_next_ensure_completes_the_province(built, tmp_path):
    cfg = copy_province(built[0], tmp_path / "diy")
    for kode in DIY:
        shutil.rmtree(cfg.terbit_path / kode)
    (cfg.terbit_path / versions.SUMMARY).unlink()
    cfg.for_kabupaten("34.03").store_path.unlink()
    lines = []
    result = province.ensure(cfg, progress=lines.append, workers=2, job=die_building_gunungkidul)
    # the pool breaks: Gunungkidul and whatever had not finished yet are reported, by name, never lost
    assert "34.03" in result.failed and set(result.published) | set(result.failed) == set(DIY)
    assert all("BrokenProcessPool" in reason for reason in result.failed.values())
    assert any("Kabupaten Gunungkidul (34.03)" in line for line in lines)
    assert versions.problems(cfg.terbit_path) == []  # what was published is whole
    assert not cfg.for_kabupaten("34.03").store_path.exists()
    assert any(name.startswith(".34.03-demo-") for name in leftovers(cfg))  # the dead build's draft
    failed_first = set(result.failed)
    result = province.ensure(cfg, progress=lambda _: None, workers=2)
    assert result.is_whole and result.built == ("34.03",) and set(result.published) == failed_first
    assert province.due(cfg) == () and versions.problems(cfg.terbit_path) == []
    assert leftovers(cfg) == []  # the next build of the store removed the dead one's draft
    with read.ProvinceReader(cfg.terbit_path) as reader:
        assert sorted(reader.peringkat(date(2020, 3, 31))["kode_kab"]) == list(DIY)


def test_the_command_line_reports_and_refuses_a_province_without_the_demo(built, tmp_path):
    cfg = built[0]
    out = io.StringIO()
    assert province.run_cli(cfg, out=out) == 0
    assert "0 dari 5" in out.getvalue() and "Demo provinsi siap: 5 kabupaten/kota" in out.getvalue()
    real = deployment(tmp_path, environ={"PANTAU_PROVINSI": "34"})
    out = io.StringIO()
    assert province.run_cli(real, out=out, bahasa="en") == 2
    assert "PANTAU_DEMO=1" in out.getvalue()
    assert province.ensure(real, progress=lambda _: None) == province.EnsureResult()
    assert not (tmp_path / "data").exists()


def test_a_single_region_deployment_is_left_alone(tmp_path):
    cfg = deployment(tmp_path, environ={"PANTAU_DEMO": "1", "PANTAU_KABUPATEN": "34.71"})
    assert not cfg.is_province
    assert province.missing(cfg) == () and province.due(cfg) == ()
    assert province.ensure(cfg, progress=lambda _: None) == province.EnsureResult()
    assert not (tmp_path / "data").exists()


def test_builder_ensure_passes_the_seed_on(tmp_path, monkeypatch):
    seen = []
    monkeypatch.setattr(builder, "build", lambda path, cfg, **kwargs: seen.append(kwargs["seed"]))
    cfg = deployment(tmp_path, environ={"PANTAU_DEMO": "1"})
    assert builder.ensure(tmp_path / "x.duckdb", cfg, progress=lambda _: None, seed=7)
    assert seen == [7]


@pytest.mark.slow  # renders the dashboard with AppTest
def test_the_first_visit_builds_what_is_missing_behind_one_bar_then_draws_the_pages(built, tmp_path, monkeypatch):
    from sensus.app import first_start
    from tests.apptest import open_dashboard

    cfg = copy_province(built[0], tmp_path / "diy")
    cfg.for_kabupaten("34.71").store_path.unlink()
    shutil.rmtree(cfg.terbit_path / "34.71")
    monkeypatch.setattr(paths, "PANTAU_TOML", cfg.root / "pantau.toml")
    for name, value in ENVIRON.items():
        monkeypatch.setenv(name, value)
    shown = []
    real_text = first_start.province_progress_text

    def recorded_text(name, **values):
        shown.append(real_text(name, **values))
        return shown[-1]

    monkeypatch.setattr(first_start, "province_progress_text", recorded_text)
    app = open_dashboard(monkeypatch, cfg.root / "data" / "demo" / "{kabupaten}.duckdb")
    assert shown == [
        "Membangun demo provinsi: 4 dari 5 kabupaten/kota",
        "Membangun demo provinsi: 5 dari 5 kabupaten/kota · Kota Yogyakarta",
    ]
    assert not app.exception and not app.get("progress") and not app.error
    assert province.missing(cfg) == () and versions.current_version(cfg.terbit_path, "34.71") == 1
    # the next visit builds nothing: no bar, the same store
    before = files_state(cfg)
    shown.clear()
    app.run()
    assert shown == [] and not app.exception and files_state(cfg) == before


@pytest.mark.slow  # renders the dashboard with AppTest
def test_a_first_visit_whose_build_fails_names_the_kabupaten_and_stays(built, tmp_path, monkeypatch):
    from tests.apptest import open_dashboard

    cfg = copy_province(built[0], tmp_path / "diy")
    cfg.for_kabupaten("34.71").store_path.unlink()
    monkeypatch.setattr(paths, "PANTAU_TOML", cfg.root / "pantau.toml")
    for name, value in ENVIRON.items():
        monkeypatch.setenv(name, value)
    calls = []

    def failing_ensure(cfg, **kwargs):
        calls.append(cfg.daftar_kabupaten)
        return province.EnsureResult(failed={"34.71": "OSError: disk full"})

    monkeypatch.setattr(province, "ensure", failing_ensure)
    app = open_dashboard(monkeypatch, cfg.root / "data" / "demo" / "{kabupaten}.duckdb")
    assert calls == [DIY] and not app.exception and not app.get("progress")
    assert [e.value for e in app.error] == [
        "Demo provinsi belum lengkap: data demo Kota Yogyakarta gagal dibangun. Muat ulang halaman untuk mencoba "
        "lagi; yang sudah jadi tidak dibangun ulang."
    ]
    assert "disk full" not in repr(app.main)  # the reason goes to the server's log, not to the viewer


def test_workers_start_without_running_the_callers_main_script(built, tmp_path, monkeypatch):
    # under Streamlit, __main__ is the dashboard script: a spawned worker that ran it again would die
    script = tmp_path / "dashboard_like.py"
    script.write_text("raise SystemExit('a worker ran the main script')\n")
    main = types.ModuleType("__main__")
    main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", main)
    cfg = copy_province(built[0], tmp_path / "diy")
    for kode in ("34.02", "34.71"):
        (cfg.terbit_path / kode / versions.CURRENT).unlink()
    result = province.ensure(cfg, progress=lambda _: None, workers=2)
    assert result.is_whole and set(result.published) == {"34.02", "34.71"}
    assert sys.modules["__main__"] is main


def test_rebuild_builds_every_store_anew_with_the_same_figures(built, tmp_path):
    cfg = copy_province(built[0], tmp_path / "diy")
    with read.ProvinceReader(cfg.terbit_path) as reader:
        before = reader.peringkat(date(2020, 3, 31)).drop("versi")
    inodes = {kode: cfg.for_kabupaten(kode).store_path.stat().st_ino for kode in DIY}
    out = io.StringIO()
    assert province.run_cli(cfg, rebuild=True, out=out, bahasa="en") == 0
    assert "5 of 5 regencies/cities to build or publish" in out.getvalue()
    assert out.getvalue().count(": built, published as version 2") == 5
    # every store was replaced by a new file; the same seed simulates the same census
    assert all(cfg.for_kabupaten(kode).store_path.stat().st_ino != inodes[kode] for kode in DIY)
    with read.ProvinceReader(cfg.terbit_path) as reader:
        assert reader.snapshot == dict.fromkeys(DIY, 2)
        assert reader.peringkat(date(2020, 3, 31)).drop("versi").equals(before)
