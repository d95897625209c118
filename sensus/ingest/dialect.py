"""How a CSV export is written: its separator, encoding, where its header is, and whether exports are glued.

Office software writes CSV in several dialects: Excel in an Indonesian locale uses `;` (the comma is the decimal
separator) and a UTF-8 BOM or cp1252, CRLF; report tools put title rows above the header, padded with separators;
"Unicode text" is UTF-16 with tabs. Counting characters cannot tell these apart (an address full of commas outvotes
the `;`), so the header is looked for the way a person would: under each plausible separator, the first rows are
parsed and the one naming the contract's required columns is the header; the rows after it must mostly have its
width. A header repeated later in the file is the start of another export glued on (each part may have its own
encoding).

Two ways to read: DuckDB's reader straight from the file (every export that is one record per line, in one
encoding DuckDB reads), and this module's own parse (`parse`) for the rest: quoted line breaks, blank or cleared
rows, glued exports, UTF-16. Both give every row the physical line of the file it starts on.
"""

import codecs
import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

SEPARATORS = (",", ";", "\t", "|")
# title rows above the header: look this far down for it (records, not counting blank ones)
HEADER_SEARCH = 20
# rows after the header whose width is checked to choose between separators
WIDTH_SAMPLE = 50
HEAD_BYTES = 1 << 18
CHUNK = 1 << 22
BOM_UTF8 = codecs.BOM_UTF8
BOMS_UTF16 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class NoHeader(Exception):
    """No separator gives a header with every required column. `best`: the header cells of the candidate naming the
    most required columns; `tried`: what each separator found, for the refusal."""

    def __init__(self, best: list[str], tried: str):
        super().__init__(tried)
        self.best = best
        self.tried = tried


class BadRow(Exception):
    """A record that is not CSV under the dialect, or of another width than the header."""

    def __init__(self, line: int, width: int | None = None, expected: int | None = None):
        super().__init__(line, width, expected)
        self.line = line
        self.width = width
        self.expected = expected


@dataclass(frozen=True)
class Dialect:
    delimiter: str
    is_utf16: bool
    header_line: int  # physical line of the header, from 1
    header: tuple[str, ...]
    header_bytes: bytes  # the header line as written (no BOM, no line end), to find it repeated


@dataclass(frozen=True)
class Scan:
    """One pass over the bytes: what decides between DuckDB's reader and our own."""

    lines: int
    is_utf8: bool
    is_mixed_endings: bool
    repeats: int  # the header line found again further down (glued exports)
    has_bom_inside: bool  # a UTF-8 BOM after the first byte: glued exports too


def separator_name(delimiter: str) -> str:
    return "tab" if delimiter == "\t" else f"'{delimiter}'"


def _head_text(head: bytes) -> tuple[str, bool]:
    """The head decoded well enough to find the header (names are ASCII), and whether the file is UTF-16."""
    if head.startswith(BOMS_UTF16):
        return head.decode("utf-16", errors="replace"), True
    # UTF-16 without a BOM: every other byte of ASCII text is zero
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4:
        return head.decode("utf-16-le", errors="replace"), True
    if len(head) >= 4 and head[0::2].count(0) > len(head) // 4:
        return head.decode("utf-16-be", errors="replace"), True
    # replace, not latin-1: a BOM must not become junk in front of the first column's name
    return head.removeprefix(BOM_UTF8).decode("utf-8", errors="replace"), False


def _records(text, delimiter: str, first_line: int = 1):
    """(line the record starts on, cells) of every record of `text` (a str or a stream opened with newline='');
    BadRow at a record that is not CSV (an unclosed quote: the line it opened on)."""
    stream = io.StringIO(text, newline="") if isinstance(text, str) else text
    reader = csv.reader(stream, delimiter=delimiter, strict=True)
    start = first_line
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise BadRow(start) from None
        yield start, cells
        start = first_line + reader.line_num


def is_blank(cells: list[str]) -> bool:
    return not any(cells)


