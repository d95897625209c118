"""Table exports (CSV, XLSX) that are safe to open in a spreadsheet and say what they hold.

- headers in the viewer's language: `labels` maps a column to its header (columns not in it keep their name);
- numbers as the pages show them: every decimal column rounded to 2 decimals (a percentage, a change in points),
  or to the places `desimal` names for it (a score the page shows whole: 74, not 73.598523…);
- yes/no columns as the viewer's words (ya/tidak, yes/no), not true/false;
- dates and times: real date cells in XLSX (times in WIB, the zone the pages show), ISO 8601 text in CSV
  (2020-03-10, 2020-03-10T14:03:00+07:00);
- `catatan` (e.g. `catatan_demo(bahasa)` on a demo store) becomes the CSV's first line and the XLSX's first row,
  so a file that leaves the screen still says the data is simulated;
- text cells a spreadsheet would run as a formula are neutralised.
"""

import io
from collections.abc import Iterable

import polars as pl
import xlsxwriter

from sensus.core import i18n
from sensus.core.config import WIB

# a cell starting with one of these is run as a formula by Excel/LibreOffice (CSV injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DESIMAL_PERSEN = 2
FORMAT_TANGGAL = "yyyy-mm-dd"
FORMAT_WAKTU = "yyyy-mm-dd hh:mm:ss"
BARIS_TABEL = 2  # with a note, the table starts on the third row (a blank row between)


def neutralise(table: pl.DataFrame) -> pl.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with a quote; numbers stay numbers."""
    text_columns = [name for name, dtype in table.schema.items() if dtype == pl.String]
    pattern = "^[" + "".join("\\" + c if c in "-+" else c for c in FORMULA_START) + "]"
    return table.with_columns(
        pl.when(pl.col(name).str.contains(pattern)).then("'" + pl.col(name)).otherwise(pl.col(name)).alias(name)
        for name in text_columns
    )


def catatan_demo(bahasa: str = "id") -> str:
    """The line every export from a demo store starts with."""
    return i18n.t("ekspor_catatan_demo", bahasa)


def _prepare(
    table: pl.DataFrame, persen: Iterable[str] | None, bahasa: str = "id", desimal: dict[str, int] | None = None
) -> pl.DataFrame:
    """Round the decimal columns as the page shows them, yes/no as words, and neutralise formula-looking text.

    `persen` is kept for callers that name their percentage columns; every other decimal column is rounded too
    (a 7-day change of 1.3005214… points reads 1.30 on the page and in the file)."""
    places = {name: DESIMAL_PERSEN for name in persen or ()} | (desimal or {})
    rounded = table.with_columns(
        pl.col(name).round(places.get(name, DESIMAL_PERSEN)).cast(pl.Int64, strict=False)
        if places.get(name) == 0
        else pl.col(name).round(places.get(name, DESIMAL_PERSEN))
        for name, dtype in table.schema.items()
        if dtype.is_float()
    )
    words = {True: i18n.t("ya", bahasa), False: i18n.t("tidak", bahasa)}
    worded = rounded.with_columns(
        pl.col(name).replace_strict(words, return_dtype=pl.String)
        for name, dtype in rounded.schema.items()
        if dtype == pl.Boolean
    )
    return neutralise(worded)


def _headers(table: pl.DataFrame, labels: dict[str, str] | None) -> pl.DataFrame:
    names = [(labels or {}).get(c, c) for c in table.columns]
    if len(set(names)) < len(names):
        raise ValueError(f"two columns would share a header: {names}")
    return table.rename(dict(zip(table.columns, names, strict=True)))


def _as_wib(table: pl.DataFrame) -> pl.DataFrame:
    """Instants with a zone as WIB wall-clock times (a spreadsheet cell has no zone)."""
    return table.with_columns(
        pl.col(name).dt.convert_time_zone(WIB).dt.replace_time_zone(None)
        for name, dtype in table.schema.items()
        if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None
    )


def csv_bytes(
    table: pl.DataFrame,
    labels: dict[str, str] | None = None,
    catatan: str | None = None,
    persen: Iterable[str] | None = None,
    bahasa: str = "id",
    desimal: dict[str, int] | None = None,
) -> bytes:
    """UTF-8 CSV with a BOM (so Excel opens Ngawen, Kradenan, … correctly), `catatan` as the first line."""
    frame = _prepare(table, persen, bahasa, desimal)
    # ISO 8601 with the offset, to the second: what every tool parses back
    frame = frame.with_columns(
        pl.col(name).dt.convert_time_zone(WIB).dt.strftime("%Y-%m-%dT%H:%M:%S%:z")
        if dtype.time_zone is not None
        else pl.col(name).dt.strftime("%Y-%m-%dT%H:%M:%S")
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.Datetime)
    )
    text = _headers(frame, labels).write_csv()
    if catatan:
        text = pl.DataFrame({"c": [catatan]}).write_csv(include_header=False) + text
    return b"\xef\xbb\xbf" + text.encode("utf-8")


def xlsx_bytes(
    table: pl.DataFrame,
    sheet: str = "data",
    labels: dict[str, str] | None = None,
    catatan: str | None = None,
    persen: Iterable[str] | None = None,
    bahasa: str = "id",
    desimal: dict[str, int] | None = None,
) -> bytes:
    """One sheet; dates and times as date cells; `catatan` in bold in the first row above the table."""
    frame = _headers(_as_wib(_prepare(table, persen, bahasa, desimal)), labels)
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as workbook:
        worksheet = workbook.add_worksheet(sheet[:31])
        if catatan:
            worksheet.write(0, 0, catatan, workbook.add_format({"bold": True, "font_color": "#c0392b"}))
        frame.write_excel(
            workbook,
            worksheet=worksheet,
            position=(BARIS_TABEL if catatan else 0, 0),
            autofit=True,
            dtype_formats={pl.Date: FORMAT_TANGGAL, pl.Datetime: FORMAT_WAKTU},
            float_precision=DESIMAL_PERSEN,
        )
    return buffer.getvalue()
