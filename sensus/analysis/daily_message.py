"""The daily summary for the BPS and camat WhatsApp groups: a short text, Bahasa Indonesia by default.

`python -m sensus report --format text` prints it; the outreach page shows it ready to copy.
WhatsApp formatting: *bold*, one fact a line, no table (it does not survive a phone screen).
"""

from datetime import date

import duckdb
import polars as pl

from sensus.analysis import forecast, headline, labels, stalled
from sensus.core import calendar, i18n, sebutan
from sensus.core.config import Config
from sensus.core.scope import KABUPATEN, Scope
from sensus.store import database, reports

UKURAN = "penduduk"  # the BPS target (22.9 %) is a share of the population
JUMLAH_PERINGKAT = 3
KODE_KABUPATEN_PANJANG = 5  # a kabupaten/kota code, 'KK.KK'; a kecamatan's is longer


def pesan_harian(
    con: duckdb.DuckDBPyConnection,
    tanggal: date,
    bahasa: str = "id",
    scope: Scope = KABUPATEN,
    hari_macet: int = calendar.STALLED_DAYS,
    *,
    cfg: Config,
) -> str:
    """The message for `tanggal` (the as-of day, WIB): rate, change, top and bottom kecamatan, stalled villages,
    days left and the forecast for the window's last day of `cfg`; from a demo store it says the data is
    simulated."""
    day = calendar.clamp(tanggal, cfg)
    harian = reports.rencana_harian(con, scope=scope)
    # the forecast of the scope's own area, its model learnt from the whole kabupaten: the page's card and table
    dasar = None if scope.bound_kec is None else reports.rencana_harian(con, scope=KABUPATEN)
    outlook = forecast.utama(harian, day, cfg.selesai, cfg.target_persen, UKURAN, scope.bound_kec, dasar)
    return susun_pesan(
        reports.capaian(con, day, scope.total_level(), scope=scope, region=cfg.wilayah),
        reports.capaian(con, calendar.previous_day(day), scope.total_level(), scope=scope, region=cfg.wilayah),
        reports.capaian(con, day, "kecamatan", scope=scope, region=cfg.wilayah),
        harian,
        day,
        bahasa,
        hari_macet,
        outlook,
        is_demo=database.read_meta(con).get(database.DEMO_KEY) == "true",
        cfg=cfg,
    )


def wilayah_pesan(kode: str, nama: str, bahasa: str = "id") -> str:
    """The area a message (or its picture) is about: the kabupaten/kota by its name ("Kota Semarang"), or
    "Kecamatan Cepu" for a camat's, never the bare "Cepu" that is also the name of a kelurahan."""
    if len(kode) <= KODE_KABUPATEN_PANJANG:  # the kabupaten/kota itself
        return nama
    return i18n.t("wa_kecamatan", bahasa, nama=nama)


