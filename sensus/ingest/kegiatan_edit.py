"""Correcting and deleting outreach events (the planner), through the store's writer; each change is audited.

Both take the acting user's scope: a planner bound to a kecamatan changes only events of their kecamatan and its
villages, and only into such an event (OutOfScope otherwise, checked against the stored row in the same write)."""

from pathlib import Path

from sensus.auth import audit
from sensus.core.config import Config
from sensus.core.scope import Scope
from sensus.ingest.kegiatan import Kegiatan, periksa
from sensus.store import database


class KegiatanMissing(LookupError):
    """No event with that id (deleted meanwhile by someone else)."""


def _writer(store_path: Path | None, cfg: Config):
    path = Path(store_path or cfg.store_path)
    return path, database.open_writer(path, cfg)


def _stored(con, kegiatan_id: int, scope: Scope) -> dict:
    """The stored event, if the scope may change it; KegiatanMissing or OutOfScope otherwise."""
    old = database.run_sql(con, "ingest/kegiatan_satu", kegiatan_id=kegiatan_id)
    if old.is_empty():
        raise KegiatanMissing(kegiatan_id)
    row = old.row(0, named=True)
    scope.require(row["kode"])
    return row


def update_kegiatan(
    kegiatan_id: int, kegiatan: Kegiatan, pengguna: str, store_path: Path | None = None, *, scope: Scope, cfg: Config
) -> None:
    """Replace one event's day, kind, area and text; ValueError with reason codes when the new values are refused,
    OutOfScope when the stored event or its new area lies outside `scope`. The store is `store_path`, else
    `cfg`'s."""
    problems = periksa(kegiatan, cfg.mulai, cfg.selesai, kode_kab=cfg.kode_kab)
    if problems:
        raise ValueError(problems)
    scope.require(kegiatan.kode)
    path, writer = _writer(store_path, cfg)
    with writer as w:
        _stored(w.con, kegiatan_id, scope)
        w.con.execute(
            database.sql_text("ingest/kegiatan_ubah"),
            {
                "kegiatan_id": kegiatan_id,
                "tanggal": kegiatan.tanggal,
                "jenis": kegiatan.jenis,
                "kode": kegiatan.kode,
                "keterangan": kegiatan.keterangan.strip(),
            },
        )
        audit.record(
            pengguna,
            "kegiatan_ubah",
            f"#{kegiatan_id} {kegiatan.tanggal} {kegiatan.jenis} {kegiatan.kode}",
            path,
            postgres=cfg.postgres,
            kabupaten=cfg.kode_kab,
        )
        audit.fold(w.con, path)


def delete_kegiatan(
    kegiatan_id: int, pengguna: str, store_path: Path | None = None, *, scope: Scope, cfg: Config
) -> None:
    """Delete one event; OutOfScope when it lies outside `scope`."""
    path, writer = _writer(store_path, cfg)
    with writer as w:
        row = _stored(w.con, kegiatan_id, scope)
        w.con.execute(database.sql_text("ingest/kegiatan_hapus"), {"kegiatan_id": kegiatan_id})
        audit.record(
            pengguna,
            "kegiatan_hapus",
            f"#{kegiatan_id} {row['tanggal']} {row['jenis']} {row['kode']}",
            path,
            postgres=cfg.postgres,
            kabupaten=cfg.kode_kab,
        )
        audit.fold(w.con, path)
