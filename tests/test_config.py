"""The configuration object: one builder, the environment over the file, and no module below the composition roots
reading a setting on its own."""

import ast
from datetime import date
from pathlib import Path

import pytest

from sensus.core import config, paths
from sensus.core.wilayah_indonesia import WilayahTidakDikenal

TOML = """
[wilayah]
kabupaten = "33.74"

[jendela]
mulai = 2020-02-15
selesai = 2020-03-31

[target]
persen = 22.9

[store]
path = "store/{kabupaten}.duckdb"
demo_path = "demo/{kabupaten}.duckdb"

[auth]
users = "secrets/users.json"
gagal_maks = 3

[impor]
baris_ditolak_maks = 7
"""


@pytest.fixture
def toml(tmp_path: Path) -> Path:
    path = tmp_path / "pantau.toml"
    path.write_text(TOML, encoding="utf-8")
    return path


def test_the_file_sets_region_window_paths_and_limits(toml: Path):
    cfg = config.read(toml, environ={})
    assert (cfg.kode_kab, cfg.nama_kab, cfg.wilayah.is_kota, cfg.wilayah.nama_prov) == (
        "33.74",
        "Kota Semarang",
        True,
        "Jawa Tengah",
    )
    assert cfg.window == (date(2020, 2, 15), date(2020, 3, 31)) and cfg.jumlah_hari == 46
    # paths are relative to the file's folder, and '{kabupaten}' is the region's code
    assert cfg.store_path == toml.parent / "store" / "33.74.duckdb"
    assert cfg.salt_path == toml.parent / "store" / "33.74.salt"
    assert cfg.auth.users_path == toml.parent / "secrets" / "users.json"
    assert cfg.auth.key_path == toml.parent / "secrets" / "users.key"
    assert (cfg.auth.max_failures, cfg.auth.lockout_minutes) == (3, 15)  # set, and a default
    assert cfg.impor.baris_ditolak_maks == 7 and cfg.impor.xlsx_mb_maks == 1_024
    assert not cfg.demo and cfg.kecamatan is None


def test_the_environment_overrides_the_file(toml: Path, tmp_path: Path):
    environ = {
        "PANTAU_KABUPATEN": "1171",  # as typed, without the dot
        "PANTAU_DEMO": "1",
        "PANTAU_USERS": str(tmp_path / "u.json"),
        "PANTAU_KECAMATAN": " 11.71.01 ",
        "PANTAU_MEMORY_LIMIT": "512MB",
    }
    cfg = config.read(toml, environ=environ)
    assert (cfg.kode_kab, cfg.nama_kab) == ("11.71", "Kota Banda Aceh")
    # the demo runs on the region's own demo store
    assert cfg.demo and cfg.store_path == cfg.demo_store_path == toml.parent / "demo" / "11.71.duckdb"
    assert cfg.auth.users_path == tmp_path / "u.json"
    assert cfg.kecamatan == "11.71.01" and cfg.memory_limit == "512MB"
    # PANTAU_STORE wins over the demo's path too
    assert config.read(toml, environ={**environ, "PANTAU_STORE": str(tmp_path / "x.duckdb")}).store_path == (
        tmp_path / "x.duckdb"
    )


def test_a_region_without_boundaries_has_no_maps_and_a_region_with_them_has_its_own(toml: Path):
    banda_aceh = config.read(toml, environ={"PANTAU_KABUPATEN": "11.71"})
    assert banda_aceh.peta_kecamatan is None and banda_aceh.peta_desa is None
    semarang = config.read(toml, environ={})
    assert semarang.peta_desa == paths.DATA / "batas" / "33.74" / "desa.geojson"
    assert semarang.peta_desa.is_file()


def test_an_unknown_region_is_refused_naming_it(toml: Path):
    with pytest.raises(WilayahTidakDikenal, match=r"'33\.99'"):
        config.read(toml, environ={"PANTAU_KABUPATEN": "33.99"})


def test_the_projects_own_file_serves_blora_by_default():
    cfg = config.read(paths.PANTAU_TOML, environ={})
    assert (cfg.kode_kab, cfg.nama_kab) == ("33.16", "Kabupaten Blora")
    assert cfg.demo_store_path == paths.DATA / "demo" / "33.16.duckdb"