def susun_pesan(
    kabupaten_: pl.DataFrame,
    kemarin_: pl.DataFrame,
    kecamatan_: pl.DataFrame,
    harian: pl.DataFrame,
    day: date,
    bahasa: str = "id",
    hari_macet: int = calendar.STALLED_DAYS,
    outlook: dict | None = None,
    is_demo: bool = False,
    *,
    cfg: Config,
) -> str:
    """The message from the frames the queries give (capaian of the kabupaten today and yesterday, of every
    kecamatan today, and rencana_harian); the page builds it from its cached frames. `outlook` is the scope's
    own forecast (forecast.utama, in persons), the same row the page's card shows. From a demo store (`is_demo`)
    its first and last lines say the data is simulated: a forwarded message keeps at least one. `cfg` gives the
    window and the target."""

    region = sebutan.region_values(cfg.wilayah, bahasa)

    def t(key: str, **values) -> str:
        return i18n.t(key, bahasa, **(region | values))

    kabupaten = kabupaten_.row(0, named=True)
    kemarin = kemarin_.row(0, named=True)
    kecamatan = kecamatan_.filter(pl.col(f"persen_{UKURAN}").is_not_null())
    harian = harian.filter(pl.col("tanggal") <= day)
    path = calendar.target_path(day, cfg)
    rate = kabupaten[f"persen_{UKURAN}"]

    lines = [
        *([t("wa_simulasi"), ""] if is_demo else []),
        t("wa_judul", wilayah=wilayah_pesan(kabupaten["kode"], kabupaten["nama"], bahasa)),
        t("wa_per_tanggal", tanggal=i18n.tanggal(day, bahasa, "full")),
        "",
        t(
            "wa_respon",
            persen=i18n.persen(rate, bahasa, 2),
            delta=i18n.selisih(rate, kemarin[f"persen_{UKURAN}"], bahasa, suffix="") or "–",
            penduduk=i18n.angka(kabupaten["penduduk_respon"], bahasa),
        ),
        t(
            "wa_kk",
            kk=i18n.angka(kabupaten["kk_respon"], bahasa),
            baru=i18n.angka(kabupaten["kk_respon"] - kemarin["kk_respon"], bahasa),
        ),
    ]
    if rate is not None:
        lines.append(
            t(
                "wa_jalur_di_atas" if headline.is_on_path(rate, path) else "wa_jalur_di_bawah",
                jalur=i18n.persen(path, bahasa, 1),
                poin=i18n.angka(abs(rate - path), bahasa, 1),
            )
        )
    if kecamatan.height > 1:
        ranked = kecamatan.sort(f"persen_{UKURAN}", descending=True)
        n = min(JUMLAH_PERINGKAT, ranked.height // 2)

        def names(frame: pl.DataFrame) -> str:
            return ", ".join(
                f"{nama} {i18n.persen(value, bahasa, 1)}"
                for nama, value in frame.select("nama", f"persen_{UKURAN}").rows()
            )

        lines += [
            "",
            t("wa_tertinggi", daftar=names(ranked.head(n))),
            t("wa_terendah", daftar=names(ranked.tail(n).reverse())),
        ]
    alerts = stalled.peringatan(harian, day, cfg.target_persen, cfg.jumlah_hari, "desa", hari_macet, UKURAN)
    stalled_count = int(alerts["macet"].sum()) if not alerts.is_empty() else 0
    lines += [
        "",
        t(
            "wa_macet",
            n=i18n.angka(stalled_count, bahasa),
            total=i18n.angka(alerts.height, bahasa),
            hari=hari_macet,
        ),
        t("wa_sisa_hari", hari=calendar.days_left(day, cfg), selesai=i18n.tanggal(cfg.selesai, bahasa)),
    ]
    if outlook is None:
        outlook = forecast.utama(harian, day, cfg.selesai, cfg.target_persen, UKURAN)
    if outlook["hasil"] and outlook["status"] is not None:
        # the window is over: what was reached, not a forecast
        lines.append(
            t(
                "wa_capaian_akhir",
                selesai=i18n.tanggal(cfg.selesai, bahasa, "d MMM"),
                persen=i18n.persen(outlook["persen_akhir"], bahasa, 1),
                target=i18n.persen(cfg.target_persen, bahasa, 1),
                status=t(labels.FORECAST_STATUS[outlook["status"]]),
            )
        )
    elif rate is not None:
        if outlook["terlalu_dini"]:
            lines.append(t("wa_perkiraan_terlalu_dini", selesai=i18n.tanggal(cfg.selesai, bahasa, "d MMM")))
        else:
            lines.append(
                t(
                    "wa_perkiraan",
                    selesai=i18n.tanggal(cfg.selesai, bahasa, "d MMM"),
                    persen=i18n.persen(outlook["persen_akhir"], bahasa, 1),
                    bawah=i18n.angka(outlook["bawah"], bahasa, 1),
                    atas=i18n.persen(outlook["atas"], bahasa, 1),
                    target=i18n.persen(cfg.target_persen, bahasa, 1),
                    status=t(labels.FORECAST_STATUS[outlook["status"]]),
                )
            )
        reach = outlook["tanggal_target"]
        if not outlook["terlalu_dini"]:
            lines.append(
                t("wa_target_tercapai", tanggal=i18n.tanggal(reach, bahasa)) if reach else t("wa_target_tidak_tercapai")
            )
    lines += ["", t("wa_penutup")]
    if is_demo:
        lines += ["", t("wa_simulasi")]
    return "\n".join(lines)
