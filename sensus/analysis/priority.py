"""Where should the next meetings go? Villages ranked by what a meeting there could gain.

Each village gets five parts, each from 0 to 1, and a score = 100 × the weighted mean of the parts:
- sisa: households still to reach (registered - responded), relative to the village with the most left;
- bawah_kecamatan: how far its rate lies below its kecamatan's, relative to the kecamatan's rate;
- bawah_jalur: how far its rate lies below the target path today, relative to the path;
- lama_kegiatan: days since the last event that touched it (its own, its kecamatan's or the kabupaten's),
  full after 14 days; a village never touched counts from the window's first day;
- macet: 1 when no household came in the last 7 days (or in all the days so far, when fewer have passed), else
  how much its last 7 days fell short of the 7 before (only once two full weeks have passed).
The weights are the planner's (sliders on the page); the reasons beside each row name the parts that weigh most.
With every weight at 0 there is nothing to rank by: the list is empty and `alasan_kosong` says why.
"""

from datetime import date, timedelta

import polars as pl

from sensus.analysis.kegiatan_desa import kegiatan_desa
from sensus.core import i18n
from sensus.core.calendar import WEEK

BOBOT = {"sisa": 0.35, "bawah_kecamatan": 0.15, "bawah_jalur": 0.20, "lama_kegiatan": 0.15, "macet": 0.15}
HARI_PENUH = 14  # days without an event at which that part counts in full
MINGGU = WEEK
ALASAN_MIN = 0.05  # a part below this does not make a reason
ALASAN_MAKS = 3