# --- nothing below the composition roots reads configuration ------------------------------------------------------

# the modules that build the object and pass it down: the command line, and the app's one entry
COMPOSITION_ROOTS = {"sensus/__main__.py", "sensus/app/configured.py", "sensus/core/config.py"}
READERS = {("config", "load"), ("config", "read"), ("settings", "load"), ("bounds", "limits")}
CONSTANTS = {"KODE_KAB", "NAMA_KAB"}


def _stray_reads(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if (node.value.id, node.attr) in READERS or node.attr in CONSTANTS:
                found.append(f"{node.value.id}.{node.attr} (line {node.lineno})")
            if (node.value.id, node.attr) == ("os", "environ"):
                found.append(f"os.environ (line {node.lineno})")
        elif isinstance(node, ast.ImportFrom) and node.module == "sensus.core.config":
            found += [f"from config import {a.name} (line {node.lineno})" for a in node.names if a.name in CONSTANTS]
        elif isinstance(node, ast.Name) and node.id in CONSTANTS:
            found.append(f"{node.id} (line {node.lineno})")
    return found


def test_no_module_outside_the_composition_roots_reads_configuration():
    stray = {}
    for path in sorted((paths.ROOT / "sensus").rglob("*.py")):
        relative = path.relative_to(paths.ROOT).as_posix()
        if relative not in COMPOSITION_ROOTS and (reads := _stray_reads(path)):
            stray[relative] = reads
    assert stray == {}


def test_the_stray_read_finder_finds_each_kind(tmp_path: Path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\nfrom sensus.core import config\nfrom sensus.core.config import KODE_KAB\n"
        "a = config.load().mulai\nb = config.NAMA_KAB\nc = os.environ.get('X')\nd = bounds.limits()\n",
        encoding="utf-8",
    )
    found = " ".join(_stray_reads(sample))
    for kind in ("config.load", "config.NAMA_KAB", "os.environ", "bounds.limits", "import KODE_KAB"):
        assert kind in found


def test_a_province_serves_each_kabupaten_from_its_own_store_and_maps(tmp_path):
    environ = {"PANTAU_PROVINSI": "33", "PANTAU_STORE": str(tmp_path / "{kabupaten}.duckdb")}
    cfg = config.read(environ=environ)
    assert cfg.is_province and len(cfg.daftar_kabupaten) == 35 and cfg.wilayah.kode == "33.16"
    semarang = cfg.for_kabupaten("3374")
    assert semarang.wilayah.nama == "Kota Semarang"
    assert semarang.store_path == tmp_path / "33.74.duckdb"
    assert semarang.peta_desa is not None and semarang.peta_desa.parent.name == "33.74"
    # PANTAU_STORE names the stores in the demo too, for every kabupaten alike
    demo = config.read(environ={**environ, "PANTAU_DEMO": "1"})
    assert demo.store_path == tmp_path / "33.16.duckdb"
    assert demo.for_kabupaten("33.74").store_path == tmp_path / "33.74.duckdb"
    # another province's kabupaten is not served: no page of Jawa Tengah opens Bantul's store
    with pytest.raises(config.ConfigError, match=r"34\.02"):
        cfg.for_kabupaten("34.02")


def test_a_province_refuses_one_store_for_all_and_a_kabupaten_outside_it(tmp_path):
    with pytest.raises(config.ConfigError, match="kabupaten"):
        config.read(environ={"PANTAU_PROVINSI": "34", "PANTAU_STORE": str(tmp_path / "one.duckdb")})
    with pytest.raises(config.ConfigError, match=r"33\.16"):
        config.read(environ={"PANTAU_PROVINSI": "34", "PANTAU_KABUPATEN": "33.16"})
    with pytest.raises(config.ConfigError, match="99"):
        config.read(environ={"PANTAU_PROVINSI": "99"})
    # the file's one store path serves a province as one store per kabupaten
    cfg = config.read(environ={"PANTAU_PROVINSI": "34"})
    assert cfg.store_path.name == "sensus-34.01.duckdb" and cfg.terbit_path.name == "terbit"
