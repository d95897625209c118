"""Text keys (sensus/core/texts) of the codes analysis results carry, written out so every key is a literal,
and the one label of an area wherever kecamatan and villages are listed together."""

import polars as pl

from sensus.analysis import forecast, kegiatan_desa
from sensus.core import i18n

# forecast.perkiraan's `status`
FORECAST_STATUS = {
    forecast.SESUAI: "status_sesuai",
    forecast.RISIKO: "status_berisiko",
    forecast.MELESET: "status_meleset",
    # once the window is over: results, not forecasts
    forecast.TERCAPAI: "target_tercapai",
    forecast.TIDAK_TERCAPAI: "target_tidak_tercapai",
}

# a village's label by its kind (the desa table's `jenis`): Blora has kelurahan named like their kecamatan
LABEL_DESA = {"desa": "label_desa", "kelurahan": "label_kelurahan"}
# a dotted code's level by its length: '33.16', '33.16.05', '33.16.05.1014'
TINGKAT_MENURUT_PANJANG = {5: "kabupaten", 8: "kecamatan", 13: "desa"}


def wilayah_label(kode: str, nama: str, bahasa: str = "id", nama_kec: str | None = None, jenis_desa=None) -> str:
    """An area as a reader tells it apart from its namesakes: 'Kec. Cepu', 'Kelurahan Cepu, Kec. Cepu',
    'Desa Ngawen, Kec. Ngawen'; the kabupaten/kota by its name as given. `nama_kec` and `jenis_desa` matter for a
    village only."""
    tingkat = TINGKAT_MENURUT_PANJANG.get(len(kode))
    if tingkat == "kabupaten":
        return nama
    if tingkat == "kecamatan":
        return i18n.t("label_kec", bahasa, nama=nama)
    if tingkat == "desa":
        key = LABEL_DESA["kelurahan" if jenis_desa == "kelurahan" else "desa"]
        return i18n.t(key, bahasa, nama=nama, kecamatan=nama_kec or "?")
    return nama


def with_wilayah_label(frame: pl.DataFrame, bahasa: str = "id") -> pl.DataFrame:
    """`frame` (kode, nama_wilayah, nama_kec, jenis_desa: a kegiatan frame) with `label_wilayah` added."""
    rows = frame.select("kode", "nama_wilayah", "nama_kec", "jenis_desa").rows()
    return frame.with_columns(
        label_wilayah=pl.Series([wilayah_label(k, n, bahasa, c, j) for k, n, c, j in rows], dtype=pl.String)
    )


def with_pelaksanaan(frame: pl.DataFrame, tanggal, bahasa: str = "id") -> pl.DataFrame:
    """An events frame with `pelaksanaan`: "planned" for an event after the as-of day `tanggal`, else "held"."""
    return frame.with_columns(
        pelaksanaan=pl.when(kegiatan_desa.is_direncanakan(tanggal))
        .then(pl.lit(i18n.t("direncanakan", bahasa)))
        .otherwise(pl.lit(i18n.t("terlaksana", bahasa)))
    )
