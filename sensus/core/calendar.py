"""The census calendar: the window, the target path through it, days left, the day before.

The one home of these rules; pages, the daily message and the stalled alerts all ask here.
"""

from datetime import date, timedelta

from sensus.core.config import Config

WEEK = 7
# a village with no new household for this many days is called stalled (macet)
STALLED_DAYS = 3


def window(cfg: Config) -> tuple[date, date]:
    """(first, last) day of the online census, inclusive."""
    return cfg.mulai, cfg.selesai


def clamp(tanggal: date, cfg: Config) -> date:
    """The day moved into the window: before it counts as its first day, after it as its last."""
    mulai, selesai = window(cfg)
    return min(max(tanggal, mulai), selesai)


def as_of_default(hari_data_terakhir: date | None, cfg: Config) -> date:
    """The as-of day a page opens on without one in its link: the last day with data, moved into the window."""
    return clamp(hari_data_terakhir, cfg) if hari_data_terakhir else window(cfg)[0]


def path_percent(mulai: date, tanggal: date, target_persen: float, jumlah_hari: int) -> float:
    """The target path's percent on `tanggal`: a straight line reaching `target_persen` after `jumlah_hari` days.

    Day one (`mulai`) already asks for one day's share, so the last day of the window asks for the target.
    """
    return target_persen * ((tanggal - mulai).days + 1) / jumlah_hari


def target_path(tanggal: date, cfg: Config) -> float:
    """The percent the target path asks for on a day of the configured window (days outside it are clamped)."""
    return path_percent(cfg.mulai, clamp(tanggal, cfg), cfg.target_persen, cfg.jumlah_hari)


def path_per_week(target_persen: float, jumlah_hari: int) -> float:
    """Percentage points the target path climbs in a week."""
    return target_persen * WEEK / jumlah_hari


def days_left(tanggal: date, cfg: Config) -> int:
    """Days from `tanggal` to the window's last day; 0 on and after it."""
    return max((cfg.selesai - tanggal).days, 0)


def previous_day(tanggal: date, days: int = 1) -> date:
    return tanggal - timedelta(days=days)
