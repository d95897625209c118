"""The Unggah page as an operator uses it (AppTest): scope on every step, what it says after Simpan and after an
undo, and the upload never left on disk (sensus.app.views.upload)."""

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from sensus.app.views import upload
from sensus.core.scope import Scope
from sensus.ingest import batches
from tests import fixtures
from tests.apptest import open_dashboard
from tests.fixtures import CFG, base_store

pytestmark = pytest.mark.slow  # every test renders pages with AppTest

ROOT = Path(__file__).resolve().parents[1]
CEPU = "33.16.05"


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    return fixtures.write_exports(tmp_path_factory.mktemp("exports"))


def texts(app) -> str:
    parts = [e.value for kind in ("success", "info", "warning", "error", "caption", "markdown") for e in app.get(kind)]
    return "\n".join(str(p) for p in parts)


def undo_labels(app) -> list[str]:
    """The undo list as shown: '#4 · submisi · file · who'."""
    return list(app.selectbox[0].options) if app.selectbox else []


def undo_options(app) -> list[int]:
    return [int(label.split(" ")[0].lstrip("#")) for label in undo_labels(app)]


def confirm(app):
    return next(box for box in app.checkbox if box.label.startswith("Saya yakin"))


def upload_file(app, path: Path):
    app.file_uploader(key="unggah_berkas").set_value((path.name, path.read_bytes(), "text/csv"))
    return app.run()


def cepu_file(export: Path, folder: Path) -> Path:
    out = folder / "cepu_saja.csv"
    pl.read_csv(export, infer_schema=False).filter(pl.col("kode_desa").str.starts_with(CEPU)).write_csv(out)
    return out


def leftovers(store: Path) -> list[Path]:
    folder = upload.upload_folder(store)
    return sorted(p for p in folder.rglob("*")) if folder.exists() else []


def test_a_bound_operator_is_offered_only_their_own_imports(monkeypatch, tmp_path, exports):
    store = base_store(tmp_path, exports)
    kabupaten = batches.ingest_submissions(exports["export_1"], store, "operator-kabupaten", cfg=CFG)
    own = batches.ingest_submissions(
        cepu_file(exports["export_2"], tmp_path), store, "operator-cepu", scope=Scope(CEPU), cfg=CFG
    )
    app = open_dashboard(monkeypatch, store, "unggah", role="operator", kecamatan=CEPU)
    assert not app.exception
    assert undo_options(app) == [own.impor_id]
    assert not any("export_2020-03-06" in label or "operator-kabupaten" in label for label in undo_labels(app))
    assert kabupaten.impor_id not in undo_options(app)


def test_a_bound_operators_upload_of_a_kabupaten_file_is_refused_with_the_reason(monkeypatch, tmp_path, exports):
    store = base_store(tmp_path, exports)
    app = open_dashboard(monkeypatch, store, "unggah", role="operator", kecamatan=CEPU)
    app = upload_file(app, exports["export_1"])
    assert not app.exception
    assert [e.value for e in app.error] and "di luar kecamatan Anda" in app.error[0].value
    assert not [b for b in app.button if b.label == "Simpan"]
    assert leftovers(store) == []


def test_after_simpan_the_page_shows_what_was_stored_not_the_dry_run(monkeypatch, tmp_path, exports):
    store = base_store(tmp_path, exports)
    app = upload_file(open_dashboard(monkeypatch, store, "unggah", role="operator"), exports["export_1"])
    assert not app.exception
    assert "Belum ada yang disimpan." in texts(app)
    assert leftovers(store) == [], "the dry run left the upload on disk"
    next(b for b in app.button if b.label == "Simpan").click()
    app.run()
    assert not app.exception
    shown = texts(app)
    assert "Tersimpan." in shown and "Belum ada yang disimpan." not in shown
    assert not [b for b in app.button if b.label == "Simpan"], "nothing is left to save"
    assert not app.dataframe, "no dry-run table of the file once saved"
    assert leftovers(store) == []


def test_an_undo_says_removed_and_clears_the_form(monkeypatch, tmp_path, exports):
    store = base_store(tmp_path, exports)
    first = batches.ingest_submissions(exports["export_1"], store, "operator", cfg=CFG)
    app = open_dashboard(monkeypatch, store, "unggah", role="operator")
    app.selectbox[0].set_value(first.impor_id)
    confirm(app).check()
    next(b for b in app.button if b.label.startswith("Batalkan")).click()
    app.run()
    assert not app.exception
    message = [s.value for s in app.success]
    # every row of the first export was new: removed, none restored
    assert message == [f"Impor #{first.impor_id} dibatalkan: {first.submisi_baru} submisi dihapus."]
    assert first.impor_id not in undo_options(app)
    assert confirm(app).value is False


