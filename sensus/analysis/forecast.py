"""Will the target be reached? The rate expected on the window's last day, at the current pace and its drift.

One forecast per area and day, whoever asks: `perkiraan` is the only function the card, the tab's chart and
table, the daily message and the backtest read. Its `Model` (weekday pattern, the too-early rule, the misses
that set the range) is learnt from the whole kabupaten up to the as-of day, so a kecamatan's figures do not
depend on whether a camat (whose view holds only its villages) or the planner asks.

The model, in one paragraph for the page:
- the *pace* of an area is its new responses of the last 7 days divided by 7 (a week holds each weekday once,
  so the weekend dip does not bias it);
- the days ahead follow the kabupaten's *weekday pattern* (the classical multiplicative decomposition of the
  daily kabupaten series after the launch week: e.g. a Saturday brings 0.8 of an ordinary day);
- deadlines bring a rush: in the last 10 days of the window every day counts `Lonjakan.tengah` (1.8) times an
  ordinary day. The prior comes from the published SP2020 Online progress (data/perbandingan_sp2020.csv): from
  5 to 19 May 2020 Indonesia gained 0.20 million persons a day, in the 10 days before the 29 May deadline
  0.66 million a day, 3.25 times as many. The point forecast takes the geometric middle between no rush (1)
  and that documented rush (3.25); no rush and the full rush are the ends of a 95 % range (log-normal), so
  the 80 % range takes 1.28 ÷ 1.96 of it;
- the *drift* and the *range* come from the misses of earlier week-ahead forecasts of every kecamatan (days up
  to the as-of day only): the ratio of the pace that came to the pace expected. Its median is one week's
  drift, its 10th–90th percentile one week's range; over k weeks the pace drifts like a random walk, so the
  drift adds up to (k + 1) ÷ 2 weeks' and the range of the mean pace widens by √((k + 1)(2k + 1) ÷ 6k). The
  misses' range and the rush's are independent and add in quadrature (log scale), never narrower than ±10 %
  of the increment. The kabupaten, a single series, uses its kecamatan's misses. Measured on three demo seeds
  (bench/forecast_coverage.py): the 80 % range held the 31 Mar value in 80–88 % of the daily forecasts;
- expected rate on day D = today's rate + pace × (the weekday × rush factors of the days up to D) × drift ÷
  target;
- with under two weeks of data it is `terlalu_dini` (too early): no forecast, no range, no status, anywhere;
  once the day forecast for has come (`hasil`), the rate reached and whether the target was met;
- the target date is the first day the expected rate reaches the target at the current pace (it may lie after
  the window, or never when nothing came in for a week);
- flags: on track when the expected final rate reaches the target; at risk when only the high end would
  reach it; off track when not even that would.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np
import polars as pl

from sensus.core import wilayah_indonesia
from sensus.core.calendar import WEEK

MINGGU = WEEK
MINGGU_RENTANG = 3  # weeks whose paces bound the fallback interval
KEPERCAYAAN = 0.80
MIN_SEBARAN = 10  # earlier forecasts needed before their misses set the interval
SETENGAH = 0.5
PEKAN_PELUNCURAN = 7  # the launch week's novelty is left out of the weekday pattern
BATAS_HARI_TARGET = 366  # look this far past the window for the day the target would be reached
SESUAI, RISIKO, MELESET = "sesuai", "berisiko", "meleset"
Z_80, Z_95 = 1.2816, 1.96  # standard normal quantiles of the 80 % and 95 % ranges
TERCAPAI, TIDAK_TERCAPAI = "tercapai", "tidak_tercapai"  # once the day has come: results, not forecasts
# whose earlier misses set each level's range (a single kabupaten series has too few of its own)
KALIBRASI = {"kabupaten": "kecamatan", "kecamatan": "kecamatan", "desa": "desa"}
MIN_HARI = 2 * MINGGU  # days of data before a forecast is more than "too early"
MIN_LEBAR = 0.10  # the narrowest range: ±10 % of the expected increment (log ratio)
DINI_LEBAR = 2.0  # too few misses to learn from: from half the slowest to twice the fastest weekly pace


@dataclass(frozen=True)
class Lonjakan:
    """The deadline rush: in the last `hari` days each day counts `tengah` (point) or `atas` (upper end) times."""

    hari: int = 10
    tengah: float = 1.8
    atas: float = 3.25

    def rentang(self) -> tuple[float, float]:
        """The rush factors at the ends of the 80 % range: no rush (1) and the full documented one (`atas`) are
        the ends of a 95 % range, log-normal around `tengah`; the 80 % range takes 1.28 ÷ 1.96 of it."""
        half = Z_80 / Z_95 * np.log(self.atas / self.tengah)
        return float(self.tengah * np.exp(-half)), float(self.tengah * np.exp(half))


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


def _nama_kabupaten(kode: pl.Series) -> dict[str, str]:
    """Each kabupaten/kota code's published name; a code outside the reference areas keeps the code."""
    names = {}
    for code in kode.to_list():
        try:
            names[code] = wilayah_indonesia.nama_wilayah(code)
        except wilayah_indonesia.WilayahTidakDikenal:
            names[code] = code
    return names


