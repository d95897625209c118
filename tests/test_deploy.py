"""The deployment files: the importer's folder watcher, and the compose file's shape (no container runs here)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sensus.core.scope import KABUPATEN
from sensus.store import database, reports
from tests import fixtures

pytestmark = pytest.mark.slow  # servers or command-line subprocesses

ROOT = Path(__file__).resolve().parent.parent


def watch_once(inbox: Path, store_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "deploy" / "watch_imports.py"), str(inbox), "--once"],
        env={**os.environ, "PANTAU_STORE": str(store_path)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_watcher_imports_a_dropped_export_and_moves_it_to_done(tmp_path):
    exports = fixtures.write_exports(tmp_path / "exports")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    exports["export_1"].rename(inbox / exports["export_1"].name)
    (inbox / ".half_copied.csv").write_text("id_submisi\n")  # still being written: left alone
    store_path = tmp_path / "sensus.duckdb"

    done = watch_once(inbox, store_path)

    assert done.returncode == 0, done.stderr
    moved = list((inbox / "done").glob("*_export_2020-03-06.csv"))
    assert len(moved) == 1
    assert "export_2020-03-06.csv" in moved[0].with_name(moved[0].name + ".log").read_text()
    assert sorted(p.name for p in inbox.iterdir() if p.is_file()) == [".half_copied.csv"]
    con = database.connect_reader(store_path)
    assert reports.status_data(con, scope=KABUPATEN)["jumlah_submisi"] > 0


def test_the_watcher_moves_a_refused_file_to_failed_with_the_reason(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "bukan_ekspor.csv").write_text("nama,alamat\nSiti,Blora\n")

    done = watch_once(inbox, tmp_path / "sensus.duckdb")

    assert done.returncode == 1
    (log,) = (inbox / "failed").glob("*_bukan_ekspor.csv.log")
    assert "id_submisi" in log.read_text()  # the reason names the missing columns
    assert not (inbox / "done").exists()


def test_compose_runs_replicas_behind_the_proxy_and_one_importer():
    yaml = pytest.importorskip("yaml")
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert services["app"]["deploy"]["replicas"] >= 2
    assert services["app"]["environment"]["PANTAU_STORE"].startswith("/data/")
    assert "watch_imports.py" in " ".join(services["importer"]["command"])
    assert "deploy" not in services["importer"]  # one writer
    assert any("nginx.conf" in volume for volume in services["proxy"]["volumes"])
    assert services["app"]["volumes"] == services["importer"]["volumes"] == ["pantau-data:/data"]
