"""Every text a user reads, in Bahasa Indonesia and English, and numbers and dates as each reads them.

t("kunci") looks a text up in the catalogs under texts/ (one TOML file per area, for translators);
numbers and dates are formatted through babel (id_ID: 12.345 and 12,3 %).
"""

import tomllib
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache
from pathlib import Path

import polars as pl
from babel import dates as babel_dates
from babel import numbers as babel_numbers

BAHASA = ("id", "en")
LOCALE = {"id": "id_ID", "en": "en_GB"}

TEXTS = Path(__file__).with_name("texts")


@cache
def catalog() -> dict[str, dict[str, str]]:
    """Every key of every catalog in texts/*.toml → {"id": …, "en": …}; a key in two catalogs is an error."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(TEXTS.glob("*.toml")):
        for key, texts in tomllib.loads(path.read_text(encoding="utf-8")).items():
            if key in merged:
                raise ValueError(f"{path.name}: text key {key!r} is also defined in another catalog")
            missing = [bahasa for bahasa in BAHASA if bahasa not in texts]
            if missing:
                raise ValueError(f"{path.name}: text key {key!r} has no {', '.join(missing)}")
            merged[key] = texts
    return merged


def t(key: str, bahasa: str = "id", **values) -> str:
    """The text for `key` in `bahasa` ('id' or 'en'), with {placeholders} filled."""
    text = catalog()[key]["en" if bahasa == "en" else "id"]
    return text.format(**values) if values else text


# the text keys of the event kinds the product knows (sensus.ingest.kegiatan.JENIS), written out
JENIS_KEY = {
    "rakor": "jenis_rakor",
    "sosialisasi": "jenis_sosialisasi",
    "pendampingan": "jenis_pendampingan",
    "lainnya": "jenis_lainnya",
}


def jenis_kegiatan(jenis: str | None, bahasa: str = "id") -> str:
    """An event's kind as the viewer reads it ('rakor' → 'coordination meeting (rakor)' in English); a kind this
    version has no text for (an events file may bring its own) is shown as written."""
    if jenis is None:
        return "–"
    return t(JENIS_KEY[jenis], bahasa) if jenis in JENIS_KEY else jenis


def jenis_column(column: pl.Series, bahasa: str = "id") -> pl.Series:
    """jenis_kegiatan for a whole column (once per distinct kind)."""
    kinds = {kind: jenis_kegiatan(kind, bahasa) for kind in column.unique().drop_nulls().to_list()}
    return column.replace_strict(kinds, default=None, return_dtype=pl.String).alias(column.name)


def angka(value: float | int | None, bahasa: str = "id", digits: int = 0) -> str:
    """12345 → '12.345' (id) or '12,345' (en); None → '–'."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return babel_numbers.format_decimal(value, format=pattern, locale=LOCALE[bahasa])


SEPARATORS = {"id": (".", ","), "en": (",", ".")}  # (grouping, decimal), as babel's id_ID and en_GB write them


def angka_column(column: pl.Series, bahasa: str = "id", digits: int = 0) -> pl.Series:
    """`angka` for a whole column at once (a table of 295 villages: a few polars expressions, not 3,000 babel
    calls); the same text as `angka` for every value, rounding half to even as babel does; null stays null."""
    group, decimal = SEPARATORS[bahasa]
    values = column.cast(pl.Float64)
    value = pl.col("value")
    # babel keeps the sign of a negative value that rounds to zero ('-0,00'), -0.0 included
    negative = (value < 0) | ((value == 0) & (1.0 / value < 0))
    digits_text = pl.col("scaled").cast(pl.String).str.zfill(digits + 1)
    whole = digits_text.str.head(-digits) if digits else digits_text
    # 1234567 → 7654321 → 765.432.1 → 1.234.567: groups of three from the right
    grouped = whole.str.reverse().str.replace_all(r"(\d{3})", "${1}" + group).str.reverse().str.strip_prefix(group)
    text = pl.concat_str(grouped, pl.lit(decimal), digits_text.str.tail(digits)) if digits else grouped
    # the rounding is computed first, in this thread: no Python callback inside the plan (sensus.core.frames)
    frame = pl.DataFrame({"value": values, "scaled": _scaled_half_even(values, digits)})
    return frame.select(pl.when(~negative).then(text).otherwise(pl.lit("-") + text).alias(column.name)).to_series()


def _scaled_half_even(column: pl.Series, digits: int) -> pl.Series:
    """|value| × 10^digits as a whole number, rounded as babel rounds: half to even on the value's shortest decimal
    form (32.825 is a tie, though its binary float lies just below it). Once per distinct value of the column."""
    step = Decimal(1).scaleb(-digits)
    magnitudes = column.abs()
    units = {
        v: int(Decimal(repr(v)).quantize(step, rounding=ROUND_HALF_EVEN).scaleb(digits))
        for v in magnitudes.unique().drop_nulls().drop_nans().to_list()
        if v != float("inf")
    }
    return magnitudes.replace_strict(units, default=None, return_dtype=pl.Int64)


def persen(value: float | None, bahasa: str = "id", digits: int = 1) -> str:
    """12.34 (already in percent) → '12,3 %' (id) or '12.3%' (en)."""
    if value is None:
        return "–"
    return angka(value, bahasa, digits) + tanda_persen(bahasa)


def tanda_persen(bahasa: str = "id") -> str:
    """What follows a percentage: ' %' in Indonesian (12,3 %), '%' in English (12.3%); chart axes use it too."""
    return " %" if bahasa == "id" else "%"


def tanggal(day: date | datetime | None, bahasa: str = "id", format: str = "d MMM yyyy") -> str:
    """date(2020, 2, 20) → '20 Feb 2020'; format='full' → 'Kamis, 20 Februari 2020'."""
    if day is None:
        return "–"
    if format == "full":
        return babel_dates.format_date(day, format="full", locale=LOCALE[bahasa])
    text = babel_dates.format_date(day, format=format, locale=LOCALE[bahasa])
    if "MMM" in format and "MMMM" not in format:
        # one rule for a short month: its first three letters (babel's en_GB writes "Sept" beside "Mar")
        for long, short in _short_months(bahasa).items():
            text = text.replace(long, short)
    return text


@cache
def _short_months(bahasa: str) -> dict[str, str]:
    """The abbreviated month names of the language that are longer than three letters → their first three."""
    names = babel_dates.get_month_names("abbreviated", locale=LOCALE[bahasa]).values()
    return {name: name[:3] for name in names if len(name.rstrip(".")) > 3}


def selisih(now: float | None, then: float | None, bahasa: str = "id", suffix: str | None = None) -> str | None:
    """The signed difference of two percents: '+1,23 poin' (id) / '-0,40 pp' (en); None when either is missing.

    One unit word per language, from the catalog (`peta_poin`), wherever a difference of percents is shown.
    """
    if now is None or then is None:
        return None
    unit = " " + t("peta_poin", bahasa) if suffix is None else suffix
    return ("+" if now >= then else "") + angka(now - then, bahasa, 2) + unit
