"""Read an export file (CSV, Parquet or XLSX) into a DuckDB temp table of text columns.

Only the columns a contract names are read; every other column (nama, nik, alamat, …) is
dropped here, before anything is written, and only its name is reported.
"""

import csv
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import fastexcel
import polars as pl

from sensus.core.config import Limits
from sensus.ingest import bounds, dialect
from sensus.store.database import quote_identifier


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
    # columns holding codes or numbers: every whitespace character inside them is removed
    codes: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional

    def canonical(self, header: str) -> str | None:
        name = re.sub(r"[\s\-]+", "_", header.replace("\ufeff", "").strip().lower())
        for column in self.required + self.optional:
            if name == column or name in self.aliases.get(column, ()):
                return column
        return None


@dataclass(frozen=True)
class Staged:
    table: str  # temp table: the contract's columns as text, plus `baris` and `lembar`
    rows: int
    dropped: tuple[str, ...]  # headers of the columns not read
    # XLSX: (sheet, rows) of every sheet loaded, and the sheets skipped for another header
    lembar: tuple[tuple[str, int], ...] = ()
    lembar_dilewati: tuple[str, ...] = field(default=())


# every whitespace character, the no-break ones exports carry too
WHITESPACE = r"[\s\x{00A0}\x{2007}\x{202F}\x{FEFF}]"
GLOB_CHARS = re.compile(r"[*?\[\]{}]")
SAFE_LINK = re.compile(r"[A-Za-z0-9_./-]+")


BLANK_LINE = re.compile(rb"\n[ \t\r]*\n")
SUFFIXES = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".parquet": "parquet", ".pq": "parquet", ".xlsx": "xlsx"}
# title rows above the header in a spreadsheet: look this far down for it
XLSX_HEADER_SEARCH = 20
MAX_LINE = 67_108_864
# Python's csv module (line numbers, diagnosis) must accept the cells DuckDB accepts
csv.field_size_limit(MAX_LINE)


# a value of the file echoed in a message or stored with a rejection: at most this many characters
ECHO_CHARS = 80


def cut(text: str) -> str:
    """`text` as echoed: cut to ECHO_CHARS with '…' (a 1 MB cell is not a message); the SQL twin is `dipotong`."""
    return text if len(text) <= ECHO_CHARS else text[: ECHO_CHARS - 1] + "…"


