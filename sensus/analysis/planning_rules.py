"""The planning page's rules, apart from how the page shows them: which events count as held, which area the
viewer's figures total to, how the viewer's percent weights become the score's, which backtests summarise a
forecast."""

from collections.abc import Mapping
from datetime import date

import polars as pl

from sensus.analysis import kegiatan_desa

# the forecast horizons (days ahead) the backtest cards summarise
HORIZONS = (7, 14)


def kegiatan_terlaksana(kegiatan: pl.DataFrame, tanggal: date) -> pl.DataFrame:
    """The events held by `tanggal`: a planned one (after the as-of day) is neither weighed in the priorities nor
    judged for uplift."""
    return kegiatan.filter(~kegiatan_desa.is_direncanakan(tanggal))


def tingkat_atas(bound_kec: str | None) -> str:
    """The level the viewer's own figures total to: their kecamatan when bound to one, else the kabupaten."""
    return "kecamatan" if bound_kec else "kabupaten"


def bobot_dari_persen(persen: Mapping[str, float]) -> dict[str, float]:
    """The score's weights (fractions) from the whole percent a viewer sets per weight."""
    return {name: value / 100 for name, value in persen.items()}


def backtest_levels(atas: str) -> list[tuple[str, tuple[int, ...]]]:
    """The (level, horizons) the backtest cards show: the viewer's own level at both horizons and the
    kecamatan's; a viewer whose own level is a kecamatan sees it once, at the first horizon."""
    if atas == "kecamatan":
        return [("kecamatan", HORIZONS[:1])]
    return [(atas, HORIZONS), ("kecamatan", HORIZONS)]
