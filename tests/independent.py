"""An independent count of responses from the raw export files, in polars and plain Python.

It shares no code or SQL with the store: it re-reads the files (CSV, Parquet, XLSX; header aliases;
dotted or undotted codes; times in WIB, with an offset or in UTC) and applies docs/COUNTING.md's counting
rules directly, so a test can hold `python -m sensus report` against it.
"""

import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import polars as pl

WIB = timezone(timedelta(hours=7))
COLUMNS = ("id_submisi", "kode_desa", "waktu_submit", "jumlah_art", "no_kk", "status")
# other header names exports use for the contract's columns, written out here again from docs/CONTRACTS.md's
# "a mapping for other names" and what exports carry, so a renamed header in the store shows up as a mismatch
ALIASES = {
    "id_submisi": ("id", "id_submission", "submission_id", "idsubmisi"),
    "kode_desa": ("kode_wilayah", "kode_kelurahan", "kode_desa_kelurahan", "kd_desa", "kodedesa"),
    "waktu_submit": ("waktu", "timestamp", "submitted_at", "tanggal_submit", "waktu_kirim"),
    "jumlah_art": ("jml_art", "art", "jumlah_anggota_rumah_tangga"),
    "no_kk": ("nokk", "nomor_kk", "no_kartu_keluarga"),
    "status": ("status_submisi",),
}


def column_name(header: str) -> str:
    """The contract's name for a header: case, spaces, hyphens and a byte-order mark do not matter."""
    name = re.sub(r"[\s\-]+", "_", header.replace("\ufeff", "").strip().lower())
    for column, others in ALIASES.items():
        if name in others:
            return column
    return name


def read_export(path: Path) -> pl.DataFrame:
    """The contract's columns of one export file as text, with `line` (0-based data row)."""
    if path.suffix == ".parquet":
        table = pl.read_parquet(path)
    elif path.suffix == ".xlsx":
        # every cell as text: a code typed as a number must not lose its digits or gain a ".0"
        table = pl.read_excel(path, infer_schema_length=0)
    else:
        table = pl.read_csv(path, infer_schema=False)
    table = table.rename({c: column_name(c) for c in table.columns})
    return table.select(
        pl.col(c).cast(pl.String) if c in table.columns else pl.lit(None, pl.String).alias(c) for c in COLUMNS
    ).with_row_index("line")


def wib_day(text: str | None) -> datetime | None:
    """The instant in WIB: without an offset the text is WIB wall time, with one (or Z) it is converted."""
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment.replace(tzinfo=WIB) if moment.tzinfo is None else moment.astimezone(WIB)


def dotted(code: str | None) -> str | None:
    digits = re.sub(r"\.", "", (code or "").strip())
    if not re.fullmatch(r"\d{10}", digits):
        return None
    return f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:]}"


def valid_submissions(paths: list[Path], known_desa: set[str]) -> pl.DataFrame:
    """Every valid submission, the latest import's version of each id_submisi."""
    rows = []
    for order, path in enumerate(paths):
        for row in read_export(path).iter_rows(named=True):
            kode = dotted(row["kode_desa"])
            moment = wib_day(row["waktu_submit"])
            persons = (row["jumlah_art"] or "").strip()
            no_kk = (row["no_kk"] or "").strip()
            status = (row["status"] or "respon").strip().lower()
            if not row["id_submisi"] or kode not in known_desa or moment is None:
                continue
            if not persons.isdigit() or not 1 <= int(persons) <= 99:
                continue
            if no_kk and not re.fullmatch(r"\d{16}", no_kk):
                continue
            if status not in ("respon", "clean"):
                continue
            rows.append(
                {
                    "order": (order, row["line"]),
                    "id_submisi": row["id_submisi"].strip(),
                    "kode_desa": kode,
                    # the WIB day, taken here: polars keeps aware datetimes in UTC
                    "waktu": moment,
                    "tanggal": moment.date(),
                    "jumlah_art": int(persons),
                    # a placeholder no_kk (one digit repeated) is no household's identity
                    "household": f"kk:{no_kk}" if len(set(no_kk)) > 1 else f"id:{row['id_submisi'].strip()}",
                    "clean": status == "clean",
                }
            )
    latest: dict[str, dict] = {}
    for row in sorted(rows, key=lambda r: r["order"]):
        latest[row["id_submisi"]] = row
    if not latest:
        return pl.DataFrame(schema={"id_submisi": pl.String, "tanggal": pl.Date})
    return pl.DataFrame(list(latest.values())).drop("order")


def counts_as_of(submissions: pl.DataFrame, day: date, mulai: date, selesai: date) -> dict[str, tuple[int, int, int]]:
    """kode_desa → (households, persons, clean households) as of `day`."""
    result: dict[str, list[int]] = {}
    by_household: dict[str, list[dict]] = {}
    for row in submissions.iter_rows(named=True):
        if mulai <= row["tanggal"] <= selesai:
            by_household.setdefault(row["household"], []).append(row)
    for rows in by_household.values():
        rows.sort(key=lambda r: (r["waktu"], r["id_submisi"]))
        upto = [r for r in rows if r["tanggal"] <= day]
        if not upto:
            continue
        counts = result.setdefault(rows[0]["kode_desa"], [0, 0, 0])
        counts[0] += 1
        counts[1] += upto[-1]["jumlah_art"]
        counts[2] += int(upto[-1]["clean"])
    return {kode: tuple(values) for kode, values in result.items()}


def counts_by_level(
    submissions: pl.DataFrame, day: date, mulai: date, selesai: date, level: str
) -> dict[str, tuple[int, int, int]]:
    """counts_as_of summed to `level`: desa (dotted kode_desa), kecamatan (33.16.NN) or kabupaten (33.16)."""
    width = {"desa": 13, "kecamatan": 8, "kabupaten": 5}[level]
    result: dict[str, list[int]] = {}
    for kode, values in counts_as_of(submissions, day, mulai, selesai).items():
        total = result.setdefault(kode[:width], [0, 0, 0])
        for n, value in enumerate(values):
            total[n] += value
    return {kode: tuple(values) for kode, values in result.items()}
