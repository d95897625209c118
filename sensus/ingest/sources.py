"""Read an export file (CSV, Parquet or XLSX) into a DuckDB temp table of text columns.

Only the columns a contract names are read; every other column (nama, nik, alamat, …) is
dropped here, before anything is written, and only its name is reported.
"""

import codecs
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


def _mixed_line_endings(path: Path) -> bool:
    """Both CRLF and a bare LF ended lines: DuckDB then stops with an unhelpful parser state."""
    crlf = bare = False
    tail = b""
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 22):
            data = tail + chunk
            crlf = crlf or b"\r\n" in data
            bare = bare or re.search(rb"(?<!\r)\n", data[1:] if tail else data) is not None
            if crlf and bare:
                return True
            tail = chunk[-1:]
    return False


def _line_count(path: Path) -> int:
    """Lines in the file: its newlines, plus a last line without one."""
    lines, last = 0, b""
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 22):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (1 if last and last != b"\n" else 0)


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
) -> Staged:
    """Create temp table `table` with `baris` (line in the file), `lembar` and the contract's columns.

    `extra` maps output column names to SQL expressions over the contract's columns, computed at
    read time with the bound `params`; the `consumed` columns are then left out. This is how no_kk
    is hashed before it is ever stored, even in a temp table.
    """
    kind = check_path(path)
    exact = _ExactPath(path)
    try:
        return _stage(con, path, exact, kind, contract, table, extra or {}, consumed, params or {})
    finally:
        exact.close()


def _stage(con, path, exact, kind, contract, table, extra, consumed, params) -> Staged:
    sheets: tuple[tuple[str, int], ...] = ()
    skipped: tuple[str, ...] = ()
    dropped_xlsx: tuple[str, ...] = ()
    if kind == "csv":
        source, first_data_line = _csv_source(con, path, exact)
    elif kind == "parquet":
        source, first_data_line = _parquet_source(con, path, exact)
    else:
        source, sheets, skipped, dropped_xlsx = _xlsx_source(con, path, contract)
        first_data_line = 1

    described = con.sql(f"describe select * from {source}").fetchall()
    types = {row[0]: row[1] for row in described}
    headers = [name for name in types if name not in ("_baris", "_lembar")]
    if kind == "csv":
        _map_headers(path, _raw_csv_header(con, source), contract)
    mapped = _map_headers(path, headers, contract)
    missing = [column for column in contract.required if column not in mapped]
    if missing:
        raise ImportRefused("kolom_wajib_hilang", str(path), **_found(headers, mapped, missing))

    selected = [_column_expression(mapped.get(c), types, c in contract.codes, c) for c in contract.columns]
    kept = [c for c in contract.columns if c not in consumed]
    outputs = kept + [f"{expr} as {name}" for name, expr in extra.items()]
    if kind == "xlsx":
        numbering = "_baris::integer as baris, _lembar as lembar"
        selected += ["_baris", "_lembar"]
    else:
        # the file order is kept (DuckDB preserves insertion order), so row_number gives the record
        numbering = f"(row_number() over () + {int(first_data_line) - 1})::integer as baris, null::varchar as lembar"
    try:
        con.execute(
            f"""
            create or replace temp table {quote_identifier(table)} as
            select {numbering}, {", ".join(outputs)}
            from (select {", ".join(selected)} from {source}) as contract_columns
            """,
            params or None,
        )
        records = con.sql(f"select count(*) from {quote_identifier(table)}").fetchall()[0][0]
        if kind == "csv" and _line_count(path) != first_data_line - 1 + records:
            # blank lines or quoted cells spanning lines: records are not lines, so map each record to
            # the line it starts on (a Python pass, paid only by such files)
            con.register("physical_lines", _record_lines(path, first_data_line))
            con.execute(
                f"""
                update {quote_identifier(table)} as t set baris = physical_lines.baris
                from physical_lines where physical_lines.record = t.baris
                """
            )
            con.unregister("physical_lines")
    except duckdb.Error as error:
        raise _read_error(path, kind, error) from None
    rows = con.sql(f"select count(*) from {quote_identifier(table)}").fetchall()[0][0]
    if rows == 0:
        raise ImportRefused("tidak_ada_baris", str(path))
    dropped = dropped_xlsx if kind == "xlsx" else tuple(h for h in headers if h not in mapped.values())
    return Staged(table=table, rows=rows, dropped=dropped, lembar=sheets, lembar_dilewati=skipped)


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
    """A reader's error as a refusal naming the line and the reason, never the line's content."""
    text = str(error)
    line = re.search(r"CSV Error on Line: (\d+)", text)
    columns = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
    if kind == "csv" and line and columns:
        return ImportRefused(
            "jumlah_kolom_salah", str(path), baris=int(line[1]), ada=int(columns[2]), harus=int(columns[1])
        )
    if kind == "csv" and _mixed_line_endings(path):
        return ImportRefused("akhir_baris_campuran", str(path))
    if kind == "csv" and line:
        return ImportRefused("baris_tidak_terbaca", str(path), baris=int(line[1]))
    if kind == "csv":
        # DuckDB's sniffer gives up on a short or long line without naming it: find it ourselves
        diagnosis = _diagnose_csv(path)
        if diagnosis is not None:
            return diagnosis
    return ImportRefused("berkas_tidak_terbaca", str(path), sebab=_first_line(error))


