"""Every text a user reads, in Bahasa Indonesia and English, and numbers and dates as each reads them.

t("kunci") looks a text up in the catalogs under texts/ (one TOML file per area, for translators);
numbers and dates are formatted through babel (id_ID: 12.345 and 12,3 %).
"""

import tomllib
from datetime import date, datetime
from functools import cache
from pathlib import Path

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


def angka(value: float | int | None, bahasa: str = "id", digits: int = 0) -> str:
    """12345 → '12.345' (id) or '12,345' (en); None → '–'."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return babel_numbers.format_decimal(value, format=pattern, locale=LOCALE[bahasa])


def persen(value: float | None, bahasa: str = "id", digits: int = 1) -> str:
    """12.34 (already in percent) → '12,3 %' (id) or '12.3%' (en)."""
    if value is None:
        return "–"
    number = angka(value, bahasa, digits)
    return f"{number} %" if bahasa == "id" else f"{number}%"


def tanggal(day: date | datetime | None, bahasa: str = "id", format: str = "d MMM yyyy") -> str:
    """date(2020, 2, 20) → '20 Feb 2020'; format='full' → 'Kamis, 20 Februari 2020'."""
    if day is None:
        return "–"
    if format == "full":
        return babel_dates.format_date(day, format="full", locale=LOCALE[bahasa])
    return babel_dates.format_date(day, format=format, locale=LOCALE[bahasa])


def selisih(now: float | None, then: float | None, bahasa: str = "id", suffix: str | None = None) -> str | None:
    """The signed difference of two percents: '+1,23 poin' (id) / '-0,40 pp' (en); None when either is missing.

    One unit word per language, from the catalog (`peta_poin`), wherever a difference of percents is shown.
    """
    if now is None or then is None:
        return None
    unit = " " + t("peta_poin", bahasa) if suffix is None else suffix
    return ("+" if now >= then else "") + angka(now - then, bahasa, 2) + unit