def seri(harian: pl.DataFrame, tingkat: str, ukuran: str = "penduduk") -> Seri:
    """Aggregate the village × day frame to `tingkat` ('kabupaten', 'kecamatan' or 'desa')."""
    key = {"kabupaten": None, "kecamatan": "kode_kec", "desa": "kode_desa"}[tingkat]
    name = {"kecamatan": "nama_kec", "desa": "nama_desa"}.get(tingkat)
    if key is None:
        # the kabupaten/kota is the one the villages' codes begin with ('33.16' of '33.16.05.1014')
        frame = harian.with_columns(_kode=pl.col("kode_desa").str.slice(0, 5))
        frame = frame.with_columns(_nama=pl.col("_kode").replace_strict(_nama_kabupaten(frame["_kode"].unique())))
    else:
        frame = harian.with_columns(_kode=pl.col(key), _nama=pl.col(name))
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
    kal: Seri, cut_day: date, horizon: int, factors: np.ndarray, selesai: date, lonjakan: Lonjakan
) -> tuple[float, float, float] | None:
    """(drift, low, high) of log(actual ÷ forecast increment) `horizon` days ahead, learnt from the misses of the
    earlier week-ahead forecasts of `kal`'s areas (days up to `cut_day` only), or None with too few of them.

    A week-ahead miss is the ratio of the pace that came to the pace expected: its middle (10th to 90th
    percentile) is the range of one week, its median the drift of one week. Further ahead the pace drifts week
    after week like a random walk, so over k weeks the drift adds up to (k + 1) ÷ 2 weeks' and the spread of the
    mean pace to √((k + 1)(2k + 1) ÷ 6k) weeks'. Before a week of misses exists the longest seen stands for a week.
    """
    cut = kal.hari.index(cut_day)
    baru, kumulatif = kal.baru[:, : cut + 1], kal.kumulatif[:, : cut + 1]
    pace = _rolling_pace(baru)
    weights = np.cumsum(_bobot(kal.hari[: cut + 1], factors, selesai, lonjakan.tengah, lonjakan.hari))
    first = PEKAN_PELUNCURAN + MINGGU - 1
    step = min(MINGGU, horizon, cut - first)
    if step < 1:
        return None
    origins = np.arange(first, cut + 1 - step)
    expected = pace[:, origins] * (weights[origins + step] - weights[origins])
    # persons can go down when a household's later submission has fewer members
    came = np.maximum(kumulatif[:, origins + step] - kumulatif[:, origins], 0)
    keep = expected > 0
    if keep.sum() < MIN_SEBARAN:
        return None
    ratios = np.log((came[keep] + SETENGAH) / (expected[keep] + SETENGAH))
    low, middle, high = np.quantile(ratios, [(1 - KEPERCAYAAN) / 2, 0.5, (1 + KEPERCAYAAN) / 2])
    k = horizon / step
    spread = np.sqrt((k + 1) * (2 * k + 1) / (6 * k))
    drift = middle * (k + 1) / 2
    return float(drift), float(drift - (middle - low) * spread), float(drift + (high - middle) * spread)


@dataclass(frozen=True)
class Model:
    """What a forecast made on one day learns from the whole kabupaten's days up to it: the weekday pattern,
    the "too early" rule and the earlier misses that set the range. The same for every viewer: a camat's
    view holds one kecamatan's villages, yet Cepu's forecast must not depend on who looks at it. Only these
    parameters come from the other areas, never their figures."""

    kabupaten: Seri  # the kabupaten's daily series up to the as-of day
    kalibrasi: dict[str, Seri]  # per level: the series whose earlier misses set the interval
    cut: int  # index of the as-of day in kabupaten.hari

    @property
    def terlalu_dini(self) -> bool:
        """The one rule for "too early": under two weeks of data, no forecast and no status anywhere."""
        return self.cut + 1 < MIN_HARI

    @property
    def faktor(self) -> np.ndarray:
        return pola_hari(self.kabupaten.baru[0, : self.cut + 1], self.kabupaten.hari[: self.cut + 1])

    def pada(self, day: date) -> "Model":
        """The model as it stood on an earlier day (a backtest's cut-off): nothing after that day is used."""
        return replace(self, cut=self.kabupaten.hari.index(day))


