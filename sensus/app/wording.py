"""How the planning page words its findings: an event's verdict in plain language, why no event is judged yet,
and the printable priority list. The numbers come from sensus.analysis; only the wording is here."""

from html import escape

import polars as pl

from sensus.analysis import uplift
from sensus.core import i18n


def vonis(row: dict, bahasa: str = "id", kab: str | None = None) -> str:
    """The plain-language verdict of one per_kegiatan row, e.g. "naik sekitar 35 % (20–50 %) dibanding
    kecamatan tanpa rakor". `kab`: the region's own word for itself ('kota', 'city'; default a kabupaten's)."""

    def pct(value: float) -> str:
        return i18n.persen(value, bahasa, 0)

    pembanding = i18n.t(uplift.PEMBANDING[row["tingkat"]], bahasa)
    status = row["status"]
    if status in (uplift.NAIK, uplift.TURUN):
        sign = 1 if status == uplift.NAIK else -1
        low, high = sorted((sign * row["bawah"], sign * row["atas"]))
        return i18n.t(
            uplift.VONIS[status],
            bahasa,
            efek=pct(sign * row["efek"]),
            bawah=i18n.angka(low, bahasa, 0),
            atas=pct(high),
            pembanding=pembanding,
            jenis=i18n.jenis_kegiatan(row["jenis"], bahasa),
        )
    if status == uplift.TIDAK_JELAS:
        return i18n.t(
            "vonis_tidak_jelas",
            bahasa,
            efek=("+" if row["efek"] >= 0 else "") + pct(row["efek"]),
            bawah=pct(row["bawah"]),
            atas=pct(row["atas"]),
            pembanding=pembanding,
            jenis=i18n.jenis_kegiatan(row["jenis"], bahasa),
        )
    if status == uplift.HARI_KURANG:
        return i18n.t(
            "vonis_hari_kurang", bahasa, sebelum=row["hari_sebelum"], sesudah=row["hari_sesudah"], min=uplift.MIN_HARI
        )
    if status == uplift.DATA_KURANG:
        return i18n.t("vonis_data_kurang", bahasa)
    change = None
    if row["rata_sebelum"]:
        change = 100 * (row["rata_sesudah"] / row["rata_sebelum"] - 1)
    key = "vonis_kabupaten" if row["tingkat"] == "kabupaten" else "vonis_tanpa_pembanding"
    return i18n.t(
        key,
        bahasa,
        kab=kab or ("regency" if bahasa == "en" else "kabupaten"),
        pembanding=pembanding,
        perubahan="–" if change is None else ("+" if change >= 0 else "") + pct(change),
    )


def belum_dinilai(
    dampak: pl.DataFrame, bahasa: str = "id", paling_banyak: int = 3, kab: str | None = None
) -> list[str]:
    """Why no event can be assessed yet, one line per event, latest first (at most `paling_banyak`): its day, its
    area and kind, and the verdict that says why (too few days after it, too few new households, nothing to compare
    with). `dampak`: a per_kegiatan frame with label_wilayah. Empty when no event took place yet."""
    lines = []
    for row in dampak.sort("tanggal", descending=True).head(paling_banyak).iter_rows(named=True):
        jenis = i18n.jenis_kegiatan(row["jenis"], bahasa)
        hari = i18n.tanggal(row["tanggal"], bahasa, "d MMM")
        lines.append(f"{hari} · {row['label_wilayah']} ({jenis}): {vonis(row, bahasa, kab)}")
    return lines


def _cell(value, bahasa: str) -> str:
    """A printed cell as the page shows it: whole numbers with the viewer's separators, decimals to 2 places."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return i18n.t("ya" if value else "tidak", bahasa)
    if isinstance(value, int):
        return i18n.angka(value, bahasa)
    if isinstance(value, float):
        return i18n.angka(value, bahasa, 2)
    return str(value)


def cetak_html(
    tabel: pl.DataFrame,
    judul: str,
    keterangan: str,
    kolom: dict[str, str],
    bahasa: str = "id",
    catatan: str | None = None,
) -> str:
    """A self-contained HTML page of the list for printing (the camat's copy): `kolom` maps column → header;
    `catatan` (the demo note on a demo store) is printed in red above the title, so a paper copy says it too."""
    head = "".join(f"<th>{escape(label)}</th>" for label in kolom.values())
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(_cell(row[c], bahasa))}</td>" for c in kolom) + "</tr>"
        for row in tabel.iter_rows(named=True)
    )
    note = f"<p class='catatan'>{escape(catatan)}</p>" if catatan else ""
    return (
        f"<!doctype html><html lang='{bahasa}'><head><meta charset='utf-8'>"
        f"<title>{escape(judul)}</title><style>"
        "body{font-family:Arial,sans-serif;font-size:11pt;margin:1.5cm}h1{font-size:15pt;margin:0 0 4pt}"
        "p{color:#444;margin:0 0 10pt}table{border-collapse:collapse;width:100%}"
        ".catatan{color:#c0392b;font-weight:bold;border:1.5pt solid #c0392b;padding:3pt 6pt;display:inline-block}"
        "th,td{border:1px solid #999;padding:3pt 5pt;text-align:left;vertical-align:top}th{background:#eee}"
        "tr{page-break-inside:avoid}@page{size:A4 landscape;margin:1cm}"
        f"</style></head><body>{note}<h1>{escape(judul)}</h1><p>{escape(keterangan)}</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></body></html>"
    )
