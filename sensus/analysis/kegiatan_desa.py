"""Which villages an outreach event touches: its own, its kecamatan's or (for the kabupaten/kota) every village."""

import polars as pl


def kegiatan_desa(kegiatan: pl.DataFrame, desa: pl.DataFrame) -> pl.DataFrame:
    """Every (village, event) pair where the event touches the village: its own, its kecamatan's or the kabupaten's.

    `desa` has kode_desa and kode_kec; the result has kode_desa, kegiatan_id, tanggal, jenis, kode.
    """
    events = kegiatan.select("kegiatan_id", "tanggal", "jenis", "kode")
    villages = desa.select("kode_desa", "kode_kec").unique()
    return pl.concat(
        [
            # a kabupaten/kota event ('33.16') touches every village whose code begins with it
            villages.with_columns(_kab=pl.col("kode_desa").str.slice(0, 5))
            .join(events, left_on="_kab", right_on="kode")
            .drop("_kab"),
            villages.join(events, left_on="kode_kec", right_on="kode"),
            villages.join(events, left_on="kode_desa", right_on="kode"),
        ],
        how="diagonal",
    ).select("kode_desa", "kegiatan_id", "tanggal", "jenis")


def touching(kegiatan: pl.DataFrame, kode: str | None) -> pl.DataFrame:
    """The events that touch an area: those of the area itself, of an area that holds it (its kecamatan, the
    kabupaten) and of the areas inside it (a kecamatan's villages). No code: every event."""
    if not kode:
        return kegiatan
    event = pl.col("kode")
    holds_it = (event == kode) | pl.lit(kode).str.starts_with(event + ".")
    inside_it = event.str.starts_with(kode + ".")
    return kegiatan.filter(holds_it | inside_it)


def is_direncanakan(tanggal) -> pl.Expr:
    """An event dated after the as-of day `tanggal` is planned: drawn and listed as such, never counted as held."""
    return pl.col("tanggal") > tanggal
