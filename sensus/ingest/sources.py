"""Read an export file (CSV, Parquet or XLSX) into a DuckDB temp table of text columns.

Only the columns a contract names are read; every other column (nama, nik, alamat, …) is
dropped here, before anything is written, and only its name is reported.
"""

import codecs
import csv
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import fastexcel
import polars as pl


class ImportRefused(Exception):
    """A file refused whole; nothing in the store changed. `code` keys the message in i18n."""

    def __init__(self, code: str, berkas: str, **detail):
        super().__init__(code, berkas, detail)
        self.code = code
        self.berkas = berkas
        self.detail = detail


@dataclass(frozen=True)
class Contract:
    required: tuple[str, ...]
    optional: tuple[str, ...]
    # other names seen in exports for the same column
    aliases: dict[str, tuple[str, ...]]

    def canonical(self, header: str) -> str | None:
        name = re.sub(r"[\s\-]+", "_", header.replace("\ufeff", "").strip().lower())
        for column in self.required + self.optional:
            if name == column or name in self.aliases.get(column, ()):
                return column
        return None


@dataclass(frozen=True)
class Staged:
    table: str  # temp table: the contract's columns as text, plus `baris`
    rows: int
    dropped: tuple[str, ...]  # headers of the columns not read


BLANK_LINE = re.compile(rb"\n[ \t\r]*\n")
SUFFIXES = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".parquet": "parquet", ".pq": "parquet", ".xlsx": "xlsx"}
# title rows above the header in a spreadsheet: look this far down for it
XLSX_HEADER_SEARCH = 20


def check_path(path: Path) -> str:
    """The file's format, or ImportRefused for what cannot be an export."""
    berkas = str(path)
    if not path.exists():
        raise ImportRefused("berkas_tidak_ada", berkas)
    if not path.is_file():
        raise ImportRefused("bukan_berkas", berkas)
    if path.stat().st_size == 0:
        raise ImportRefused("berkas_kosong", berkas)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise ImportRefused("format_tidak_dikenal", berkas, akhiran=path.suffix or "-")
    if kind == "csv" and _only_whitespace(path):
        raise ImportRefused("berkas_kosong", berkas)
    return kind


def _only_whitespace(path: Path) -> bool:
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            if chunk.strip():
                return False
    return True


def _has_blank_lines(path: Path) -> bool:
    tail = b""
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 22):
            if BLANK_LINE.search(tail + chunk):
                return True
            tail = chunk[-64:]
    return False


def _record_lines(path: Path, first_data_line: int) -> pl.DataFrame:
    """record number as DuckDB counts it (first data line + index) → the line it starts on in the file."""
    lines = []
    with open(path, encoding=_encoding(path), newline="") as handle:
        reader = csv.reader(handle, delimiter=_delimiter(path))
        start = 1
        for row in reader:
            if any(cell.strip() for cell in row):
                lines.append(start)
            start = reader.line_num + 1
    data_lines = lines[first_data_line - 1 :] if first_data_line > 1 else lines
    data_lines = [line for line in data_lines if line >= first_data_line]
    return pl.DataFrame(
        {"record": range(first_data_line, first_data_line + len(data_lines)), "baris": data_lines},
        schema={"record": pl.Int32, "baris": pl.Int32},
    )


def _delimiter(path: Path) -> str:
    with open(path, "rb") as handle:
        head = handle.read(1 << 16).decode("latin-1")
    counts = {d: head.count(d) for d in (",", ";", "\t", "|")}
    return max(counts, key=counts.get)


