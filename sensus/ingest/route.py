"""Which kabupaten/kota an import file belongs to, in a deployment serving several (a province), and the file
split into one part per kabupaten when asked.

The kabupaten of a row is the first two parts of its area code (kode_desa for submissions and targets, kode for
events), read with the importer's own staging (sources.stage: the same header detection, sheets and line
numbers), so a file is routed by exactly the rows the importer would load. A row whose code names no served
kabupaten (no valid code, a village of another province) belongs to no part: it goes with the file (or its
largest part) and the store rejects it as it rejects any village outside its region.
"""

import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from sensus.core import i18n, wilayah_indonesia
from sensus.core.config import Limits
from sensus.ingest import importer, sources
from sensus.ingest.sources import Contract, ImportRefused
from sensus.store import database

CONTRACTS = {"submisi": importer.SUBMISI, "target": importer.TARGET, "kegiatan": importer.KEGIATAN}
# the query giving each staged line its kabupaten: by kode_desa, or by an event's kode (any level)
RUTE = {"submisi": "ingest/rute_desa", "target": "ingest/rute_desa", "kegiatan": "ingest/rute_kode"}
PRIVATE_FOLDER, PRIVATE_FILE = 0o700, 0o600


@dataclass(frozen=True)
class Bagian:
    """The rows of one kabupaten in a file: how many, and where the first of them is."""

    kode_kab: str | None  # a served kabupaten/kota; None: rows whose code names none
    baris: int
    baris_pertama: int  # the line of a CSV, the row of a sheet, the row number of a Parquet file
    lembar_pertama: str | None = None  # XLSX: the sheet of that first row


@dataclass(frozen=True)
class Rute:
    """A file's rows by kabupaten: the served kabupaten found in it, most rows first, then the unplaced ones."""

    berkas: Path
    jenis: str
    bagian: tuple[Bagian, ...]

    @property
    def kabupaten(self) -> tuple[str, ...]:
        return tuple(b.kode_kab for b in self.bagian if b.kode_kab is not None)

    def tujuan(self, dilayani: tuple[str, ...], paksa: str | None = None) -> str:
        """The one kabupaten the whole file goes to: `paksa` when given (refused if any row is another served
        kabupaten's), else the only served kabupaten in it. KabupatenLain / KabupatenCampur / ImportRefused."""
        if paksa is not None:
            lain = tuple(b for b in self.bagian if b.kode_kab not in (None, paksa))
            if lain:
                own = tuple(b for b in self.bagian if b.kode_kab == paksa)
                raise KabupatenLain(str(self.berkas), (*own, *lain), paksa)
            return paksa
        if not self.kabupaten:
            raise ImportRefused("impor_tanpa_kabupaten", str(self.berkas), dilayani=_served_text(dilayani))
        if len(self.kabupaten) > 1:
            raise KabupatenCampur(str(self.berkas), tuple(b for b in self.bagian if b.kode_kab is not None))
        return self.kabupaten[0]


class _Bagian(ImportRefused):
    """A refusal naming the kabupaten found in a file, each with its rows and, but for the main one, where its
    first row is."""

    def __init__(self, code: str, berkas: str, bagian: tuple[Bagian, ...], utama: str, **detail):
        super().__init__(code, berkas, **detail)
        self.bagian = bagian
        self.utama = utama  # the kabupaten named by its count alone: the largest, or the one the file is for

    def message(self, bahasa: str, literal: Callable[[str], str] = str) -> str:
        """The refusal in `bahasa`; `literal` quotes what came from the file (its name, a sheet's name)."""
        parts = []
        for b in self.bagian:
            values = {
                "kode": b.kode_kab,
                "nama": wilayah_indonesia.nama_wilayah(b.kode_kab),
                "n": i18n.angka(b.baris, bahasa),
                "baris": i18n.angka(b.baris_pertama, bahasa),
            }
            if b.kode_kab == self.utama:
                parts.append(i18n.t("rute_bagian", bahasa, **values))
            elif b.lembar_pertama is not None:
                parts.append(i18n.t("rute_bagian_lembar", bahasa, lembar=literal(b.lembar_pertama), **values))
            else:
                parts.append(i18n.t("rute_bagian_mulai", bahasa, **values))
        detail = dict(self.detail)
        if "tujuan" in detail:
            detail["tujuan"] = f"{detail['tujuan']} {wilayah_indonesia.nama_wilayah(detail['tujuan'])}"
        return i18n.t(self.code, bahasa, berkas=literal(Path(self.berkas).name), rincian="; ".join(parts), **detail)


class KabupatenCampur(_Bagian):
    """A file holding rows of several served kabupaten, imported without --pisah: refused whole."""

    def __init__(self, berkas: str, bagian: tuple[Bagian, ...]):
        super().__init__("impor_kabupaten_campur", berkas, bagian, bagian[0].kode_kab)