def _ratio(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    return pl.when(denominator > 0).then(numerator / denominator).otherwise(0.0).clip(0.0, 1.0)


def bagian(
    harian: pl.DataFrame,
    kegiatan: pl.DataFrame,
    tanggal: date,
    jalur_persen: float,
    ukuran: str = "penduduk",
) -> pl.DataFrame:
    """One row per village with its figures and its five parts (see the module's docstring).

    `harian` is the village × day frame, `kegiatan` the events; only days up to `tanggal` are used.
    """
    shown = harian.filter(pl.col("tanggal") <= tanggal)
    if shown.is_empty():
        return pl.DataFrame()
    mulai = shown["tanggal"].min()
    sampai = shown["tanggal"].max()
    elapsed = (sampai - mulai).days + 1
    today = shown.filter(pl.col("tanggal") == sampai)
    recent = shown.group_by("kode_desa").agg(
        kk_baru_7=pl.col("kk_baru").filter(pl.col("tanggal") > sampai - timedelta(days=MINGGU)).sum(),
        kk_baru_7_lalu=pl.col("kk_baru")
        .filter(pl.col("tanggal").is_between(sampai - timedelta(days=2 * MINGGU - 1), sampai - timedelta(days=MINGGU)))
        .sum(),
    )
    touched = kegiatan_desa(kegiatan.filter(pl.col("tanggal") <= sampai), today)
    last_event = touched.group_by("kode_desa").agg(kegiatan_terakhir=pl.col("tanggal").max())
    kecamatan = today.group_by("kode_kec").agg(
        persen_kec=100 * pl.col(f"{ukuran}_respon").sum() / pl.col(f"{ukuran}_target").sum()
    )
    frame = (
        today.join(recent, on="kode_desa", how="left")
        .join(last_event, on="kode_desa", how="left")
        .join(kecamatan, on="kode_kec", how="left")
        .with_columns(
            sisa_kk=(pl.col("kk_target") - pl.col("kk_respon")).clip(lower_bound=0),
            persen=100 * pl.col(f"{ukuran}_respon") / pl.col(f"{ukuran}_target"),
            hari_tanpa_kegiatan=(
                pl.lit(sampai) - pl.col("kegiatan_terakhir").fill_null(mulai - timedelta(days=1))
            ).dt.total_days(),
        )
        .filter(pl.col("kk_target").is_not_null())
    )
    return frame.with_columns(
        b_sisa=_ratio(pl.col("sisa_kk").cast(pl.Float64), pl.col("sisa_kk").max().cast(pl.Float64)),
        b_bawah_kecamatan=_ratio(pl.col("persen_kec") - pl.col("persen"), pl.col("persen_kec")),
        b_bawah_jalur=_ratio(pl.lit(jalur_persen) - pl.col("persen"), pl.lit(jalur_persen)),
        b_lama_kegiatan=(pl.col("hari_tanpa_kegiatan") / HARI_PENUH).clip(0.0, 1.0),
        b_macet=pl.when(pl.col("kk_baru_7") == 0)
        .then(1.0)
        # a week against a partial week before it is no slowdown: compare only full weeks
        .when(pl.lit(elapsed) < 2 * MINGGU)
        .then(0.0)
        .otherwise(_ratio(pl.col("kk_baru_7_lalu") - pl.col("kk_baru_7"), pl.col("kk_baru_7_lalu").cast(pl.Float64))),
        hari_macet=pl.lit(min(elapsed, MINGGU), dtype=pl.Int64),
    ).select(
        "kode_desa",
        "nama_desa",
        "kode_kec",
        "nama_kec",
        "kk_target",
        "kk_respon",
        "sisa_kk",
        "persen",
        "persen_kec",
        "kegiatan_terakhir",
        "hari_tanpa_kegiatan",
        "kk_baru_7",
        "kk_baru_7_lalu",
        "hari_macet",
        *[f"b_{name}" for name in BOBOT],
    )


def skor(bagian_: pl.DataFrame, bobot: dict[str, float] | None = None) -> pl.DataFrame:
    """The frame of `bagian` with skor (0–100) and peringkat (1 = first), best first."""
    bobot = bobot or BOBOT
    total = sum(bobot.values()) or 1.0
    score = sum(pl.col(f"b_{name}") * weight for name, weight in bobot.items()) / total * 100
    return (
        bagian_.with_columns(skor=score)
        .sort(["skor", "sisa_kk", "kode_desa"], descending=[True, True, False])
        .with_row_index("peringkat", offset=1)
    )


def alasan(row: dict, bobot: dict[str, float], bahasa: str = "id", biasa: dict[str, float] | None = None) -> str:
    """The reasons of one ranked row: the parts where it stands out most, as short phrases.

    A part counts by its weight × how far it lies above the typical village's (`biasa`, the mean of each part),
    so a part every village shares (all below the target path early on) does not crowd out what sets it apart.
    """
    biasa = biasa or {}
    phrases = {
        "sisa": lambda: i18n.t("alasan_sisa", bahasa, n=i18n.angka(row["sisa_kk"], bahasa)),
        "bawah_kecamatan": lambda: i18n.t(
            "alasan_bawah_kecamatan",
            bahasa,
            poin=i18n.angka(row["persen_kec"] - row["persen"], bahasa, 1),
            kecamatan=row["nama_kec"],
        ),
        "bawah_jalur": lambda: i18n.t("alasan_bawah_jalur", bahasa, persen=i18n.persen(row["persen"], bahasa, 1)),
        "lama_kegiatan": lambda: (
            i18n.t("alasan_tanpa_kegiatan", bahasa, hari=row["hari_tanpa_kegiatan"])
            if row["kegiatan_terakhir"] is not None
            else i18n.t("alasan_belum_pernah", bahasa)
        ),
        "macet": lambda: (
            i18n.t("alasan_macet_hari", bahasa, hari=row.get("hari_macet", MINGGU))
            if row["kk_baru_7"] == 0
            else i18n.t("alasan_melambat", bahasa, kini=row["kk_baru_7"], lalu=row["kk_baru_7_lalu"])
        ),
    }
    weighted = sorted(
        (
            (bobot.get(name, 0) * (row[f"b_{name}"] - biasa.get(name, 0.0)), name)
            for name in BOBOT
            if row[f"b_{name}"] >= ALASAN_MIN
        ),
        reverse=True,
    )
    return " · ".join(phrases[name]() for weight, name in weighted[:ALASAN_MAKS] if weight > 0)


def daftar(
    harian: pl.DataFrame,
    kegiatan: pl.DataFrame,
    tanggal: date,
    jalur_persen: float,
    bobot: dict[str, float] | None = None,
    ukuran: str = "penduduk",
    bahasa: str = "id",
) -> pl.DataFrame:
    """The ranked village list with a reason text per row (column alasan); empty when every weight is 0."""
    bobot = BOBOT if bobot is None else bobot
    parts = bagian(harian, kegiatan, tanggal, jalur_persen, ukuran)
    if parts.is_empty():
        return parts
    if alasan_kosong(bobot) is not None:
        # every score would be 0: a ranking by the tie-breakers alone would recommend places for no reason
        return skor(parts.clear(), bobot).with_columns(alasan=pl.lit(None, dtype=pl.String))
    ranked = skor(parts, bobot)
    biasa = {name: ranked[f"b_{name}"].mean() for name in BOBOT}
    texts = [alasan(row, bobot, bahasa, biasa) for row in ranked.iter_rows(named=True)]
    return ranked.with_columns(alasan=pl.Series(texts, dtype=pl.String))


def alasan_kosong(bobot: dict[str, float], bahasa: str = "id") -> str | None:
    """Why there is no ranking (every weight is 0), for the page to show; None when the weights rank."""
    if any(weight > 0 for weight in bobot.values()):
        return None
    return i18n.t("prioritas_tanpa_bobot", bahasa)


def per_kecamatan(ranked: pl.DataFrame, teratas: int = 30) -> pl.DataFrame:
    """Kecamatan by how many of the top `teratas` villages they hold: where a rakor reaches most of them."""
    top = ranked.filter(pl.col("peringkat") <= teratas)
    return (
        top.group_by("kode_kec", "nama_kec")
        .agg(
            desa_teratas=pl.len(),
            sisa_kk=pl.col("sisa_kk").sum(),
            skor_rata=pl.col("skor").mean(),
            hari_tanpa_kegiatan=pl.col("hari_tanpa_kegiatan").max(),
            contoh=pl.col("nama_desa").head(3).str.join(", "),
        )
        .sort(["desa_teratas", "sisa_kk"], descending=True)
    )
