"""Adding an outreach event from the page, through the same writer and checks as `python -m sensus events FILE`.

The planner's form is checked here first (so the page can say what is wrong before anything is written), then
the row goes through database.open_writer and importer.add_events like a one-line events file: same validation, same
duplicate rule (same day, kind, area and text is not added twice), an import record the data view lists.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sensus.auth import audit
from sensus.core import wilayah
from sensus.core.config import Config
from sensus.core.scope import Scope
from sensus.ingest import importer
from sensus.store import database

JENIS = ("rakor", "sosialisasi", "pendampingan", "lainnya")
# a meeting being planned may lie a little after the window, one being recorded a little before it
HARI_LONGGAR = 14
BERKAS_HALAMAN = "halaman sosialisasi"


@dataclass(frozen=True)
class Kegiatan:
    tanggal: date
    jenis: str
    kode: str
    keterangan: str


def periksa(kegiatan: Kegiatan, mulai: date, selesai: date, *, kode_kab: str) -> list[str]:
    """Reason codes (i18n keys) why the event cannot be added to the store of the region `kode_kab` with the census
    window mulai–selesai; empty when it can."""
    problems = []
    if not mulai - timedelta(days=HARI_LONGGAR) <= kegiatan.tanggal <= selesai + timedelta(days=HARI_LONGGAR):
        problems.append("kegiatan_tanggal_jauh")
    if kegiatan.jenis not in JENIS:
        problems.append("kegiatan_jenis_tidak_dikenal")
    if wilayah.level(kegiatan.kode, kode_kab) not in ("kabupaten", "kecamatan", "desa"):
        problems.append("kode_wilayah_tidak_dikenal")
    if not kegiatan.keterangan.strip():
        problems.append("kegiatan_keterangan_kosong")
    elif len(kegiatan.keterangan) > 300:
        problems.append("kegiatan_keterangan_panjang")
    return problems


def tambah(
    kegiatan: Kegiatan,
    store_path: Path | None = None,
    pengguna: str = importer.PENGGUNA_SISTEM,
    *,
    scope: Scope,
    cfg: Config,
) -> importer.Summary:
    """Write one event into the store (published atomically) as `pengguna`, audited; the summary says whether it
    was new.

    The event carries no impor_id: it is the planner's, corrected or deleted on the page, never by undoing an import.

    Raises ValueError with the reason codes when `periksa` refuses it, OutOfScope when its area lies outside
    `scope` (a planner bound to a kecamatan adds events of their kecamatan and its villages only). `cfg` gives the
    region and window; the store is `store_path`, else the configured one.
    """
    path = Path(store_path or cfg.store_path)
    problems = periksa(kegiatan, cfg.mulai, cfg.selesai, kode_kab=cfg.kode_kab)
    if problems:
        raise ValueError(problems)
    scope.require(kegiatan.kode)
    summary = importer.Summary(berkas=BERKAS_HALAMAN, baris_dibaca=1, jenis="kegiatan")
    row = {
        "tanggal": kegiatan.tanggal.isoformat(),
        "jenis": kegiatan.jenis,
        "kode": kegiatan.kode,
        "keterangan": kegiatan.keterangan.strip(),
    }
    # the import record wants a fingerprint; a form entry has no file, so its content and moment stand for it
    sha256 = hashlib.sha256(json.dumps({**row, "waktu": datetime.now().isoformat()}).encode()).hexdigest()
    with database.open_writer(path, cfg) as w:
        con = w.con
        impor_id = w.next_import_id()
        con.execute(
            """
            create or replace temp table staged as
            select 2 as baris, null::varchar as lembar, $tanggal as tanggal, $jenis as jenis, $kode as kode,
                $keterangan as keterangan, 'false' as simulasi
            """,
            row,
        )
        importer.add_events(con, impor_id, BERKAS_HALAMAN, summary, is_berkas=False, cfg=cfg)
        # the same batch record a file import leaves, so the data view lists entries from the page too
        importer.record_batch(con, impor_id, "kegiatan", sha256, summary)
        if summary.submisi_baru:
            # in the event's own write: folded with it by record_owner below
            audit.record(
                pengguna,
                "kegiatan_tambah",
                f"{kegiatan.tanggal} {kegiatan.jenis} {kegiatan.kode}",
                path,
                postgres=cfg.postgres,
                kabupaten=cfg.kode_kab,
            )
        importer.record_owner(con, impor_id, pengguna, "batal_kegiatan_halaman", path)
    return summary
