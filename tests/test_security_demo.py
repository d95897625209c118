"""Demo and real data never mix: a store is born demo or real; real exports, targets, events and users never go
into a demo store; the demo is built only where and when it is asked for; one-click users only on a demo store."""

import hashlib
import io
from contextlib import redirect_stderr

import pytest

from sensus.__main__ import main
from sensus.auth import sessions, users
from sensus.core import config, i18n
from sensus.core.paths import ROOT
from sensus.ingest import batches
from sensus.ingest.sources import ImportRefused
from sensus.store import database
from tests import fixtures
from tests.apptest import open_dashboard, use_users_file

pytestmark = pytest.mark.slow  # every test renders pages with AppTest

PASSWORD = "sandi-yang-cukup-panjang"
CFG = fixtures.CFG


@pytest.fixture
def demo_copy(demo_store, tmp_path):
    return fixtures.copy_store(demo_store, tmp_path / "demo")


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    return fixtures.write_exports(tmp_path_factory.mktemp("exports"))


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(*argv) -> tuple[int, str]:
    stderr = io.StringIO()
    with redirect_stderr(stderr):
        status = main([str(a) for a in argv])
    return status, stderr.getvalue()


def test_the_demo_store_is_born_a_demo_and_a_fixture_store_is_real(demo_store, fixture_store):
    assert database.is_demo_store(demo_store)
    assert not database.is_demo_store(fixture_store[0])
    con = database.connect_reader(demo_store)
    # the marker is in the store's first version: every batch, the first targets included, went into a demo
    first = con.sql("select min(impor_id) from impor").fetchall()[0][0]
    assert database.read_meta(con)["demo"] == "true" and first == 1
    con.close()


@pytest.mark.parametrize(("command", "export"), [("ingest", "export_1"), ("targets", "targets"), ("events", "events")])
def test_a_real_import_into_the_demo_store_is_refused_with_what_to_do(demo_copy, exports, command, export):
    before = digest(demo_copy)
    status, stderr = run("--store", demo_copy, command, exports[export])
    assert status == 1
    assert stderr.strip() == i18n.t("penyimpanan_demo", "id", berkas=exports[export].name)
    assert "PANTAU_DEMO" in stderr and "--store" in stderr and "\n" not in stderr.strip()
    assert digest(demo_copy) == before


def test_an_upload_and_its_dry_run_into_the_demo_store_are_refused(demo_copy, exports):
    before = digest(demo_copy)
    for attempt in (
        lambda: batches.dry_run(exports["export_1"], demo_copy, cfg=CFG),
        lambda: batches.ingest("submisi", exports["export_1"], demo_copy, "demo-operator", cfg=CFG),
    ):
        with pytest.raises(ImportRefused) as refused:
            attempt()
        assert refused.value.code == "penyimpanan_demo"
    assert digest(demo_copy) == before


def test_the_same_export_goes_into_a_real_store(fixture_store, exports, tmp_path):
    real = fixtures.copy_store(fixture_store[0], tmp_path / "nyata")
    extra = tmp_path / "tambahan.csv"
    extra.write_text("id_submisi,kode_desa,waktu_submit,jumlah_art\nZ1,3316012001,2020-03-01 10:00,3\n")
    status, stderr = run("--store", real, "ingest", extra)
    assert status == 0, stderr


def test_users_are_not_added_while_the_configured_store_is_a_demo(monkeypatch, demo_copy, tmp_path):
    use_users_file(monkeypatch, tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    status, stderr = run("--store", demo_copy, "users", "add", "bu-kepala", "--role", "pimpinan", "--password-stdin")
    assert status == 1 and "demo" in stderr and "PANTAU_DEMO" in stderr
    assert users.get("bu-kepala", config.read().auth.users_path) is None
    # with the demo switched on, whatever store is named
    monkeypatch.setenv("PANTAU_DEMO", "1")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    status, _ = run("--store", tmp_path / "baru.duckdb", "users", "add", "bu-kepala", "--role", "pimpinan")
    assert status == 1 and users.get("bu-kepala", config.read().auth.users_path) is None


def test_users_are_added_for_a_real_store_and_before_the_first_import(monkeypatch, fixture_store, tmp_path):
    use_users_file(monkeypatch, tmp_path)
    for store in (fixture_store[0], tmp_path / "belum-ada.duckdb"):
        name = "bu-kepala" if store.exists() else "pak-camat"
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        status, stderr = run("--store", store, "users", "add", name, "--role", "pimpinan")
        assert status == 0, stderr
        assert users.get(name, config.read().auth.users_path) is not None


def test_the_demo_is_never_built_over_a_real_store(fixture_store, tmp_path):
    real = fixtures.copy_store(fixture_store[0], tmp_path / "nyata")
    before = digest(real)
    status, stderr = run("--store", real, "demo")
    assert status == 1 and "demo" in stderr
    assert digest(real) == before and not database.is_demo_store(real)


def test_the_demo_has_a_store_of_its_own(monkeypatch):
    monkeypatch.delenv("PANTAU_STORE", raising=False)
    monkeypatch.delenv("PANTAU_DEMO", raising=False)
    real = config.read()
    monkeypatch.setenv("PANTAU_DEMO", "1")
    demo = config.read()
    assert not real.demo and demo.demo
    assert demo.store_path == demo.demo_store_path == real.demo_store_path != real.store_path


def test_a_real_deployment_without_a_store_says_so_and_builds_no_demo(monkeypatch, tmp_path):
    monkeypatch.delenv("PANTAU_DEMO", raising=False)
    store = tmp_path / "baru" / "sensus.duckdb"
    app = open_dashboard(monkeypatch, store, role=None)
    assert not app.exception
    assert not store.exists() and not list(tmp_path.rglob("*.duckdb"))
    assert app.title[0].value == i18n.t("belum_ada_data_judul")
    assert "python -m sensus ingest" in app.info[0].value
    # no sign-in form, no one-click users
    assert not app.button and not app.text_input


def test_one_click_users_only_on_a_demo_store(monkeypatch, demo_copy, fixture_store, tmp_path):
    use_users_file(monkeypatch, tmp_path)
    demo = open_dashboard(monkeypatch, demo_copy, role=None)
    assert [b.key for b in demo.button if b.key.startswith("demo_")]
    real = open_dashboard(monkeypatch, fixture_store[0], role=None)
    assert not [b.key for b in real.button if (b.key or "").startswith("demo_")]
    # a cookie claiming a demo user is refused on a real store
    cfg = config.read()
    token = sessions.issue("demo-admin", cfg.auth)
    assert sessions.read(token, database.is_demo_store(fixture_store[0]), cfg.auth, kode_kab=cfg.kode_kab) is None


def test_the_containers_are_a_real_deployment():
    import yaml

    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    assert compose["services"]["app"]["environment"]["PANTAU_DEMO"] == "0"
    instructions = [line for line in (ROOT / "Dockerfile").read_text().splitlines() if "#" not in line]
    assert not [line for line in instructions if "PANTAU_DEMO" in line]
    for unit in ("pantau@.service", "pantau-import.service"):
        assert "Environment=PANTAU_DEMO=0" in (ROOT / "deploy" / unit).read_text().splitlines()
