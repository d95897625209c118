"""Table exports (CSV, XLSX) that are safe to open in a spreadsheet."""

import io

import polars as pl

# a cell starting with one of these is run as a formula by Excel/LibreOffice (CSV injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(table: pl.DataFrame) -> pl.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with a quote; numbers stay numbers."""
    text_columns = [name for name, dtype in table.schema.items() if dtype == pl.String]
    pattern = "^[" + "".join("\\" + c if c in "-+" else c for c in FORMULA_START) + "]"
    return table.with_columns(
        pl.when(pl.col(name).str.contains(pattern)).then("'" + pl.col(name)).otherwise(pl.col(name)).alias(name)
        for name in text_columns
    )


def csv_bytes(table: pl.DataFrame) -> bytes:
    # a BOM so Excel opens the UTF-8 names (Ngawen, Kradenan, …) correctly
    return b"\xef\xbb\xbf" + neutralise(table).write_csv().encode("utf-8")


def xlsx_bytes(table: pl.DataFrame, sheet: str = "data") -> bytes:
    buffer = io.BytesIO()
    neutralise(table).write_excel(buffer, worksheet=sheet[:31], autofit=True)
    return buffer.getvalue()