def model(dasar: pl.DataFrame, tanggal: date, ukuran: str = "penduduk") -> Model:
    """The parameters learnt from `dasar` (the whole kabupaten's village × day frame) up to `tanggal`."""
    shown = dasar.filter(pl.col("tanggal") <= tanggal)
    kabupaten = seri(shown, "kabupaten", ukuran)
    return Model(
        kabupaten=kabupaten,
        kalibrasi={level: seri(shown, source, ukuran) for level, source in KALIBRASI.items()},
        cut=len(kabupaten.hari) - 1,
    )


SCHEMA = {
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
    "hasil": pl.Boolean,
}


def _rentang(pace, slow, fast, steps, steps_low, steps_high, spread) -> tuple[np.ndarray, np.ndarray]:
    """The low and high expected increment of the 80 % range."""
    if spread is None:
        return np.minimum(slow, pace) * steps_low / DINI_LEBAR, np.maximum(fast, pace) * steps_high * DINI_LEBAR
    # the model's own misses and the rush's size are independent: their log ranges add in quadrature
    drift, low, high = spread
    rush_low, rush_high = np.log(steps_low / steps), np.log(steps_high / steps)
    expected = (pace * steps + SETENGAH) * np.exp(drift)
    low = expected * np.exp(-np.hypot(max(drift - low, MIN_LEBAR), rush_low)) - SETENGAH
    high = expected * np.exp(np.hypot(max(high - drift, MIN_LEBAR), rush_high)) - SETENGAH
    return low, high


def _hasil(s: Seri, cut: int, sampai: date, target_persen: float, percent, pace) -> pl.DataFrame:
    """Once the day forecast for has come: what was reached, whether the target was met, and on which day."""
    end = s.hari.index(sampai) if sampai in s.hari else cut
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = 100 * s.kumulatif[:, : end + 1] / s.target[:, None]
    reached = [
        None
        if np.isnan(s.target[i]) or not (rates[i] >= target_persen).any()
        else s.hari[int(np.argmax(rates[i] >= target_persen))]
        for i in range(len(s.kode))
    ]
    final = rates[:, end]
    status = [
        None if np.isnan(t) else (TERCAPAI if v >= target_persen else TIDAK_TERCAPAI)
        for t, v in zip(s.target, final, strict=True)
    ]
    return _frame(s, percent, pace, final, None, None, reached, status, False, True)


def _frame(s: Seri, percent, pace, final, low, high, reach, status, is_early: bool, is_result: bool):
    n = len(s.kode)
    nothing = [None] * n
    return pl.DataFrame(
        {
            "kode": s.kode,
            "nama": s.nama,
            "persen_kini": percent,
            "laju": pace,
            "persen_akhir": nothing if final is None else final,
            "bawah": nothing if low is None else low,
            "atas": nothing if high is None else high,
            "tanggal_target": reach,
            "status": status,
            "terlalu_dini": [is_early] * n,
            "hasil": [is_result] * n,
        },
        schema=SCHEMA,
        nan_to_null=True,
    )