def test_an_undo_of_an_update_says_how_many_were_restored(tmp_path, exports):
    store = base_store(tmp_path, exports)
    batches.ingest_submissions(exports["export_1"], store, "operator", cfg=CFG)
    second = batches.ingest_submissions(exports["export_2"], store, "operator", cfg=CFG)
    done = batches.undo(second.impor_id, "operator", store, cfg=CFG)
    restored = second.diperbarui + second.sama
    assert done.dipulihkan == restored and done.n - done.dipulihkan == second.submisi_baru
    assert done.message("en", second.impor_id) == (
        f"Import #{second.impor_id} undone: {second.submisi_baru} submissions removed, {restored} submissions "
        "restored to their earlier values."
    )


def private(path: Path) -> bool:
    return not stat.S_IMODE(path.stat().st_mode) & 0o077


SAVE_AND_HANG = """
import sys, threading
from pathlib import Path
from sensus.app.views import upload

class Uploaded:
    name = "ekspor_dengan_nik.csv"
    def getbuffer(self):
        return Path(sys.argv[2]).read_bytes()

with upload.upload_on_disk(Uploaded(), Path(sys.argv[1])):
    print("saved", flush=True)
    threading.Event().wait()  # the import running when the server is killed
"""


def test_kill_9_during_a_save_leaves_no_readable_file_and_the_next_start_removes_it(tmp_path, exports):
    store = tmp_path / "sensus.duckdb"
    # an older folder, as Pantau left it: readable by everyone
    upload.upload_folder(store).mkdir(mode=0o755)
    os.chmod(upload.upload_folder(store), 0o755)
    process = subprocess.Popen(
        [sys.executable, "-c", SAVE_AND_HANG, str(store), str(exports["export_1"])],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "saved"  # the file is on disk now
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    left = leftovers(store)
    assert left, "the killed save left its folder (the sweep below is what removes it)"
    assert private(upload.upload_folder(store))
    assert all(private(path) for path in left)
    upload.sweep_leftovers(store)
    assert leftovers(store) == []


def test_a_failed_write_leaves_nothing(tmp_path):
    store = tmp_path / "sensus.duckdb"

    class Failing:
        name = "ekspor.csv"

        def getbuffer(self):
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError), upload.upload_on_disk(Failing(), store):
        pass
    assert leftovers(store) == []


def test_a_long_name_keeps_its_extension():
    assert upload._safe_name("a" * 300 + ".xlsx").endswith(".xlsx")
    assert len(upload._safe_name("a" * 300 + ".xlsx")) == 120


def test_the_sweep_keeps_a_running_save_and_removes_one_whose_pid_was_reused(tmp_path):
    store = tmp_path / "sensus.duckdb"
    folder = upload.upload_folder(store)
    running = folder / f"{upload._owner_tag()}-aaaa"
    # pid 1 is alive, but it is not the process that started this save (a restarted container's new server)
    reused = folder / f"1-{int(upload._started(1)) + 1}-bbbb"
    for path in (running, reused, folder / "tanpa-pemilik"):
        path.mkdir(parents=True)
        (path / "ekspor.csv").write_text("id_submisi\n")
    upload.sweep_leftovers(store)
    assert sorted(p.name for p in folder.iterdir()) == [running.name]


def test_the_demo_store_offers_no_upload_and_says_where_real_exports_go(monkeypatch, demo_store):
    """The demo refuses every real export (batches.refuse_into_demo): the page says so instead of offering one."""
    app = open_dashboard(monkeypatch, demo_store, "unggah", role="operator")
    assert not app.exception
    assert "PANTAU_DEMO" in texts(app)
    with pytest.raises(KeyError):
        app.file_uploader(key="unggah_berkas")


def test_a_killed_saves_leftover_goes_at_the_first_run_of_any_page(monkeypatch, fixture_store, tmp_path):
    """Not only when someone opens Unggah: the overview's first run in a new server process sweeps it."""
    store = fixtures.copy_store(fixture_store[0], tmp_path / "store")
    dead = upload.upload_folder(store) / "999999999-0-cccc"
    dead.mkdir(parents=True)
    (dead / "ekspor.csv").write_text("id_submisi,nama\nA1,Siti\n")
    upload.swept_at_start.cache_clear()
    app = open_dashboard(monkeypatch, store, "ringkasan", role="pimpinan")
    assert not app.exception
    assert not dead.exists()
