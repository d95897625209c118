"""Import submission exports, targets and events into the store, under DESIGN.md's counting rules.

Every import runs inside database.writer: the file loads whole (valid rows, rejected rows, batch
record) into a copy of the store that is published only at the end, or not at all.
"""

import errno
import functools
import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import duckdb

from sensus.core import config
from sensus.core.config import KODE_KAB
from sensus.core.progress import Progress
from sensus.ingest import sources
from sensus.ingest.sources import Contract, ImportRefused
from sensus.store import database

SUBMISI = Contract(
    required=("id_submisi", "kode_desa", "waktu_submit", "jumlah_art"),
    optional=("no_kk", "status"),
    aliases={
        "id_submisi": ("id", "id_submission", "submission_id", "idsubmisi"),
        "kode_desa": ("kode_wilayah", "kode_kelurahan", "kode_desa_kelurahan", "kd_desa", "kodedesa"),
        "waktu_submit": ("waktu", "timestamp", "submitted_at", "tanggal_submit", "waktu_kirim"),
        "jumlah_art": ("jml_art", "art", "jumlah_anggota_rumah_tangga"),
        "no_kk": ("nokk", "nomor_kk", "no_kartu_keluarga"),
        "status": ("status_submisi",),
    },
)
TARGET = Contract(
    required=("kode_desa", "penduduk", "kk"),
    optional=("sumber",),
    aliases={"penduduk": ("jumlah_penduduk", "jiwa"), "kk": ("jumlah_kk", "keluarga")},
)
KEGIATAN = Contract(
    required=("tanggal", "jenis", "kode"),
    optional=("keterangan", "simulasi"),
    aliases={"kode": ("kode_wilayah",), "jenis": ("kegiatan",)},
)

# a code with or without dots, normalised to the dotted Kemendagri form
DOTTED_DESA = (
    "case when regexp_full_match(replace({c}, '.', ''), '[0-9]{{10}}') then "
    "regexp_replace(replace({c}, '.', ''), '^(..)(..)(..)(....)$', '\\1.\\2.\\3.\\4') end"
)
DOTTED_ANY = (
    "case when regexp_full_match(replace({c}, '.', ''), '[0-9]{{4}}|[0-9]{{6}}|[0-9]{{10}}') then "
    "concat_ws('.', substr(replace({c}, '.', ''), 1, 2), substr(replace({c}, '.', ''), 3, 2), "
    "nullif(substr(replace({c}, '.', ''), 5, 2), ''), nullif(substr(replace({c}, '.', ''), 7, 4), '')) end"
)


@dataclass
class Summary:
    """What one import did; the CLI prints it and the data view lists it."""

    berkas: str
    baris_dibaca: int = 0
    submisi_baru: int = 0
    rumah_tangga_baru: int = 0
    diperbarui: int = 0
    sama: int = 0
    duplikat: int = 0
    ditolak: int = 0
    luar_jendela: int = 0
    kolom_dibuang: tuple[str, ...] = ()
    sudah_diimpor: bool = False
    alasan_ditolak: tuple[tuple[str, int], ...] = ()  # (reason code, count), most frequent first


class _AlreadyImported(Exception):
    pass


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def record_batch(con: duckdb.DuckDBPyConnection, impor_id: int, jenis: str, sha256: str, summary: Summary) -> None:
    con.execute(
        """
        insert into impor values ($impor_id, $jenis, $berkas, $sha256, now(), $baris_dibaca, $submisi_baru,
            $rumah_tangga_baru, $diperbarui, $sama, $duplikat, $ditolak, $luar_jendela, $kolom_dibuang)
        """,
        {
            **{k: v for k, v in asdict(summary).items() if k not in ("sudah_diimpor", "alasan_ditolak")},
            "kolom_dibuang": ", ".join(summary.kolom_dibuang),
            "impor_id": impor_id,
            "jenis": jenis,
            "sha256": sha256,
        },
    )


def _rejection_counts(con: duckdb.DuckDBPyConnection, impor_id: int) -> tuple[tuple[str, int], ...]:
    return tuple(
        con.sql(
            "select alasan, count(*) from baris_ditolak where impor_id = $id group by alasan order by 2 desc, 1",
            params={"id": impor_id},
        ).fetchall()
    )


def _refuse_io_errors(loader):
    """A full disk while importing is a refusal with a message, not a traceback; the store is as before."""

    @functools.wraps(loader)
    def wrapped(path, *args, **kwargs):
        try:
            return loader(path, *args, **kwargs)
        except (duckdb.IOException, OSError) as error:
            if getattr(error, "errno", None) == errno.ENOSPC or "no space left" in str(error).lower():
                raise ImportRefused("disk_penuh", str(path)) from None
            raise

    return wrapped