def _fits(cells: list[str], width: int) -> bool:
    """The header's width, or wider with only empty cells past it (Excel pads to the used range)."""
    return len(cells) == width or (len(cells) > width and not any(cells[width:]))


def detect(path: Path, canonical, required: tuple[str, ...]) -> Dialect:
    """The separator and header of a CSV export; NoHeader when no separator gives one with the required columns."""
    with open(path, "rb") as handle:
        head = handle.read(HEAD_BYTES)
        is_whole = not handle.read(1)
    text, is_utf16 = _head_text(head)
    if not is_whole:
        # a record cut by the head's end would look narrower than the others
        text = text[: max(text.rfind("\n"), 0) + 1]
    found = []  # (score, delimiter, header line, cells)
    for delimiter in SEPARATORS:
        records = []
        try:
            for line, cells in _records(text, delimiter):
                if not is_blank(cells):
                    records.append((line, cells))
        except BadRow:
            pass  # the rows read up to it still tell where the header is
        best = (0, None, [])
        for index, (_, cells) in enumerate(records[:HEADER_SEARCH]):
            named = {canonical(cell) for cell in cells} & set(required)
            if len(named) > best[0]:
                best = (len(named), index, cells)
            if len(named) == len(required):
                break
        count, index, cells = best
        following = records[index + 1 : index + 1 + WIDTH_SAMPLE] if index is not None else []
        consistent = sum(_fits(c, len(cells)) for _, c in following) / len(following) if following else 0.0
        line = records[index][0] if index is not None else 1
        width = len(records[0][1]) if records else 0
        found.append(((count == len(required), consistent, count, width), delimiter, line, cells))
    score, delimiter, line, cells = max(found, key=lambda item: item[0])
    tried = ", ".join(f"{separator_name(d)} {s[2]}/{len(required)}" for s, d, _, _ in found)
    if not score[0]:
        raise NoHeader(cells, tried + (" · UTF-16" if is_utf16 else ""))
    header_bytes = b""
    if not is_utf16:
        raw_lines = head.removeprefix(BOM_UTF8).split(b"\n")
        header_bytes = raw_lines[line - 1].rstrip(b"\r") if line - 1 < len(raw_lines) else b""
    return Dialect(delimiter, is_utf16, line, tuple(cells), header_bytes)


def scan(path: Path, dialect: Dialect) -> Scan:
    """Lines, UTF-8 validity, line endings and repeated headers, in one streamed pass over the file."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    is_utf8 = True
    newlines = crlf = repeats = 0
    has_bom_inside = False
    last = b""
    # the header line again, at the start of a line, with or without a BOM (case as the other export wrote it)
    needles = [b"\n" + dialect.header_bytes.lower(), b"\n" + BOM_UTF8 + dialect.header_bytes.lower()]
    needles = needles if dialect.header_bytes else []
    # a tail too short to hold a whole needle: what straddles two chunks is found once
    keep = max((len(n) for n in needles), default=len(BOM_UTF8)) - 1
    tail = b""
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            if is_utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    is_utf8 = False
            newlines += chunk.count(b"\n")
            crlf += chunk.count(b"\r\n") + (1 if last == b"\r" and chunk[:1] == b"\n" else 0)
            window = (tail + chunk).lower()
            repeats += sum(window.count(n) - tail.lower().count(n) for n in needles)
            has_bom_inside = has_bom_inside or BOM_UTF8 in window[1 if not last else 0 :]
            tail = window[-keep:]
            last = chunk[-1:]
    if is_utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            is_utf8 = False
    lines = newlines + (1 if last and last != b"\n" else 0)
    # below title rows the header itself follows a line break: it is no repeat
    repeats -= 1 if dialect.header_line > 1 and repeats else 0
    return Scan(lines, is_utf8, 0 < crlf < newlines, repeats, has_bom_inside)


def _decode(part: bytes) -> str:
    """One export's bytes: UTF-8 (with or without a BOM) when they are, else cp1252, else Latin-1."""
    part = part.removeprefix(BOM_UTF8)
    for encoding in ("utf-8", "cp1252"):
        try:
            return part.decode(encoding)
        except UnicodeDecodeError:
            continue
    return part.decode("latin-1")


