"""Configuration read from pantau.toml; PANTAU_STORE overrides the store path (tests, tools), PANTAU_DEMO=1 turns
the demo on (its own store, built on the first start)."""

import os
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the project folder: sensus/core/config.py → ../..
KODE_KAB = "33.16"
NAMA_KAB = "Kabupaten Blora"  # the one spelling of the kabupaten's name: SQL and pages take it from here
WIB = "Asia/Jakarta"


@dataclass(frozen=True)
class Config:
    mulai: date
    selesai: date
    target_persen: float
    store_path: Path
    salt_path: Path
    peta_kecamatan: Path
    peta_desa: Path
    basi_setelah_hari: int
    # the years an instant in an export may fall in; anything else is a typo or a parser's special value
    tahun_paling_awal: int = 2000
    tahun_paling_akhir: int = 2100
    # the demo runs on a store of its own: a real deployment's store is never built as a demo
    demo: bool = False
    demo_store_path: Path = ROOT / "data" / "demo.duckdb"

    @property
    def jumlah_hari(self) -> int:
        return (self.selesai - self.mulai).days + 1


def salt_path_for(store_path: Path) -> Path:
    """The salt of a store's no_kk hashes: beside the store, never inside it (a copied store file alone cannot
    be re-hashed). The one rule for it; every module asks here."""
    return store_path.with_suffix(".salt")


@cache
def load(path: Path = ROOT / "pantau.toml") -> Config:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    demo = os.environ.get("PANTAU_DEMO", str(raw["store"].get("demo", False))).strip().lower() in ("1", "true", "yes")
    demo_store_path = ROOT / raw["store"].get("demo_path", "data/demo.duckdb")
    store_path = Path(os.environ.get("PANTAU_STORE") or (demo_store_path if demo else ROOT / raw["store"]["path"]))
    return Config(
        mulai=raw["jendela"]["mulai"],
        selesai=raw["jendela"]["selesai"],
        target_persen=float(raw["target"]["persen"]),
        store_path=store_path,
        salt_path=salt_path_for(store_path),
        peta_kecamatan=ROOT / raw["peta"]["kecamatan"],
        peta_desa=ROOT / raw["peta"]["desa"],
        basi_setelah_hari=int(raw["data"]["basi_setelah_hari"]),
        tahun_paling_awal=int(raw.get("impor", {}).get("tahun_paling_awal", 2000)),
        tahun_paling_akhir=int(raw.get("impor", {}).get("tahun_paling_akhir", 2100)),
        demo=demo,
        demo_store_path=demo_store_path,
    )