def _diagnose_csv(path: Path) -> ImportRefused | None:
    """The first line whose number of columns differs from the header's, or the line of an unclosed quote."""
    counts: list[tuple[int, int]] = []  # (line the record starts on, number of fields)
    start = 1
    try:
        with open(path, encoding=_encoding(path), newline="") as handle:
            reader = csv.reader(handle, delimiter=_delimiter(path), strict=True)
            for row in reader:
                if any(cell.strip() for cell in row):
                    counts.append((start, len(row)))
                start = reader.line_num + 1
    except csv.Error:
        return ImportRefused("baris_tidak_terbaca", str(path), baris=start)
    if not counts:
        return None
    # the header is the first line with the most common width (title lines above it are narrower)
    widths = [width for _, width in counts]
    expected = max(set(widths), key=widths.count)
    header = next(i for i, (_, width) in enumerate(counts) if width == expected)
    for line, width in counts[header + 1 :]:
        if width != expected:
            return ImportRefused("jumlah_kolom_salah", str(path), baris=line, ada=width, harus=expected)
    return None


def _first_line(error: Exception) -> str:
    """The first line of an error, with anything quoted (a value from the file) left out."""
    line = str(error).strip().splitlines()[0][:300] if str(error).strip() else type(error).__name__
    return re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", line)


def _csv_source(con: duckdb.DuckDBPyConnection, path: Path, exact: _ExactPath) -> tuple[str, int]:
    encoding = _encoding(path)
    delimiter = _delimiter(path)
    # max_line_size: DuckDB's default (2 MB) refuses a whole file for one long cell, even in a dropped column
    options = f"encoding = '{encoding}', delim = '{delimiter}', quote = '\"', escape = '\"', max_line_size = {MAX_LINE}"
    try:
        # title lines above the header are skipped by the sniffer: the line numbers start after them
        skipped = con.sql(f"select SkipRows from sniff_csv({exact.literal}, {options})").fetchall()[0][0]
        if skipped:
            # the sniffer also 'skips' lines above a long line near the end of a small file: the header
            # and the rows before a shifted row. Title lines are rare: check the widths when it skips any.
            diagnosis = _diagnose_csv(path)
            if diagnosis is not None:
                raise diagnosis
        source = f"read_csv({exact.literal}, all_varchar = true, header = true, {options}, skip = {int(skipped)})"
        con.sql(f"describe select * from {source}").fetchall()
    except duckdb.Error as error:
        raise _read_error(path, "csv", error) from None
    return source, skipped + 2


def _raw_csv_header(con: duckdb.DuckDBPyConnection, source: str) -> list[str]:
    """The header line's names as written: DuckDB renames a repeated name (ID_SUBMISI → ID_SUBMISI_1)."""
    raw_source = source.replace("header = true", "header = false", 1)
    try:
        first = con.sql(f"select * from {raw_source} limit 1").fetchall()
    except duckdb.Error:
        return []
    return [cell for cell in first[0] if cell] if first else []


def _parquet_source(con: duckdb.DuckDBPyConnection, path: Path, exact: _ExactPath) -> tuple[str, int]:
    source = f"read_parquet({exact.literal})"
    try:
        con.sql(f"describe select * from {source}").fetchall()
    except duckdb.Error as error:
        raise ImportRefused("berkas_tidak_terbaca", str(path), sebab=_first_line(error)) from None
    # Parquet has no lines: baris is the row number, counting from 1
    return source, 1


def _xlsx_source(
    con: duckdb.DuckDBPyConnection, path: Path, contract: Contract
) -> tuple[str, tuple[tuple[str, int], ...], tuple[str, ...], tuple[str, ...]]:
    """Every sheet whose first rows hold a header naming all required columns, one after the other.

    Returns (source, (sheet, rows) loaded, sheets skipped, headers dropped). A sheet with data but another
    header is skipped and named; a workbook with no matching sheet is refused naming the missing columns.
    """
    best: tuple[list[str], set[str]] = ([], set())  # the row naming most required columns, to say what is missing
    bodies: list[pl.DataFrame] = []
    loaded: list[tuple[str, int]] = []
    skipped: list[str] = []
    dropped: list[str] = []
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
                if len(named & set(contract.required)) > len(best[1] & set(contract.required)):
                    best = (cells, named)
                if set(contract.required) <= named:
                    mapped = _map_headers(path, [c for c in cells if c], contract)
                    headers = [cell or f"kolom_{i + 1}" for i, cell in enumerate(cells)]
                    body = sheet.slice(index + 1).rename(dict(zip(sheet.columns, headers, strict=True)))
                    # sheet rows count from 1: the header sits on row index + 1
                    body = body.with_row_index("_baris", offset=index + 2)
                    # spreadsheets often carry empty rows below the data; inner ones keep their line
                    filled = body.drop("_baris").select(~pl.all_horizontal(pl.all().is_null())).to_series()
                    body = body.head(filled.arg_true().max() + 1 if filled.any() else 0)
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
        raise ImportRefused("kolom_wajib_hilang", str(path), **_found(cells, mapped, missing))
    con.register("xlsx_source", pl.concat(bodies, how="diagonal"))
    return "xlsx_source", tuple(loaded), tuple(skipped), tuple(dropped)