def _open_text(path: Path, dialect: Dialect, is_utf8: bool):
    """One export, streamed: UTF-16 by its BOM or its zero bytes, UTF-8 (BOM dropped), else Latin-1 as DuckDB's
    reader would take it."""
    if dialect.is_utf16:
        with open(path, "rb") as handle:
            head = handle.read(4)
        encoding = "utf-16" if head.startswith(BOMS_UTF16) else _utf16_without_bom(head)
    else:
        encoding = "utf-8-sig" if is_utf8 else "latin-1"
    return open(path, encoding=encoding, newline="")


def _glued_parts(path: Path, dialect: Dialect) -> list[tuple[int, io.StringIO]]:
    """(first line, text) of every export glued into the file, split where the header line comes again, each
    decoded in its own encoding."""
    raw = path.read_bytes()
    pattern = re.compile(rb"(?<=\n)(?:\xef\xbb\xbf)?" + re.escape(dialect.header_bytes) + rb"\r?(?=\n|$)", re.I)
    starts = [0, *(match.start() for match in pattern.finditer(raw))] if dialect.header_bytes else [0]
    return [
        (1 + raw.count(b"\n", 0, begin), io.StringIO(_decode(raw[begin:end]), newline=""))
        for begin, end in zip(starts, [*starts[1:], len(raw)], strict=True)
    ]


def _utf16_without_bom(head: bytes) -> str:
    return "utf-16-le" if head[1::2].count(0) >= head[0::2].count(0) else "utf-16-be"


def _is_title(cells: list[str]) -> bool:
    """A title row ("Laporan SP2020 Online …", padded with separators): one cell or none filled."""
    return sum(1 for cell in cells if cell.strip()) <= 1


def parse(path: Path, dialect: Dialect, keep: dict[str, int], is_glued: bool, is_utf8: bool) -> pl.DataFrame:
    """The rows of the file as a frame: `_baris` (the physical line a record starts on), `_lembar` (null) and
    the columns of `keep` (name → index in the header), text with '' as null. Blank rows and rows cleared in a
    spreadsheet (only separators) are skipped; in glued exports, so are each repeated header and the title rows
    above it. Streams one export; only the kept columns are held. BadRow for a record not CSV or of another width."""
    width = len(dialect.header)
    lines: list[int] = []
    columns: dict[str, list[str | None]] = {name: [] for name in keep}

    def add(line: int, cells: list[str]) -> None:
        if is_blank(cells):
            return
        if not _fits(cells, width):
            raise BadRow(line, len(cells), width)
        lines.append(line)
        for name, index in keep.items():
            columns[name].append(cells[index] or None)

    if not is_glued:
        with _open_text(path, dialect, is_utf8) as text:
            for line, cells in _records(text, dialect.delimiter):
                if line > dialect.header_line:
                    add(line, cells)
    else:
        parts = _glued_parts(path, dialect)
        for number, (first_line, text) in enumerate(parts):
            records = _records(text, dialect.delimiter, first_line)
            if number == 0:
                records = ((line, cells) for line, cells in records if line > dialect.header_line)
            else:
                next(records, None)  # the repeated header
            # blank and title-like rows wait: at a part's end they are the title rows of the export glued on next
            pending: list[tuple[int, list[str]]] = []
            for line, cells in records:
                if is_blank(cells) or _is_title(cells):
                    pending.append((line, cells))
                    continue
                for waiting in pending:
                    add(*waiting)
                pending.clear()
                add(line, cells)
            if number == len(parts) - 1:
                for waiting in pending:
                    add(*waiting)
    return pl.DataFrame(
        {"_baris": lines, "_lembar": [None] * len(lines), **columns},
        schema={"_baris": pl.Int32, "_lembar": pl.String, **dict.fromkeys(keep, pl.String)},
    )