class KabupatenLain(_Bagian):
    """A file bound for one kabupaten (--kabupaten, or the page's own) holding rows of another: refused whole."""

    def __init__(self, berkas: str, bagian: tuple[Bagian, ...], tujuan: str):
        super().__init__("impor_kabupaten_lain", berkas, bagian, tujuan, tujuan=tujuan)


def _served_text(dilayani: tuple[str, ...]) -> str:
    return ", ".join(dilayani) if len(dilayani) <= 6 else f"{dilayani[0]} … {dilayani[-1]}"


def _codes_only(contract: Contract) -> Contract:
    # the required columns only: the same header and sheets as the import, none of the optional ones (no_kk)
    return Contract(required=contract.required, optional=(), aliases=contract.aliases, codes=contract.codes)


def _table(jenis: str) -> str:
    # the temp table a RUTE query creates is named after its file
    return RUTE[jenis].rsplit("/", 1)[1]


@contextmanager
def _staged(path: Path, jenis: str, contract: Contract, limits: Limits) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect() as con:
        con.execute(database.sql_text("staging/macros"))
        sources.stage(con, Path(path), contract, "staged", limits=limits)
        con.execute(database.sql_text(RUTE[jenis]))
        yield con


def read(path: Path, jenis: str, dilayani: tuple[str, ...], *, limits: Limits) -> Rute:
    """The rows of the file at `path` (an import of `jenis`: submisi | target | kegiatan) by kabupaten, of those
    in `dilayani`. ImportRefused when the importer would refuse the file (unreadable, a required column missing)."""
    with _staged(path, jenis, _codes_only(CONTRACTS[jenis]), limits) as con:
        rows = con.sql(database.sql_text("ingest/rute_bagian"), params={"rute": _table(jenis)}).fetchall()
    placed = [Bagian(kab, n, first, sheet) for kab, n, first, sheet in rows if kab in dilayani]
    placed.sort(key=lambda b: (-b.baris, b.kode_kab))
    unplaced = [(n, first, sheet) for kab, n, first, sheet in rows if kab not in dilayani]
    if unplaced:
        first = min(unplaced, key=lambda r: r[1])
        placed.append(Bagian(None, sum(n for n, _, _ in unplaced), first[1], first[2]))
    return Rute(Path(path), jenis, tuple(placed))


def split(rute: Rute, folder: Path, *, limits: Limits) -> list[tuple[str, Path]]:
    """Write each served kabupaten's rows of the routed file as a CSV of the contract's columns in `folder`
    (0600 files: they carry no_kk in clear): (kode_kab, path) per part, largest first. Rows naming no served
    kabupaten go with the largest part. A part keeps the rows' own line numbers where the file has one sequence
    of them (a CSV, one sheet): its rejected lines name the lines of the original file."""
    contract = CONTRACTS[rute.jenis]
    if not rute.kabupaten:
        raise ImportRefused("impor_tanpa_kabupaten", str(rute.berkas), dilayani="-")
    largest = rute.kabupaten[0]
    with _staged(rute.berkas, rute.jenis, contract, limits) as con:
        frame = database.run_sql(con, "ingest/rute_baris", rute=_table(rute.jenis))
    frame = frame.with_columns(
        pl.when(pl.col("kab").is_in(list(rute.kabupaten))).then(pl.col("kab")).otherwise(pl.lit(largest)).alias("kab")
    )
    if rute.jenis == "target" and "sumber" in frame.columns:
        # a target's source defaults to its file's name: the original file's, not the part's
        frame = frame.with_columns(pl.col("sumber").fill_null(rute.berkas.name))
    keeps_lines = frame["lembar"].n_unique() <= 1 and frame["baris"].is_sorted() and frame["baris"].min() >= 2
    parts = []
    for kode_kab in rute.kabupaten:
        rows = frame.filter(pl.col("kab") == kode_kab).select(*contract.columns, "baris")
        # named after the file (the history shows it), cut well below a file system's name limit
        target = Path(folder) / f"{rute.berkas.stem[:120]}.{kode_kab}.csv"
        _write_part(rows, contract.columns, target, keeps_lines)
        parts.append((kode_kab, target))
    return parts


def _write_part(rows: pl.DataFrame, columns: tuple[str, ...], target: Path, keeps_lines: bool) -> None:
    """The rows as CSV, each on the line it had (blank lines between, which the importer skips) or one after
    the other; written 0600 from the start."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    line = 2
    for *values, baris in rows.iter_rows():
        if keeps_lines and baris > line:
            buffer.write("\n" * (baris - line))
            line = baris
        start = buffer.tell()
        writer.writerow(["" if v is None else v for v in values])
        buffer.seek(start)
        line += buffer.read().count("\n")
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
        handle.write(buffer.getvalue())


@contextmanager
def private_folder(near: Path | None = None) -> Iterator[Path]:
    """A 0700 folder for a file's parts, removed when the block ends however it ends."""
    with tempfile.TemporaryDirectory(prefix="pantau-pisah-", dir=near) as folder:
        os.chmod(folder, PRIVATE_FOLDER)
        yield Path(folder)