def check_path(path: Path) -> str:
    """The file's format, or ImportRefused for what cannot be an export."""
    berkas = str(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise ImportRefused("berkas_tidak_ada", berkas) from None
    except PermissionError:
        raise ImportRefused("berkas_tanpa_izin", berkas) from None
    if stat.S_ISDIR(mode):
        raise ImportRefused("bukan_berkas", berkas)
    if not stat.S_ISREG(mode):
        # a FIFO or a device would block the import or never end
        raise ImportRefused("bukan_berkas_biasa", berkas)
    if not os.access(path, os.R_OK):
        raise ImportRefused("berkas_tanpa_izin", berkas)
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


class _ExactPath:
    """A path DuckDB reads as exactly this file: a link with a plain name in a private folder.

    DuckDB's readers expand `*`, `?`, `[…]` in a path, so `ekspor[1].csv` could load another file; and a
    file name must never become SQL text. The link's name is ours, so neither can happen.
    """

    def __init__(self, path: Path):
        self.path = path
        self.folder = Path(tempfile.mkdtemp(prefix="pantau-baca-"))
        self.link = self.folder / ("berkas" + path.suffix.lower())
        if not SAFE_LINK.fullmatch(str(self.link)):
            self.close()
            raise ImportRefused("berkas_tidak_terbaca", str(path), sebab="temporary folder name is not plain")
        os.symlink(path.resolve(), self.link)

    @property
    def literal(self) -> str:
        return "'" + str(self.link) + "'"

    def close(self) -> None:
        self.link.unlink(missing_ok=True)
        self.folder.rmdir()


def stage(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    contract: Contract,
    table: str,
    extra: dict[str, str] | None = None,
    consumed: tuple[str, ...] = (),
    params: dict | None = None,
    *,
    limits: Limits,
) -> Staged:
    """Create temp table `table` with `baris` (line in the file), `lembar` and the contract's columns.

    `extra` maps output column names to SQL expressions over the contract's columns, computed at
    read time with the bound `params`; the `consumed` columns are then left out. This is how no_kk
    is hashed before it is ever stored, even in a temp table. `limits` bounds what a workbook may unzip to.
    """
    kind = check_path(path)
    exact = _ExactPath(path)
    try:
        return _stage(con, path, exact, kind, contract, table, extra or {}, consumed, params or {}, limits)
    finally:
        exact.close()


def _stage(con, path, exact, kind, contract, table, extra, consumed, params, limits: Limits) -> Staged:
    if kind == "csv":
        return _stage_csv(con, path, exact, contract, table, extra, consumed, params)
    sheets: tuple[tuple[str, int], ...] = ()
    skipped: tuple[str, ...] = ()
    dropped_xlsx: tuple[str, ...] = ()
    if kind == "parquet":
        source = _parquet_source(con, path, exact)
    else:
        source, sheets, skipped, dropped_xlsx = _xlsx_source(con, path, contract, limits)

    described = con.sql(f"describe select * from {source}").fetchall()
    types = {row[0]: row[1] for row in described}
    headers = [name for name in types if name not in ("_baris", "_lembar")]
    mapped = _map_headers(path, headers, contract)
    missing = [column for column in contract.required if column not in mapped]
    if missing:
        tried = f"Parquet {len(contract.required) - len(missing)}/{len(contract.required)}"
        raise ImportRefused("kolom_wajib_hilang", str(path), **_found(headers, mapped, missing), dicoba=tried)
    if kind == "xlsx":
        numbering = "_baris::integer as baris, _lembar as lembar"
    else:
        # Parquet has no lines: baris is the row number, counting from 1 (DuckDB keeps the file's order)
        numbering = "(row_number() over ())::integer as baris, null::varchar as lembar"
    selected = [_column_expression(mapped.get(c), types, c in contract.codes, c) for c in contract.columns]
    if kind == "xlsx":
        selected += ["_baris", "_lembar"]
    outputs = _outputs(contract, extra, consumed)
    rows = _create_staged(con, path, kind, table, source, numbering, selected, outputs, params)
    dropped = tuple(cut(h) for h in (dropped_xlsx if kind == "xlsx" else headers) if h not in mapped.values())
    return Staged(table=table, rows=rows, dropped=dropped, lembar=sheets, lembar_dilewati=skipped)


def _outputs(contract: Contract, extra: dict[str, str], consumed: tuple[str, ...]) -> list[str]:
    kept = [c for c in contract.columns if c not in consumed]
    return kept + [f"{expr} as {name}" for name, expr in extra.items()]


def _create_staged(con, path, kind, table, source, numbering, selected, outputs, params) -> int:
    """Create the staged table from `source`; the number of rows, or ImportRefused when there is none."""
    try:
        con.execute(
            f"""
            create or replace temp table {quote_identifier(table)} as
            select {numbering}, {", ".join(outputs)}
            from (select {", ".join(selected)} from {source}) as contract_columns
            """,
            params or None,
        )
    except duckdb.Error as error:
        raise _read_error(path, kind, error) from None
    rows = con.sql(f"select count(*) from {quote_identifier(table)}").fetchall()[0][0]
    if rows == 0:
        raise ImportRefused("tidak_ada_baris", str(path))
    return rows


def _stage_csv(con, path, exact, contract, table, extra, consumed, params) -> Staged:
    """A CSV export in any dialect dialect.py knows; every row numbered with the physical line it starts on."""
    try:
        found = dialect.detect(path, contract.canonical, contract.required)
    except dialect.NoHeader as none:
        cells = [cell for cell in none.best if cell]
        mapped = {contract.canonical(c): c for c in cells if contract.canonical(c)}
        missing = [column for column in contract.required if column not in mapped]
        found_columns = _found(cells, mapped, missing)
        raise ImportRefused("kolom_wajib_hilang", str(path), **found_columns, dicoba=none.tried) from None
    headers = list(found.header)
    mapped = _map_headers(path, [h for h in headers if h], contract)
    positions = {column: headers.index(header) for column, header in mapped.items()}
    dropped = tuple(cut(h) for h in headers if h and h not in mapped.values())
    types = dict.fromkeys(mapped, "VARCHAR")
    selected = [_column_expression(c if c in mapped else None, types, c in contract.codes, c) for c in contract.columns]
    selected += ["_baris", "_lembar"]
    numbering = "_baris as baris, _lembar as lembar"
    outputs = _outputs(contract, extra, consumed)

    scan = None if found.is_utf16 else dialect.scan(path, found)
    # mixed line endings are what Excel writes for a line break inside a cell (LF in a CRLF file): DuckDB's
    # reader may stop there, our parse reads them
    if scan is not None and not scan.repeats and not scan.has_bom_inside and not scan.is_mixed_endings:
        # the common export, one record per line: DuckDB reads the file itself, fast
        try:
            source = _duckdb_csv_source(con, path, exact, found, positions, "utf-8" if scan.is_utf8 else "latin-1")
            rows = _create_staged(con, path, "csv", table, source, numbering, selected, outputs, params)
            last_line = con.sql(f"select max(baris) from {quote_identifier(table)}").fetchall()[0][0]
            if last_line == scan.lines:
                # the last record sits on the last line: every record is one line, so each baris is its line
                return Staged(table=table, rows=rows, dropped=dropped)
        except ImportRefused as refused:
            if refused.code != "berkas_tidak_terbaca":
                raise
            # DuckDB could not read it: our own parse names the line and the reason, or reads it
    # quoted line breaks, blank or cleared rows, glued exports, UTF-16: our own parse, line by line
    try:
        is_glued = scan is not None and (scan.repeats > 0 or scan.has_bom_inside)
        frame = dialect.parse(path, found, positions, is_glued, scan is None or scan.is_utf8)
    except dialect.BadRow as bad:
        if bad.width is None:
            raise ImportRefused("baris_tidak_terbaca", str(path), baris=bad.line) from None
        detail = {"baris": bad.line, "ada": bad.width, "harus": bad.expected}
        raise ImportRefused("jumlah_kolom_salah", str(path), **detail) from None
    con.register("csv_source", frame)
    try:
        rows = _create_staged(con, path, "csv", table, "csv_source", numbering, selected, outputs, params)
    finally:
        con.unregister("csv_source")
    return Staged(table=table, rows=rows, dropped=dropped)


def _duckdb_csv_source(con, path, exact: _ExactPath, found: dialect.Dialect, positions: dict[str, int], encoding):
    """DuckDB's reader from the line after the header, columns by position (names as written may repeat),
    `_baris` the record's line; rows with every cell empty (cleared in a spreadsheet) left out."""
    delimiter = found.delimiter.replace("'", "''")
    # max_line_size: DuckDB's default (2 MB) refuses a whole file for one long cell, even in a dropped column
    reader = (
        f"read_csv({exact.literal}, all_varchar = true, header = false, skip = {int(found.header_line)}, "
        f"delim = '{delimiter}', quote = '\"', escape = '\"', encoding = '{encoding}', "
        f"max_line_size = {MAX_LINE}, null_padding = false)"
    )
    try:
        # DuckDB names the columns column0 … or column00 …, by how many there are
        names = [row[0] for row in con.sql(f"describe select * from {reader}").fetchall()]
    except duckdb.Error as error:
        raise _read_error(path, "csv", error) from None
    if max(positions.values(), default=0) >= len(names):
        raise ImportRefused("berkas_tidak_terbaca", str(path), sebab="columns")  # our parse names the line
    columns = ", ".join(f"{quote_identifier(names[i])} as {quote_identifier(name)}" for name, i in positions.items())
    return f"""(
        select * exclude (_any) from (
            select (row_number() over () + {int(found.header_line)})::integer as _baris, null::varchar as _lembar,
                {columns}, coalesce(*columns(*)) as _any
            from {reader}
        ) where _any is not null
    )"""


def _map_headers(path: Path, headers: list[str], contract: Contract) -> dict[str, str]:
    """contract column → the header that holds it; two headers claiming one column refuse the file."""
    mapped: dict[str, str] = {}
    for header in headers:
        column = contract.canonical(header)
        if column is None:
            continue
        if column in mapped:
            raise ImportRefused("kolom_bentrok", str(path), kolom=column, nama=f"'{mapped[column]}', '{header}'")
        mapped[column] = header
    return mapped


def _found(headers: list[str], mapped: dict[str, str], missing: list[str]) -> dict:
    """What the missing-column message shows: recognised headers only. An unrecognised 'header' may be a
    data row (a file without a header), so its text is never shown, only how many there are."""
    return {
        "kolom": ", ".join(missing),
        "ada": ", ".join(mapped) or "-",
        "lain": str(len(headers) - len(mapped)),
    }


def _column_expression(header: str | None, types: dict[str, str], is_code: bool, name: str) -> str:
    if header is None:
        return f"null::varchar as {name}"
    column = quote_identifier(header)
    if types[header] in ("FLOAT", "DOUBLE"):
        # a typed whole number (3.0) is the digits 3; a fraction stays visible so it is rejected, not rounded
        text = (
            f"coalesce(case when isfinite({column}) and {column} = trunc({column}) "
            f"then try_cast({column} as hugeint)::varchar end, {column}::varchar)"
        )
    else:
        text = f"{column}::varchar"
    if is_code:
        # a code or a number holds no whitespace: a newline or a no-break space inside it is noise
        return f"nullif(regexp_replace({text}, '{WHITESPACE}', '', 'g'), '') as {name}"
    return f"nullif(regexp_replace({text}, '^{WHITESPACE}+|{WHITESPACE}+$', '', 'g'), '') as {name}"


def _read_error(path: Path, kind: str, error: Exception) -> ImportRefused:
    """A reader's error as a refusal naming the reason, never a value of the file (CSV lines are named by
    dialect.parse, which reads the file again when DuckDB's reader gives up)."""
    return ImportRefused("berkas_tidak_terbaca", str(path), sebab=_first_line(error))


def _first_line(error: Exception) -> str:
    """The first line of an error, with anything quoted (a value from the file) left out."""
    line = str(error).strip().splitlines()[0][:300] if str(error).strip() else type(error).__name__
    return re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", line)


def _parquet_source(con: duckdb.DuckDBPyConnection, path: Path, exact: _ExactPath) -> str:
    source = f"read_parquet({exact.literal})"
    try:
        con.sql(f"describe select * from {source}").fetchall()
    except duckdb.Error as error:
        raise ImportRefused("berkas_tidak_terbaca", str(path), sebab=_first_line(error)) from None
    return source


def _xlsx_source(
    con: duckdb.DuckDBPyConnection, path: Path, contract: Contract, limits: Limits
) -> tuple[str, tuple[tuple[str, int], ...], tuple[str, ...], tuple[str, ...]]:
    """Every sheet whose first rows hold a header naming all required columns, one after the other.

    Returns (source, (sheet, rows) loaded, sheets skipped, headers dropped). A sheet with data but another
    header is skipped and named; a workbook with no matching sheet is refused naming the missing columns.
    """
    best: tuple[list[str], set[str]] = ([], set())  # the row naming most required columns, to say what is missing
    tried: dict[str, int] = {}  # sheet → most required columns one of its first rows names
    bodies: list[pl.DataFrame] = []
    loaded: list[tuple[str, int]] = []
    skipped: list[str] = []
    dropped: list[str] = []
    try:
        bounds.check_xlsx(path, limits)
    except bounds.TooLarge as large:
        raise ImportRefused(large.code, str(path), **large.detail) from None
    try:
        workbook = fastexcel.read_excel(path)
        for sheet_name in workbook.sheet_names:
            # skip_rows=0: fastexcel otherwise drops empty rows at the top, and the line numbers with them
            sheet = workbook.load_sheet(sheet_name, header_row=None, dtypes="string", skip_rows=0).to_polars()
            if sheet.height == 0 or not sheet.select(pl.any_horizontal(pl.all().is_not_null())).to_series().any():
                continue  # an empty sheet is nothing to report
            for index, row in enumerate(sheet.head(XLSX_HEADER_SEARCH).iter_rows()):
                cells = [str(cell) if cell is not None else "" for cell in row]
                named = {contract.canonical(cell) for cell in cells if cell}
                tried[sheet_name] = max(tried.get(sheet_name, 0), len(named & set(contract.required)))
                if len(named & set(contract.required)) > len(best[1] & set(contract.required)):
                    best = (cells, named)
                if set(contract.required) <= named:
                    mapped = _map_headers(path, [c for c in cells if c], contract)
                    headers = [cell or f"kolom_{i + 1}" for i, cell in enumerate(cells)]
                    body = sheet.slice(index + 1).rename(dict(zip(sheet.columns, headers, strict=True)))
                    # sheet rows count from 1: the header sits on row index + 1
                    body = body.with_row_index("_baris", offset=index + 2)
                    # empty rows (below the data, or cleared inside it) are not rows, as in a CSV; the others
                    # keep their sheet row
                    body = body.filter(~pl.all_horizontal(pl.exclude("_baris").is_null()))
                    dropped += [
                        h
                        for h in headers
                        if h not in mapped.values() and h not in dropped and not h.startswith("kolom_")
                    ]
                    body = body.select(
                        pl.col("_baris").cast(pl.Int32),
                        pl.lit(sheet_name).alias("_lembar"),
                        *[pl.col(header).alias(column) for column, header in mapped.items()],
                    )
                    bodies.append(body)
                    loaded.append((sheet_name, body.height))
                    break
            else:
                skipped.append(sheet_name)
    except fastexcel.FastExcelError as error:
        raise ImportRefused("berkas_tidak_terbaca", str(path), sebab=_first_line(error)) from None
    if not bodies:
        cells = [c for c in best[0] if c]
        mapped = {contract.canonical(c): c for c in cells if contract.canonical(c)}
        missing = [column for column in contract.required if column not in mapped]
        dicoba = ", ".join(f"{sheet} {n}/{len(contract.required)}" for sheet, n in tried.items()) or "-"
        raise ImportRefused("kolom_wajib_hilang", str(path), **_found(cells, mapped, missing), dicoba=dicoba)
    con.register("xlsx_source", pl.concat(bodies, how="diagonal"))
    return "xlsx_source", tuple(loaded), tuple(skipped), tuple(dropped)
