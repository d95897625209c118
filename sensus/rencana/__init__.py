"""Outreach planning: did an event lift responses, where to go next, will the target be reached.

Pure functions over two frames the query layer gives (no SQL, no Streamlit here):
- `harian`: queries/reports/rencana_harian.sql, one row per village per day (kode_desa, nama_desa, kode_kec,
  nama_kec, tanggal, kk_baru, penduduk_baru, kk_respon, penduduk_respon, kk_target, penduduk_target);
- `kegiatan`: queries/reports/kegiatan.sql, one row per event (kegiatan_id, tanggal, jenis, kode, nama_wilayah,
  keterangan, simulasi).

Modules: uplift (difference in differences per event), forecast (rate on the window's last day, backtest),
prioritas (the village list for the next meetings), peringatan (stalled villages and kecamatan),
kegiatan (adding an event through the store writer), panel (Streamlit pieces other pages can call).
"""

import polars as pl

from sensus.config import KODE_KAB


def tingkat_kode(kode: str) -> str:
    """'kabupaten', 'kecamatan' or 'desa' for a dotted code."""
    if kode == KODE_KAB:
        return "kabupaten"
    return "kecamatan" if len(kode) == 8 else "desa"


def kegiatan_desa(kegiatan: pl.DataFrame, desa: pl.DataFrame) -> pl.DataFrame:
    """Every (village, event) pair where the event touches the village: its own, its kecamatan's or the kabupaten's.

    `desa` has kode_desa and kode_kec; the result has kode_desa, kegiatan_id, tanggal, jenis, kode.
    """
    events = kegiatan.select("kegiatan_id", "tanggal", "jenis", "kode")
    villages = desa.select("kode_desa", "kode_kec").unique()
    return pl.concat(
        [
            villages.join(events.filter(pl.col("kode") == KODE_KAB), how="cross"),
            villages.join(events, left_on="kode_kec", right_on="kode"),
            villages.join(events, left_on="kode_desa", right_on="kode"),
        ],
        how="diagonal",
    ).select("kode_desa", "kegiatan_id", "tanggal", "jenis")