def perkiraan_dari(
    s: Seri,
    cut: int,
    sampai: date,
    target_persen: float,
    m: Model,
    tingkat: str,
    selesai: date | None = None,
    lonjakan: Lonjakan = LONJAKAN_SP2020,
) -> pl.DataFrame:
    """Forecast of every area of `s` (level `tingkat`) made on day index `cut`, for the day `sampai`.

    `m` is the kabupaten's model (weekday pattern, earlier misses); `selesai` is the deadline the rush leads up
    to (default `sampai`). Columns kode, nama, persen_kini, laju (responses per day), persen_akhir, bawah, atas,
    tanggal_target, status, terlalu_dini, hasil. Too early (under two weeks of data): no figure, no range, no
    status. Once `sampai` has come (`hasil`): the rate reached and whether the target was met.
    """
    selesai = selesai or sampai
    today = s.hari[cut]
    m = m.pada(today)
    horizon = (sampai - today).days
    pace, slow, fast = _paces(s.baru, cut)
    now = s.kumulatif[:, cut]
    with np.errstate(divide="ignore", invalid="ignore"):
        percent = 100 * now / s.target
    if horizon <= 0:
        return _hasil(s, cut, sampai, target_persen, percent, pace)
    if m.terlalu_dini:
        return _frame(s, percent, pace, None, None, None, [None] * len(s.kode), [None] * len(s.kode), True, False)
    factors = m.faktor
    future = [today + timedelta(days=k) for k in range(1, horizon + BATAS_HARI_TARGET + 1)]
    weights = np.cumsum(_bobot(future, factors, selesai, lonjakan.tengah, lonjakan.hari))
    rush_low, rush_high = lonjakan.rentang()
    plain = np.cumsum(_bobot(future, factors, selesai, rush_low, lonjakan.hari))
    rushed = np.cumsum(_bobot(future, factors, selesai, rush_high, lonjakan.hari))
    steps, steps_low, steps_high = (w[horizon - 1] for w in (weights, plain, rushed))
    spread = _sebaran(m.kalibrasi[tingkat], today, horizon, factors, selesai, lonjakan)
    low_gain, high_gain = _rentang(pace, slow, fast, steps, steps_low, steps_high, spread)
    # the drift the earlier misses show (a pace that keeps rising or fading) moves the forecast with its range
    gain = pace * steps if spread is None else (pace * steps + SETENGAH) * np.exp(spread[0]) - SETENGAH
    # a count only grows: no gain below zero, and the range holds the forecast (the ½ of the log ratio could
    # otherwise put a quiet village's high end under its forecast)
    gain = np.maximum(gain, 0)
    low_gain, high_gain = np.clip(low_gain, 0, gain), np.maximum(high_gain, gain)
    # an area quiet for a week may pick up again: its high end allows the best week of the last three
    high_gain = np.where(pace > 0, high_gain, np.maximum(high_gain, fast * steps))
    with np.errstate(divide="ignore", invalid="ignore"):
        final = 100 * (now + gain) / s.target
        low = 100 * (now + low_gain) / s.target
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
    status = [None if np.isnan(t) else str(v) for t, v in zip(s.target, status, strict=True)]
    return _frame(s, percent, pace, final, low, high, reach, status, False, False)