def _file_state(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def _check_unchanged(path: Path, before: tuple[int, int]) -> None:
    """Refuse a file that changed between hashing and reading: its rows would carry the wrong sha256."""
    if _file_state(path) != before:
        raise ImportRefused("berkas_berubah", str(path))


def _open(store_path: Path | None):
    cfg = config.load()
    path = store_path or cfg.store_path
    return database.writer(path, config.salt_path_for(path), cfg.mulai, cfg.selesai)


@_refuse_io_errors
def _load(
    path: Path,
    store_path: Path | None,
    jenis: str,
    contract: Contract,
    work: Callable[[database.Writer, int, Summary], None],
    progress: Progress | None = None,
    stage_options: Callable[[database.Writer], dict] = lambda w: {},
) -> Summary:
    """The import every kind of file shares: hash, skip a file already imported, stage, `work`, record the batch.

    Raises ImportRefused when the file is refused whole; then nothing in the store changed.
    """
    path = Path(path)
    sources.check_path(path)
    progress = progress or Progress(lambda stage, percent: None)
    progress.step("sha256")
    before = _file_state(path)
    sha256 = file_sha256(path)
    summary = Summary(berkas=path.name)
    try:
        with _open(store_path) as w, progress.watching(w.con):
            already = "select 1 from impor where sha256 = $s and jenis = $jenis"
            if w.con.sql(already, params={"s": sha256, "jenis": jenis}).fetchall():
                raise _AlreadyImported
            impor_id = w.next_import_id()
            progress.step("membaca berkas")
            staged = sources.stage(w.con, path, contract, "staged", **stage_options(w))
            # the rows read must be the bytes hashed: a file still being written is refused, not half loaded
            _check_unchanged(path, before)
            summary.baris_dibaca, summary.kolom_dibuang = staged.rows, staged.dropped
            work(w, impor_id, summary)
            record_batch(w.con, impor_id, jenis, sha256, summary)
            summary.alasan_ditolak = _rejection_counts(w.con, impor_id)
            progress.step("memperbarui ringkasan")
    except _AlreadyImported:
        summary.sudah_diimpor = True
    return summary


def ingest_submissions(path: Path, store_path: Path | None = None, progress: Progress | None = None) -> Summary:
    """Import one export of submissions; raises ImportRefused when the file is refused whole."""
    cfg = config.load()
    progress = progress or Progress(lambda stage, percent: None)

    def hashing_no_kk(w: database.Writer) -> dict:
        return {
            "extra": {
                # no_kk is hashed as it is read; its clear value never lands in any table
                "kk_hash": f"case when regexp_full_match(no_kk, '[0-9]{{16}}') then sha256('{w.salt}' || no_kk) end",
                "kk_panjang": "length(no_kk)",
            },
            "consumed": ("no_kk",),
        }

    def work(w: database.Writer, impor_id: int, summary: Summary) -> None:
        progress.step("memeriksa baris")
        _validate(w.con, cfg.mulai, cfg.selesai)
        progress.step("menyimpan")
        _store_submissions(w.con, impor_id, Path(path).name, summary)

    return _load(path, store_path, "submisi", SUBMISI, work, progress, hashing_no_kk)


def _validate(con: duckdb.DuckDBPyConnection, mulai: date, selesai: date) -> None:
    kode = DOTTED_DESA.format(c="kode_desa")
    con.execute(
        f"""
        create or replace temp table checked as
        with parsed as (
            select
                s.*,
                {kode} as kode_bersih,
                try_cast(waktu_submit as timestamptz) as waktu,
                try_cast(jumlah_art as integer) as art,
                coalesce(lower(status), 'respon') as status_bersih
            from staged as s
        )
        select
            p.*,
            cast(p.waktu as date) as tanggal,
            case
                when p.id_submisi is null then 'id_submisi_kosong'
                when p.kode_desa is null then 'kode_desa_kosong'
                when p.kode_bersih is null then 'kode_desa_tidak_sah'
                when d.kode_desa is null and not starts_with(p.kode_bersih, '{KODE_KAB}.')
                    then 'kode_desa_luar_kabupaten'
                when d.kode_desa is null then 'kode_desa_tidak_dikenal'
                when p.waktu_submit is null then 'waktu_submit_kosong'
                when p.waktu is null then 'waktu_submit_tidak_terbaca'
                when p.jumlah_art is null then 'jumlah_art_kosong'
                when p.art is null then 'jumlah_art_bukan_angka'
                when p.art not between 1 and 99 then 'jumlah_art_di_luar_1_99'
                when p.kk_panjang is not null and p.kk_hash is null then 'no_kk_tidak_16_digit'
                when p.status_bersih not in ('respon', 'clean') then 'status_tidak_dikenal'
            end as alasan,
            cast(p.waktu as date) not between $mulai and $selesai as is_luar_jendela
        from parsed as p
        left join desa as d on d.kode_desa = p.kode_bersih
        """,
        {"mulai": mulai, "selesai": selesai},
    )


def _store_submissions(con: duckdb.DuckDBPyConnection, impor_id: int, berkas: str, summary: Summary) -> None:
    con.execute(
        """
        insert into baris_ditolak
        select $impor_id, $berkas, baris, alasan,
            case alasan
                when 'no_kk_tidak_16_digit' then kk_panjang::varchar || ' digit'
                when 'kode_desa_tidak_sah' then kode_desa
                when 'kode_desa_tidak_dikenal' then kode_bersih
                when 'kode_desa_luar_kabupaten' then kode_bersih
                when 'waktu_submit_tidak_terbaca' then waktu_submit
                when 'jumlah_art_bukan_angka' then jumlah_art
                when 'jumlah_art_di_luar_1_99' then jumlah_art
                when 'status_tidak_dikenal' then status
            end,
            id_submisi, kode_desa, waktu_submit, jumlah_art, status
        from checked where alasan is not null
        order by baris
        """,
        {"impor_id": impor_id, "berkas": berkas},
    )
    # inside one file the last line of an id_submisi wins; earlier lines are duplicates. One window pass
    # ranks the lines and names the winning line, so duplicates need no join of the file with itself.
    con.execute(
        """
        create or replace temp table ranked as
        select *,
            row_number() over same_id as urutan_dari_akhir,
            max(baris) over same_id as baris_terakhir
        from checked
        where alasan is null
        window same_id as (partition by id_submisi order by baris desc)
        """
    )
    con.execute(
        """
        insert into baris_ditolak
        select $impor_id, $berkas, baris, 'duplikat_id_submisi', 'baris ' || baris_terakhir::varchar,
            id_submisi, kode_desa, waktu_submit, jumlah_art, status
        from ranked
        where urutan_dari_akhir > 1
        """,
        {"impor_id": impor_id, "berkas": berkas},
    )
    con.execute(
        """
        create or replace temp table incoming as
        select
            id_submisi, kode_bersih as kode_desa, waktu as waktu_submit, tanggal, art::smallint as jumlah_art,
            coalesce('kk:' || kk_hash, 'id:' || id_submisi) as rumah_tangga, status_bersih as status,
            is_luar_jendela, baris
        from ranked
        where urutan_dari_akhir = 1
        """
    )
    con.execute("drop table ranked")
    con.execute(
        """
        create or replace temp table compared as
        select i.*,
            case
                when s.id_submisi is null then 'baru'
                when s.kode_desa = i.kode_desa and s.waktu_submit = i.waktu_submit
                    and s.jumlah_art = i.jumlah_art and s.rumah_tangga = i.rumah_tangga and s.status = i.status
                    then 'sama'
                else 'diperbarui'
            end as nasib,
            s.impor_pertama
        from incoming as i
        left join submisi as s using (id_submisi)
        """
    )
    counts = con.sql(
        """
        select
            (select count(*) from checked where alasan is not null),
            (select count(*) from checked where alasan is null) - (select count(*) from incoming),
            count(*) filter (where nasib = 'baru'),
            count(*) filter (where nasib = 'diperbarui'),
            count(*) filter (where nasib = 'sama'),
            count(*) filter (where is_luar_jendela),
            (select count(distinct rumah_tangga) from compared as c
             where nasib = 'baru' and not exists (select 1 from submisi as s where s.rumah_tangga = c.rumah_tangga))
        from compared
        """
    ).fetchall()[0]
    (
        summary.ditolak,
        summary.duplikat,
        summary.submisi_baru,
        summary.diperbarui,
        summary.sama,
        summary.luar_jendela,
        summary.rumah_tangga_baru,
    ) = counts
    # an export is a snapshot: a later value of a stored id_submisi replaces it
    con.execute("delete from submisi where id_submisi in (select id_submisi from compared where nasib = 'diperbarui')")
    con.execute(
        """
        insert into submisi
        select c.id_submisi, c.kode_desa, c.waktu_submit, c.tanggal, c.jumlah_art, c.rumah_tangga, c.status,
            coalesce(c.impor_pertama, $impor_id), $impor_id
        from compared as c
        where c.nasib in ('baru', 'diperbarui')
        """,
        {"impor_id": impor_id},
    )


def _store_rejects(con: duckdb.DuckDBPyConnection, impor_id: int, berkas: str, table: str) -> int:
    """Keep the rows of `table` whose `alasan` is set, in the rejected-rows table; return how many."""
    con.execute(
        f"""
        insert into baris_ditolak (impor_id, berkas, baris, alasan, nilai)
        select $impor_id, $berkas, baris, alasan, nilai from {table} where alasan is not null order by baris
        """,
        {"impor_id": impor_id, "berkas": berkas},
    )
    return con.sql(f"select count(*) from {table} where alasan is not null").fetchall()[0][0]


def ingest_targets(path: Path, store_path: Path | None = None) -> Summary:
    """Load registered persons and households per village; the file replaces the stored targets."""

    def work(w: database.Writer, impor_id: int, summary: Summary) -> None:
        con = w.con
        con.execute(
            f"""
            create or replace temp table checked_target as
            with parsed as (
                select baris, {DOTTED_DESA.format(c="kode_desa")} as kode, kode_desa,
                    try_cast(penduduk as integer) as jiwa, try_cast(kk as integer) as keluarga,
                    penduduk, kk, coalesce(sumber, $berkas) as sumber
                from staged
            )
            select p.*,
                case
                    when d.kode_desa is null then 'kode_desa_tidak_dikenal'
                    when p.jiwa is null or p.jiwa < 1 then 'penduduk_tidak_sah'
                    when p.keluarga is null or p.keluarga < 1 then 'kk_tidak_sah'
                    when p.keluarga > p.jiwa then 'kk_melebihi_penduduk'
                    when count(*) over (partition by p.kode) > 1 then 'kode_desa_ganda'
                end as alasan,
                case when d.kode_desa is null then p.kode_desa
                     when p.jiwa is null or p.jiwa < 1 then p.penduduk else p.kk end as nilai
            from parsed as p left join desa as d on d.kode_desa = p.kode
            """,
            {"berkas": Path(path).name},
        )
        summary.ditolak = _store_rejects(con, impor_id, Path(path).name, "checked_target")
        con.execute("delete from target")
        con.execute("insert into target select kode, jiwa, keluarga, sumber from checked_target where alasan is null")
        summary.submisi_baru = summary.baris_dibaca - summary.ditolak

    return _load(path, store_path, "target", TARGET, work)


def ingest_events(path: Path, store_path: Path | None = None) -> Summary:
    """Add outreach events; an event already stored (same day, kind, area and text) is not added again."""

    def work(w: database.Writer, impor_id: int, summary: Summary) -> None:
        add_events(w.con, "staged", impor_id, Path(path).name, summary)

    return _load(path, store_path, "kegiatan", KEGIATAN, work)


def add_events(con: duckdb.DuckDBPyConnection, table: str, impor_id: int, berkas: str, summary: Summary) -> None:
    """Validate the text rows of `table` (baris, tanggal, jenis, kode, keterangan, simulasi) and add them."""
    con.execute(
        f"""
        create or replace temp table checked_kegiatan as
        with parsed as (
            select baris, tanggal, kode,
                coalesce(try_cast(tanggal as date), try_strptime(tanggal, '%d/%m/%Y')::date) as hari,
                lower(jenis) as jenis_bersih,
                {DOTTED_ANY.format(c="kode")} as kode_bersih,
                coalesce(keterangan, '') as keterangan,
                coalesce(try_cast(simulasi as boolean), false) as simulasi
            from {table}
        )
        select p.*,
            case
                when p.hari is null then 'tanggal_tidak_terbaca'
                when p.jenis_bersih is null then 'jenis_kosong'
                when p.kode_bersih is null
                    or (p.kode_bersih <> $kab and p.kode_bersih not in (select kode_kec from kecamatan)
                        and p.kode_bersih not in (select kode_desa from desa)) then 'kode_wilayah_tidak_dikenal'
            end as alasan,
            case when p.hari is null then p.tanggal else p.kode end as nilai
        from parsed as p
        """,
        {"kab": KODE_KAB},
    )
    summary.ditolak = _store_rejects(con, impor_id, berkas, "checked_kegiatan")
    before = con.sql("select count(*) from kegiatan").fetchall()[0][0]
    con.execute(
        """
        insert into kegiatan
        select (select coalesce(max(kegiatan_id), 0) from kegiatan) + row_number() over (order by baris),
            hari, jenis_bersih, kode_bersih, keterangan, simulasi
        from (
            select distinct on (hari, jenis_bersih, kode_bersih, keterangan) *
            from checked_kegiatan as c
            where alasan is null and not exists (
                select 1 from kegiatan as k
                where k.tanggal = c.hari and k.jenis = c.jenis_bersih and k.kode = c.kode_bersih
                    and k.keterangan = c.keterangan)
            order by baris
        )
        """
    )
    summary.submisi_baru = con.sql("select count(*) from kegiatan").fetchall()[0][0] - before
    summary.sama = summary.baris_dibaca - summary.ditolak - summary.submisi_baru
