"""Will the target be reached? The rate expected on the window's last day, at the current pace.

The model, in one paragraph for the page:
- the *pace* of an area is its new responses of the last 7 days divided by 7 (a week holds each weekday once,
  so the weekend dip does not bias it);
- the days ahead follow the kabupaten's *weekday pattern* (the classical multiplicative decomposition of the
  daily kabupaten series after the launch week: e.g. a Saturday brings 0.8 of an ordinary day);
- deadlines bring a rush: in the last 10 days of the window every day counts `Lonjakan.tengah` (1.8) times an
  ordinary day. The prior comes from the published SP2020 Online progress (data/perbandingan_sp2020.csv): from
  5 to 19 May 2020 Indonesia gained 0.20 million persons a day, in the 10 days before the 29 May deadline
  0.66 million a day, 3.25 times as many. The point forecast takes the geometric middle between no rush (1)
  and that documented rush (3.25); the interval reaches down to no rush and up to the full one, combined
  with the model's own misses (below);
- expected rate on day D = today's rate + pace × (the weekday × rush factors of the days up to D) ÷ target;
- the interval is as wide as this model's own misses on the earlier days: every earlier day's forecast for
  the same number of days ahead is compared with what then happened, and the middle 80 % of those misses (as
  a ratio of the responses expected to those that came) is combined in quadrature with the rush's range
  (log scale) and applied to today's forecast, never narrower than ±10 % of the increment (a range of zero
  width claims a certainty no forecast has);
- with under two weeks of data the forecast is flagged `terlalu_dini` (too early): the launch week's novelty
  still dominates the pace and there are no earlier misses to learn from; the range then spans half to twice
  the slowest and fastest weekly pace. `cakupan_akhir` says how often the range held the final value;
- the target date is the first day the expected rate reaches the target at that pace (it may lie after the
  window, or never when nothing came in for a week);
- flags: on track when the expected final rate reaches the target; at risk when only the fastest recent week
  would reach it; off track when not even that would.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import polars as pl

from sensus.core import config
from sensus.core.calendar import WEEK
from sensus.core.config import KODE_KAB, NAMA_KAB

MINGGU = WEEK
MINGGU_RENTANG = 3  # weeks whose paces bound the fallback interval
KEPERCAYAAN = 0.80
MIN_SEBARAN = 10  # earlier forecasts needed before their misses set the interval
SETENGAH = 0.5
PEKAN_PELUNCURAN = 7  # the launch week's novelty is left out of the weekday pattern
BATAS_HARI_TARGET = 366  # look this far past the window for the day the target would be reached
SESUAI, RISIKO, MELESET = "sesuai", "berisiko", "meleset"
NAMA_KABUPATEN = NAMA_KAB
MIN_HARI = 2 * MINGGU  # days of data before a forecast is more than "too early"
MIN_LEBAR = 0.10  # the narrowest range: ±10 % of the expected increment (log ratio)
DINI_LEBAR = 2.0  # too early: from half the slowest to twice the fastest weekly pace


@dataclass(frozen=True)
class Lonjakan:
    """The deadline rush: in the last `hari` days each day counts `tengah` (point) or `atas` (upper end) times."""

    hari: int = 10
    tengah: float = 1.8
    atas: float = 3.25


# national SP2020 Online, 5 → 19 May 2020: 42.00 → 44.83 million; 19 → 29 May: 44.83 → 51.4 million
LONJAKAN_SP2020 = Lonjakan(hari=10, tengah=round(float(np.sqrt(3.25)), 2), atas=3.25)
TANPA_LONJAKAN = Lonjakan(hari=0, tengah=1.0, atas=1.0)


@dataclass(frozen=True)
class Seri:
    """Daily series of the areas of one level: new responses (areas × days), cumulative at each day, target."""

    kode: list[str]
    nama: list[str]
    hari: list[date]
    baru: np.ndarray
    kumulatif: np.ndarray
    target: np.ndarray  # NaN where an area has no target


def seri(harian: pl.DataFrame, tingkat: str, ukuran: str = "penduduk") -> Seri:
    """Aggregate the village × day frame to `tingkat` ('kabupaten', 'kecamatan' or 'desa')."""
    key = {"kabupaten": None, "kecamatan": "kode_kec", "desa": "kode_desa"}[tingkat]
    name = {"kecamatan": "nama_kec", "desa": "nama_desa"}.get(tingkat)
    frame = harian.with_columns(
        _kode=pl.lit(KODE_KAB) if key is None else pl.col(key),
        _nama=pl.lit(NAMA_KABUPATEN) if name is None else pl.col(name),
    )
    per_day = (
        frame.group_by("_kode", "_nama", "tanggal")
        .agg(
            baru=pl.col(f"{ukuran}_baru").sum(),
            kumulatif=pl.col(f"{ukuran}_respon").sum(),
            # no target at all stays null (no rate), as in capaian.sql
            target=pl.when(pl.col(f"{ukuran}_target").null_count() < pl.len())
            .then(pl.col(f"{ukuran}_target").sum())
            .cast(pl.Float64),
        )
        .sort("_kode", "tanggal")
    )
    codes = per_day.select("_kode", "_nama").unique(maintain_order=True)
    days = sorted(per_day["tanggal"].unique().to_list())
    shape = (codes.height, len(days))
    return Seri(
        kode=codes["_kode"].to_list(),
        nama=codes["_nama"].to_list(),
        hari=days,
        baru=per_day["baru"].to_numpy().reshape(shape).astype(float),
        kumulatif=per_day["kumulatif"].to_numpy().reshape(shape).astype(float),
        target=per_day["target"].to_numpy().reshape(shape)[:, 0].astype(float),
    )


def pola_hari(baru_kabupaten: np.ndarray, hari: list[date]) -> np.ndarray:
    """Weekday factors (Monday … Sunday, mean 1) of the kabupaten's daily series; all 1 with under 2 weeks.

    The classical multiplicative decomposition (as statsmodels' seasonal_decompose, period 7): each day over
    the centred 7-day mean around it, averaged per weekday. Written out in numpy: importing statsmodels
    (and scipy with it) costs the dashboard's server about 64 MB for these few lines.
    """
    series = baru_kabupaten[PEKAN_PELUNCURAN:]
    days = hari[PEKAN_PELUNCURAN:]
    if len(series) < 2 * MINGGU or (series <= 0).any():
        return np.ones(MINGGU)
    half = MINGGU // 2
    trend = np.full(len(series), np.nan)
    trend[half : len(series) - half] = np.convolve(series, np.ones(MINGGU) / MINGGU, mode="valid")
    ratio = series / trend
    factors = np.ones(MINGGU)
    for weekday in range(MINGGU):
        values = [r for r, d in zip(ratio, days, strict=True) if d.weekday() == weekday and not np.isnan(r)]
        factors[weekday] = np.mean(values)
    return factors / factors.mean()


def _paces(baru: np.ndarray, cut: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(pace of the last 7 days, slowest and fastest weekly pace of the last 3 weeks) per area, up to day `cut`."""
    end = cut + 1
    weeks = [baru[:, max(end - (k + 1) * MINGGU, 0) : end - k * MINGGU] for k in range(MINGGU_RENTANG)]
    weekly = np.stack([w.mean(axis=1) if w.shape[1] else np.full(baru.shape[0], np.nan) for w in weeks])
    # weeks that start before the first day are partial: keep them only when they hold at least 3 days
    full = [w.shape[1] >= 3 for w in weeks]
    weekly = weekly[full] if any(full) else weekly[:1]
    return weekly[0], np.nanmin(weekly, axis=0), np.nanmax(weekly, axis=0)


def _rolling_pace(baru: np.ndarray) -> np.ndarray:
    """Mean daily new responses of the 7 days up to each day (fewer at the start), areas × days."""
    total = np.cumsum(baru, axis=1)
    shifted = np.concatenate([np.zeros((baru.shape[0], MINGGU)), total[:, :-MINGGU]], axis=1)[:, : baru.shape[1]]
    counts = np.minimum(np.arange(1, baru.shape[1] + 1), MINGGU)
    return (total - shifted) / counts


def _bobot(days: list[date], factors: np.ndarray, selesai: date, faktor: float, hari: int) -> np.ndarray:
    """Per day: its weekday factor, times the rush factor when it lies in the last `hari` days up to `selesai`."""
    rush_from = selesai - timedelta(days=hari)
    return np.array([factors[d.weekday()] * (faktor if rush_from < d <= selesai else 1.0) for d in days])


def _sebaran(
    s: Seri, cut: int, horizon: int, factors: np.ndarray, selesai: date, lonjakan: Lonjakan
) -> tuple[float, float] | None:
    """The 10th and 90th percentile of log(actual ÷ forecast increment) of earlier forecasts, or None.

    Only days up to `cut` are used: forecasts made on day c for day c + h with c + h ≤ cut, their pace measured
    after the launch week. A horizon longer than any seen so far takes the longest seen, widened by
    √(horizon ÷ longest). The spread always includes 0, so the interval holds the forecast itself.
    """
    baru, kumulatif = s.baru[:, : cut + 1], s.kumulatif[:, : cut + 1]
    pace = _rolling_pace(baru)
    weights = np.cumsum(_bobot(s.hari[: cut + 1], factors, selesai, lonjakan.tengah, lonjakan.hari))
    first = PEKAN_PELUNCURAN + MINGGU - 1
    seen = min(horizon, cut - first)
    if seen < 1:
        return None
    origins = np.arange(first, cut + 1 - seen)
    expected = pace[:, origins] * (weights[origins + seen] - weights[origins])
    # persons can go down when a household's later submission has fewer members
    came = np.maximum(kumulatif[:, origins + seen] - kumulatif[:, origins], 0)
    keep = expected > 0
    if keep.sum() < MIN_SEBARAN:
        return None
    ratios = np.log((came[keep] + SETENGAH) / (expected[keep] + SETENGAH))
    low, high = np.quantile(ratios, [(1 - KEPERCAYAAN) / 2, (1 + KEPERCAYAAN) / 2])
    widen = np.sqrt(horizon / seen)
    return float(min(low, -MIN_LEBAR) * widen), float(max(high, MIN_LEBAR) * widen)


def perkiraan_dari(
    s: Seri,
    cut: int,
    sampai: date,
    target_persen: float,
    factors: np.ndarray,
    kalibrasi: Seri | None = None,
    selesai: date | None = None,
    lonjakan: Lonjakan = LONJAKAN_SP2020,
) -> pl.DataFrame:
    """Forecast of every area of `s` made on day index `cut`, for the day `sampai` (usually the window's last).

    `kalibrasi` is the series whose earlier misses set the interval (default `s`; the kabupaten, a single series
    with few earlier forecasts, takes its kecamatan's). `selesai` is the deadline the rush leads up to (default
    `sampai`).

    Columns kode, nama, persen_kini, laju (responses per day), persen_akhir, bawah, atas, tanggal_target, status,
    terlalu_dini (fewer than two weeks of data: show "too early" rather than the figure).
    """
    selesai = selesai or sampai
    today = s.hari[cut]
    horizon = (sampai - today).days
    future = [today + timedelta(days=k) for k in range(1, max(horizon, 0) + BATAS_HARI_TARGET + 1)]
    weights = np.cumsum(_bobot(future, factors, selesai, lonjakan.tengah, lonjakan.hari))
    plain = np.cumsum(_bobot(future, factors, selesai, 1.0, lonjakan.hari))
    rushed = np.cumsum(_bobot(future, factors, selesai, lonjakan.atas, lonjakan.hari))
    steps, steps_low, steps_high = (w[horizon - 1] if horizon > 0 else 0.0 for w in (weights, plain, rushed))
    pace, slow, fast = _paces(s.baru, cut)
    now = s.kumulatif[:, cut]
    is_early = cut + 1 < MIN_HARI
    spread = None if is_early or horizon <= 0 else _sebaran(kalibrasi or s, cut, horizon, factors, selesai, lonjakan)
    if horizon <= 0:
        low_gain = high_gain = np.zeros_like(pace)
    elif spread is None:
        low_gain = np.minimum(slow, pace) * steps_low / DINI_LEBAR
        high_gain = np.maximum(fast, pace) * steps_high * DINI_LEBAR
    else:
        # the model's own misses and the rush's size are independent: their log ranges add in quadrature
        rush_low, rush_high = np.log(steps_low / steps), np.log(steps_high / steps)
        low_gain = (pace * steps + SETENGAH) * np.exp(-np.hypot(spread[0], rush_low)) - SETENGAH
        high_gain = (pace * steps + SETENGAH) * np.exp(np.hypot(spread[1], rush_high)) - SETENGAH
    with np.errstate(divide="ignore", invalid="ignore"):
        percent = 100 * now / s.target
        final = 100 * (now + pace * steps) / s.target
        low = 100 * (now + np.maximum(low_gain, 0)) / s.target
        high = 100 * (now + high_gain) / s.target
        needed = target_persen / 100 * s.target - now
    reach: list[date | None] = []
    for i in range(len(s.kode)):
        if np.isnan(s.target[i]):
            reach.append(None)
        elif needed[i] <= 0:
            reach.append(today)
        elif pace[i] <= 0:
            reach.append(None)
        else:
            k = int(np.searchsorted(pace[i] * weights, needed[i]))
            reach.append(future[k] if k < len(future) else None)
    status = np.where(final >= target_persen, SESUAI, np.where(high >= target_persen, RISIKO, MELESET))
    return pl.DataFrame(
        {
            "kode": s.kode,
            "nama": s.nama,
            "persen_kini": percent,
            "laju": pace,
            "persen_akhir": final,
            "bawah": low,
            "atas": high,
            "tanggal_target": reach,
            "status": [None if np.isnan(t) else str(v) for t, v in zip(s.target, status, strict=True)],
            "terlalu_dini": [is_early] * len(s.kode),
        },
        schema={
            "kode": pl.String,
            "nama": pl.String,
            "persen_kini": pl.Float64,
            "laju": pl.Float64,
            "persen_akhir": pl.Float64,
            "bawah": pl.Float64,
            "atas": pl.Float64,
            "tanggal_target": pl.Date,
            "status": pl.String,
            "terlalu_dini": pl.Boolean,
        },
        nan_to_null=True,
    )


def perkiraan(
    harian: pl.DataFrame,
    tanggal: date,
    selesai: date,
    target_persen: float,
    tingkat: str,
    ukuran: str = "penduduk",
    lonjakan: Lonjakan = LONJAKAN_SP2020,
) -> pl.DataFrame:
    """The forecast for every area of `tingkat`, made with the data up to `tanggal`, for `selesai`."""
    shown = harian.filter(pl.col("tanggal") <= tanggal)
    s = seri(shown, tingkat, ukuran)
    kabupaten = seri(shown, "kabupaten", ukuran)
    factors = pola_hari(kabupaten.baru[0], kabupaten.hari)
    kalibrasi = _kalibrasi(shown, tingkat, ukuran)
    return perkiraan_dari(s, len(s.hari) - 1, selesai, target_persen, factors, kalibrasi, selesai, lonjakan)


def _kalibrasi(harian: pl.DataFrame, tingkat: str, ukuran: str) -> Seri | None:
    return seri(harian, "kecamatan", ukuran) if tingkat == "kabupaten" else None


def jalur(
    harian: pl.DataFrame,
    tanggal: date,
    selesai: date,
    target_persen: float,
    ukuran: str = "penduduk",
    lonjakan: Lonjakan = LONJAKAN_SP2020,
) -> pl.DataFrame:
    """The kabupaten's expected rate on every day from `tanggal` to `selesai`, with its interval, for the chart."""
    shown = harian.filter(pl.col("tanggal") <= tanggal)
    s = seri(shown, "kabupaten", ukuran)
    factors = pola_hari(s.baru[0], s.hari)
    kalibrasi = _kalibrasi(shown, "kabupaten", ukuran)
    days = [s.hari[-1] + timedelta(days=k) for k in range((selesai - s.hari[-1]).days + 1)]
    rows = [
        perkiraan_dari(s, len(s.hari) - 1, day, target_persen, factors, kalibrasi, selesai, lonjakan).row(0, named=True)
        for day in days
    ]
    return pl.DataFrame(
        {
            "tanggal": days,
            "persen": [r["persen_akhir"] for r in rows],
            "bawah": [r["bawah"] for r in rows],
            "atas": [r["atas"] for r in rows],
        },
        schema={"tanggal": pl.Date, "persen": pl.Float64, "bawah": pl.Float64, "atas": pl.Float64},
    )


UJI_SCHEMA = {
    "potong": pl.Date,
    "hari": pl.Date,
    "horizon": pl.Int32,
    "kode": pl.String,
    "perkiraan": pl.Float64,
    "aktual": pl.Float64,
    "bawah": pl.Float64,
    "atas": pl.Float64,
}


def _uji(s: Seri, kabupaten: Seri, kalibrasi: Seri | None, cut: int, target_day: int, selesai: date, lonjakan):
    """One backtest block: the forecast made on day index `cut` for day index `target_day`, against the actual."""
    factors = pola_hari(kabupaten.baru[0, : cut + 1], kabupaten.hari[: cut + 1])
    forecast = perkiraan_dari(s, cut, s.hari[target_day], 0.0, factors, kalibrasi, selesai, lonjakan)
    with np.errstate(divide="ignore", invalid="ignore"):
        actual = 100 * s.kumulatif[:, target_day] / s.target
    return forecast.select(
        pl.lit(s.hari[cut]).alias("potong"),
        pl.lit(s.hari[target_day]).alias("hari"),
        pl.lit(target_day - cut).alias("horizon"),
        "kode",
        pl.col("persen_akhir").alias("perkiraan"),
        pl.Series("aktual", actual, nan_to_null=True),
        "bawah",
        "atas",
    )


def backtest(
    harian: pl.DataFrame,
    tanggal: date,
    tingkat: str = "kabupaten",
    ukuran: str = "penduduk",
    horizons: tuple[int, ...] = (7, 14),
    mulai_potong: int = 2 * MINGGU,
    selesai: date | None = None,
    lonjakan: Lonjakan = LONJAKAN_SP2020,
) -> pl.DataFrame:
    """Forecasts made on earlier cut-off days against what then happened, with data up to `tanggal`.

    One row per cut-off, horizon and area: potong (cut-off day), hari (the day forecast), horizon, kode,
    perkiraan, aktual, bawah, atas (percent). Cut-offs start after two weeks of data. `selesai` is the
    deadline the rush leads up to (default: the configured window's last day).
    """
    selesai = selesai or config.load().selesai
    shown = harian.filter(pl.col("tanggal") <= tanggal)
    s = seri(shown, tingkat, ukuran)
    kabupaten = seri(shown, "kabupaten", ukuran)
    kalibrasi = _kalibrasi(shown, tingkat, ukuran)
    frames = [
        _uji(s, kabupaten, kalibrasi, cut, cut + horizon, selesai, lonjakan)
        for cut in range(mulai_potong - 1, len(s.hari))
        for horizon in horizons
        if cut + horizon < len(s.hari)
    ]
    if not frames:
        return pl.DataFrame(schema=UJI_SCHEMA)
    return pl.concat(frames).cast(UJI_SCHEMA).filter(pl.col("aktual").is_not_null())


def cakupan_akhir(
    harian: pl.DataFrame,
    tanggal: date,
    tingkat: str = "kabupaten",
    ukuran: str = "penduduk",
    dari: date | None = None,
    sampai_potong: date | None = None,
    lonjakan: Lonjakan = LONJAKAN_SP2020,
) -> dict:
    """How often the 80 % range of forecasts made daily held the value actually reached on `tanggal`.

    Forecasts are made on every day from `dari` (default: two weeks after the first day) to `sampai_potong`
    (default: a week before `tanggal`), each for `tanggal`, the rush leading up to the configured deadline.
    Returns {"cakupan": share inside (None without forecasts), "jumlah": forecasts × areas, "dari", "sampai",
    "hari": tanggal}, for the page to show beside the backtest.
    """
    shown = harian.filter(pl.col("tanggal") <= tanggal)
    s = seri(shown, tingkat, ukuran)
    kabupaten = seri(shown, "kabupaten", ukuran)
    kalibrasi = _kalibrasi(shown, tingkat, ukuran)
    day = {d: i for i, d in enumerate(s.hari)}
    first = s.hari[0] + timedelta(days=MIN_HARI - 1) if s.hari else tanggal
    dari = max(dari or first, first)
    sampai_potong = sampai_potong or tanggal - timedelta(days=MINGGU)
    cuts = [day[d] for d in s.hari if dari <= d <= sampai_potong]
    result = {"cakupan": None, "jumlah": 0, "dari": dari, "sampai": sampai_potong, "hari": tanggal}
    if tanggal not in day or not cuts:
        return result
    selesai = config.load().selesai
    uji = pl.concat([_uji(s, kabupaten, kalibrasi, cut, day[tanggal], selesai, lonjakan) for cut in cuts])
    uji = uji.filter(pl.col("aktual").is_not_null())
    inside = uji.select(pl.col("aktual").is_between(pl.col("bawah") - 1e-9, pl.col("atas") + 1e-9).mean()).item()
    return result | {"cakupan": inside, "jumlah": uji.height}


def mae(uji: pl.DataFrame) -> pl.DataFrame:
    """Per horizon: mean absolute error in percentage points, mean error (bias), share inside the interval, count."""
    return (
        uji.group_by("horizon")
        .agg(
            mae=(pl.col("perkiraan") - pl.col("aktual")).abs().mean(),
            bias=(pl.col("perkiraan") - pl.col("aktual")).mean(),
            cakupan=pl.col("aktual").is_between(pl.col("bawah") - 1e-9, pl.col("atas") + 1e-9).mean(),
            jumlah=pl.len(),
        )
        .sort("horizon")
    )