def perkiraan(
    harian: pl.DataFrame,
    tanggal: date,
    selesai: date,
    target_persen: float,
    tingkat: str,
    ukuran: str = "penduduk",
    lonjakan: Lonjakan = LONJAKAN_SP2020,
    dasar: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """THE forecast: every area of `tingkat` in `harian`, made with the data up to `tanggal`, for `selesai`.

    `dasar` is the whole kabupaten's village × day frame the model learns from (default `harian`): a view
    narrowed to one kecamatan passes it so its kecamatan's figures are those every other viewer sees.
    """
    shown = harian.filter(pl.col("tanggal") <= tanggal)
    s = seri(shown, tingkat, ukuran)
    m = model(harian if dasar is None else dasar, tanggal, ukuran)
    return perkiraan_dari(s, len(s.hari) - 1, selesai, target_persen, m, tingkat, selesai, lonjakan)


def utama(
    harian: pl.DataFrame,
    tanggal: date,
    selesai: date,
    target_persen: float,
    ukuran: str = "penduduk",
    kode_kec: str | None = None,
    dasar: pl.DataFrame | None = None,
    lonjakan: Lonjakan = LONJAKAN_SP2020,
) -> dict:
    """The viewer's own area: the kabupaten, or the kecamatan `kode_kec` a view is bound to, read from the same
    forecast as the per-kecamatan table's row (the card, the message and the table agree)."""
    if kode_kec is None:
        return perkiraan(harian, tanggal, selesai, target_persen, "kabupaten", ukuran, lonjakan, dasar).row(
            0, named=True
        )
    own = harian.filter(pl.col("kode_kec") == kode_kec)
    dasar = harian if dasar is None else dasar
    return perkiraan(own, tanggal, selesai, target_persen, "kecamatan", ukuran, lonjakan, dasar).row(0, named=True)


def jalur(
    harian: pl.DataFrame,
    tanggal: date,
    selesai: date,
    target_persen: float,
    ukuran: str = "penduduk",
    kode_kec: str | None = None,
    dasar: pl.DataFrame | None = None,
    lonjakan: Lonjakan = LONJAKAN_SP2020,
) -> pl.DataFrame:
    """The viewer's area's expected rate on every day from `tanggal` to `selesai`, with its interval, for the
    chart: empty when it is too early or the window is over (nothing to forecast)."""
    tingkat = "kabupaten" if kode_kec is None else "kecamatan"
    own = harian if kode_kec is None else harian.filter(pl.col("kode_kec") == kode_kec)
    shown = own.filter(pl.col("tanggal") <= tanggal)
    schema = {"tanggal": pl.Date, "persen": pl.Float64, "bawah": pl.Float64, "atas": pl.Float64}
    m = model(harian if dasar is None else dasar, tanggal, ukuran)
    s = seri(shown, tingkat, ukuran)
    if m.terlalu_dini or not s.hari or s.hari[-1] >= selesai:
        return pl.DataFrame(schema=schema)
    cut = len(s.hari) - 1
    # the band starts at today's rate, where the curve ends
    now = perkiraan_dari(s, cut, s.hari[-1], target_persen, m, tingkat, selesai, lonjakan)["persen_akhir"][0]
    rows = [{"tanggal": s.hari[-1], "persen": now, "bawah": now, "atas": now}]
    for k in range(1, (selesai - s.hari[-1]).days + 1):
        day = s.hari[-1] + timedelta(days=k)
        r = perkiraan_dari(s, cut, day, target_persen, m, tingkat, selesai, lonjakan).row(0, named=True)
        rows.append({"tanggal": day, "persen": r["persen_akhir"], "bawah": r["bawah"], "atas": r["atas"]})
    return pl.DataFrame(rows, schema=schema)


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


def _uji(s: Seri, m: Model, tingkat: str, cut: int, target_day: int, selesai: date, lonjakan) -> pl.DataFrame:
    """One backtest block: the forecast made on day index `cut` for day index `target_day`, against the actual."""
    forecast = perkiraan_dari(s, cut, s.hari[target_day], 0.0, m, tingkat, selesai, lonjakan)
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
    *,
    selesai: date,
    lonjakan: Lonjakan = LONJAKAN_SP2020,
    dasar: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Forecasts made on earlier cut-off days against what then happened, with data up to `tanggal`.

    One row per cut-off, horizon and area of `harian`: potong (cut-off day), hari (the day forecast), horizon,
    kode, perkiraan, aktual, bawah, atas (percent). Cut-offs start after two weeks of data. `selesai` is the
    deadline the rush leads up to (the window's last day); `dasar` as in `perkiraan`.
    """
    shown = harian.filter(pl.col("tanggal") <= tanggal)
    s = seri(shown, tingkat, ukuran)
    m = model(harian if dasar is None else dasar, tanggal, ukuran)
    frames = [
        _uji(s, m, tingkat, cut, cut + horizon, selesai, lonjakan)
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
    dasar: pl.DataFrame | None = None,
    *,
    selesai: date,
) -> dict:
    """How often the 80 % range of forecasts made daily held the value actually reached on `tanggal`.

    Forecasts are made on every day from `dari` (default: two weeks after the first day) to `sampai_potong`
    (default: a week before `tanggal`), each for `tanggal`, the rush leading up to the deadline `selesai`.
    Returns {"cakupan": share inside (None without forecasts), "jumlah": forecasts × areas, "dari", "sampai",
    "hari": tanggal, "lebar": median width of the range as a share of the value reached}.
    """
    shown = harian.filter(pl.col("tanggal") <= tanggal)
    s = seri(shown, tingkat, ukuran)
    m = model(harian if dasar is None else dasar, tanggal, ukuran)
    day = {d: i for i, d in enumerate(s.hari)}
    first = s.hari[0] + timedelta(days=MIN_HARI - 1) if s.hari else tanggal
    dari = max(dari or first, first)
    sampai_potong = sampai_potong or tanggal - timedelta(days=MINGGU)
    cuts = [day[d] for d in s.hari if dari <= d <= sampai_potong]
    result = {"cakupan": None, "jumlah": 0, "dari": dari, "sampai": sampai_potong, "hari": tanggal, "lebar": None}
    if tanggal not in day or not cuts:
        return result
    uji = pl.concat([_uji(s, m, tingkat, cut, day[tanggal], selesai, lonjakan) for cut in cuts])
    uji = uji.filter(pl.col("aktual").is_not_null() & (pl.col("aktual") > 0))
    summary = uji.select(
        cakupan=pl.col("aktual").is_between(pl.col("bawah") - 1e-9, pl.col("atas") + 1e-9).mean(),
        lebar=((pl.col("atas") - pl.col("bawah")) / pl.col("aktual")).median(),
    ).row(0, named=True)
    return result | summary | {"jumlah": uji.height}


def cakupan(uji: pl.DataFrame) -> float | None:
    """The share of a backtest's forecasts whose 80 % range held the outcome (None without forecasts)."""
    if uji.is_empty():
        return None
    return uji.select(pl.col("aktual").is_between(pl.col("bawah") - 1e-9, pl.col("atas") + 1e-9).mean()).item()


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