def _encoding(path: Path) -> str:
    """'utf-8' when the whole file decodes as UTF-8, else 'latin-1' (which decodes any byte).

    DuckDB checks UTF-8 only in the columns a query reads, so a probe query can pass and the real
    read fail later; the whole file is checked here instead, streamed.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 22):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "latin-1"
    return "utf-8"


def stage(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    contract: Contract,
    table: str,
    extra: dict[str, str] | None = None,
    consumed: tuple[str, ...] = (),
) -> Staged:
    """Create temp table `table` with `baris` (line in the file) and the contract's columns.

    `extra` maps output column names to SQL expressions over the contract's columns, computed at
    read time; the `consumed` columns are then left out. This is how no_kk is hashed before it is
    ever stored, even in a temp table.
    """
    extra = extra or {}
    kind = check_path(path)
    if kind == "csv":
        source, first_data_line = _csv_source(con, path)
    elif kind == "parquet":
        source, first_data_line = _parquet_source(con, path)
    else:
        source, first_data_line = _xlsx_source(con, path, contract)

    headers = [row[0] for row in con.sql(f"describe select * from {source}").fetchall()]
    mapped: dict[str, str] = {}
    for header in headers:
        column = contract.canonical(header)
        if column is not None and column not in mapped:
            mapped[column] = header
    missing = [column for column in contract.required if column not in mapped]
    if missing:
        raise ImportRefused("kolom_wajib_hilang", str(path), kolom=", ".join(missing), ada=", ".join(headers))

    def quoted(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    selected = [
        f"nullif(trim({quoted(mapped[c])}::varchar), '') as {c}" if c in mapped else f"null::varchar as {c}"
        for c in contract.required + contract.optional
    ]
    kept = [c for c in contract.required + contract.optional if c not in consumed]
    outputs = kept + [f"{expr} as {name}" for name, expr in extra.items()]
    try:
        # the file order is kept (DuckDB preserves insertion order), so row_number gives the line
        con.execute(
            f"""
            create or replace temp table {table} as
            select (row_number() over () + {first_data_line - 1})::integer as baris, {", ".join(outputs)}
            from (select {", ".join(selected)} from {source}) as contract_columns
            """
        )
        if kind == "csv" and _has_blank_lines(path):
            # DuckDB drops blank lines, which shifts every later record: map records to their real lines
            con.register("physical_lines", _record_lines(path, first_data_line))
            con.execute(
                f"""
                update {table} set baris = physical_lines.baris
                from physical_lines where physical_lines.record = {table}.baris
                """
            )
    except duckdb.Error as error:
        raise ImportRefused("berkas_tidak_terbaca", str(path), sebab=_first_line(error)) from None
    rows = con.sql(f"select count(*) from {table}").fetchall()[0][0]
    if rows == 0:
        raise ImportRefused("tidak_ada_baris", str(path))
    dropped = tuple(h for h in headers if h not in mapped.values())
    return Staged(table=table, rows=rows, dropped=dropped)


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0][:300]


def _csv_source(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[str, int]:
    literal = "'" + str(path).replace("'", "''") + "'"
    encoding = _encoding(path)
    try:
        # title lines above the header are skipped by the sniffer: the line numbers start after them
        skipped = con.sql(f"select SkipRows from sniff_csv({literal}, encoding = '{encoding}')").fetchall()[0][0]
        # max_line_size: DuckDB's default (2 MB) refuses a whole file for one long cell, even in a dropped column
        source = (
            f"read_csv({literal}, all_varchar = true, header = true, encoding = '{encoding}', max_line_size = 67108864)"
        )
        con.sql(f"describe select * from {source}").fetchall()
    except duckdb.Error as error:
        raise ImportRefused("berkas_tidak_terbaca", str(path), sebab=_first_line(error)) from None
    return source, skipped + 2


def _parquet_source(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[str, int]:
    literal = "'" + str(path).replace("'", "''") + "'"
    source = f"read_parquet({literal})"
    try:
        con.sql(f"describe select * from {source}").fetchall()
    except duckdb.Error as error:
        raise ImportRefused("berkas_tidak_terbaca", str(path), sebab=_first_line(error)) from None
    # Parquet has no lines: baris is the row number, counting from 1
    return source, 1


def _xlsx_source(con: duckdb.DuckDBPyConnection, path: Path, contract: Contract) -> tuple[str, int]:
    """The first sheet whose first rows hold a header naming all required columns."""
    best_row: list[str] = []  # the row naming most required columns, to say what is missing
    try:
        workbook = fastexcel.read_excel(path)
        for sheet_name in workbook.sheet_names:
            # skip_rows=0: fastexcel otherwise drops empty rows at the top, and the line numbers with them
            sheet = workbook.load_sheet(sheet_name, header_row=None, dtypes="string", skip_rows=0).to_polars()
            for index, row in enumerate(sheet.head(XLSX_HEADER_SEARCH).iter_rows()):
                named = {contract.canonical(str(cell)) for cell in row if cell is not None}
                if len(named & set(contract.required)) > len(
                    {contract.canonical(c) for c in best_row} & set(contract.required)
                ):
                    best_row = [str(cell) for cell in row if cell is not None]
                if set(contract.required) <= named:
                    headers = [str(cell) if cell is not None else f"kolom_{i + 1}" for i, cell in enumerate(row)]
                    body = sheet.slice(index + 1).rename(dict(zip(sheet.columns, headers, strict=True)))
                    # spreadsheets often carry empty rows below the data; inner ones keep their line
                    filled = body.select(~pl.all_horizontal(pl.all().is_null())).to_series()
                    body = body.head(filled.arg_true().max() + 1 if filled.any() else 0)
                    con.register("xlsx_source", body)
                    # sheet rows count from 1: the header sits on row index + 1
                    return "xlsx_source", index + 2
    except fastexcel.FastExcelError as error:
        raise ImportRefused("berkas_tidak_terbaca", str(path), sebab=_first_line(error)) from None
    found = {contract.canonical(cell) for cell in best_row}
    missing = [column for column in contract.required if column not in found]
    raise ImportRefused("kolom_wajib_hilang", str(path), kolom=", ".join(missing), ada=", ".join(best_row) or "-")
