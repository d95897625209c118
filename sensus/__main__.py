"""Command line: python -m sensus demo | ingest FILE… | targets FILE | events FILE | undo IMPOR_ID | report | users.

Exit status: 0 when every file loaded (with or without rejected rows) or was already imported;
1 when a file was refused, with the reason on stderr; nothing in the store changed for it.
Imports are recorded as `cli:<os user>` and can be undone (`undo`, or the dashboard's upload page).
"""

import argparse
import getpass
import sys
from datetime import date
from pathlib import Path

import duckdb

from sensus.analysis import daily_message
from sensus.auth import cli as auth_cli
from sensus.core import config, i18n
from sensus.core.config import Config
from sensus.core.progress import Progress, terminal_bar
from sensus.core.scope import BadScope, OutOfScope, Scope
from sensus.core.wilayah_indonesia import WilayahTidakDikenal
from sensus.demo import builder as demo_store
from sensus.ingest import batches, importer
from sensus.ingest.sources import ImportRefused
from sensus.store import database, reports

# rejected lines printed under a summary; all of them are kept in the store
REJECT_LINES_SHOWN = 10
# a bar for files that take more than a moment (about 100,000 rows)
PROGRESS_FROM_BYTES = 8_000_000


def _print_summary(summary: importer.Summary, store_path: Path, bahasa: str) -> None:
    if summary.sudah_diimpor:
        print(i18n.t("sudah_diimpor", bahasa, berkas=summary.berkas))
        return
    counts = {k: i18n.angka(v, bahasa) for k, v in vars(summary).items() if type(v) is int}
    if summary.target_perubahan is not None:
        changes = {k: i18n.angka(v, bahasa) for k, v in summary.target_perubahan.items()}
        print(i18n.t("ringkasan_target", bahasa, berkas=summary.berkas, ditolak=counts["ditolak"], **changes))
    elif summary.jenis == "kegiatan":
        print(
            i18n.t(
                "ringkasan_kegiatan",
                bahasa,
                berkas=summary.berkas,
                baru=counts["submisi_baru"],
                sama=counts["sama"],
                ditolak=counts["ditolak"],
            )
        )
    else:
        print(i18n.t("ringkasan_impor", bahasa, berkas=summary.berkas, **counts))
    for lembar, baris in summary.lembar:
        print(i18n.t("ringkasan_lembar", bahasa, lembar=lembar, baris=i18n.angka(baris, bahasa)))
    for lembar in summary.lembar_dilewati:
        print(i18n.t("ringkasan_lembar_dilewati", bahasa, lembar=lembar))
    if summary.kk_placeholder:
        print(i18n.t("ringkasan_kk_placeholder", bahasa, jumlah=counts["kk_placeholder"]))
    if summary.kolom_dibuang:
        print(i18n.t("kolom_dibuang", bahasa, kolom=", ".join(summary.kolom_dibuang)))
    if summary.alasan_ditolak:
        # every rejected line counted by reason; the lines below are the first of those kept
        print(i18n.t("ringkasan_alasan_judul", bahasa))
        for alasan, n in summary.alasan_ditolak:
            print(i18n.t("ringkasan_alasan", bahasa, alasan=_reason(alasan, bahasa), n=i18n.angka(n, bahasa)))
    if summary.ditolak or summary.duplikat:
        # this import's own lines: another import may have been published since this one
        con = database.connect_reader(store_path)
        try:
            rows = database.run_sql(con, "ingest/impor_rejected_lines", impor_id=summary.impor_id, n=REJECT_LINES_SHOWN)
        finally:
            con.close()
        for baris, alasan, nilai, _ in rows.iter_rows():
            shown = f" ({nilai})" if nilai else ""
            print(i18n.t("baris_ditolak_contoh", bahasa, baris=baris, alasan=_reason(alasan, bahasa), nilai=shown))
        hidden = summary.ditolak + summary.duplikat - rows.height
        if hidden > 0:
            print(i18n.t("baris_lainnya", bahasa, n=i18n.angka(hidden, bahasa)))
        # the store kept only the first of them (pantau.toml [impor] baris_ditolak_maks); all are counted above
        disimpan = rows["disimpan"][0] if rows.height else 0
        if summary.ditolak + summary.duplikat > disimpan:
            print(i18n.t("baris_ditolak_dibatasi", bahasa, maks=i18n.angka(disimpan, bahasa)))


def _reason(kode: str, bahasa: str) -> str:
    """A rejection reason's text; a code this version has no text for is shown as stored."""
    return i18n.t(kode, bahasa) if kode in i18n.catalog() else kode


def cli_user() -> str:
    """Who a command-line import or undo is recorded as: `cli:` and the OS user."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in the environment or the passwd file (some containers)
        return "cli"


def _load_files(jenis: str, files: list[Path], store_path: Path, bahasa: str, cfg: Config) -> int:
    status = 0
    for path in files:
        options = {}
        if jenis == "submisi" and path.is_file() and path.stat().st_size >= PROGRESS_FROM_BYTES:
            options["progress"] = Progress(terminal_bar(), bahasa)
        try:
            # a refused file leaves the store's folder as it was: the message below is its record
            summary = batches.ingest(jenis, path, store_path, cli_user(), is_refusal_audited=False, cfg=cfg, **options)
        except ImportRefused as refused:
            print(i18n.t(refused.code, bahasa, berkas=refused.berkas, **refused.detail), file=sys.stderr)
            status = 1
            continue
        finally:
            if options:
                print(file=sys.stderr)
        _print_summary(summary, store_path, bahasa)
        if summary.impor_id is not None:
            print(i18n.t("impor_bisa_batal", bahasa, impor_id=summary.impor_id))
    return status


def _undo(impor_id: int, store_path: Path, bahasa: str, cfg: Config) -> int:
    try:
        done = batches.undo(impor_id, cli_user(), store_path, cfg=cfg)
    except batches.UndoRefused as refused:
        print(i18n.t(refused.code, bahasa, **refused.detail), file=sys.stderr)
        return 1
    except database.StoreError as error:
        print(
            i18n.t(error.code, bahasa, berkas=f"#{impor_id}", penyimpanan=error.path, **error.detail), file=sys.stderr
        )
        return 1
    print(done.message(bahasa, impor_id))
    return 0


def _report(args: argparse.Namespace, store_path: Path, cfg: Config) -> int:
    try:
        # --kecamatan narrows PANTAU_KECAMATAN, never widens it
        scope = Scope.parse(args.kecamatan, cfg.wilayah).within(Scope.of_server(cfg.kecamatan, cfg.wilayah))
    except (BadScope, OutOfScope) as bad:
        print(bad, file=sys.stderr)
        return 2
    con = database.connect_reader(store_path, region=cfg.wilayah)
    day = args.date or reports.status_data(con, scope=scope)["hari_data_terakhir"] or cfg.selesai
    try:
        table = reports.capaian(con, day, args.level, scope=scope, region=cfg.wilayah)
    except OutOfScope as refused:  # --level kabupaten with --kecamatan: a kecamatan's report has no kabupaten row
        print(refused, file=sys.stderr)
        return 2
    if args.format == "csv":
        sys.stdout.write(table.write_csv())
    elif args.format == "json":
        sys.stdout.write(table.write_json() + "\n")
    else:
        print(daily_message.pesan_harian(con, day, args.lang, scope=scope, cfg=cfg))
    return 0


def _store_refusal(error: database.StoreError, bahasa: str) -> str:
    """The one line saying why a store cannot be used as asked, naming it."""
    return i18n.t(error.code, bahasa, berkas=Path(error.path).name, penyimpanan=error.path, **error.detail)


def main(argv: list[str] | None = None) -> int:
    # the composition root of the command line: the configuration is read here, once, and passed down
    try:
        cfg = config.read()
    except WilayahTidakDikenal as unknown:
        print(f"PANTAU_KABUPATEN / [wilayah] kabupaten: {unknown}", file=sys.stderr)
        return 2
    parser = argparse.ArgumentParser(prog="python -m sensus", description=f"Pantau SP2020: {cfg.nama_kab}")
    parser.add_argument("--store", type=Path, help="store file (default from pantau.toml: data/sensus.duckdb)")
    parser.add_argument("--lang", choices=i18n.BAHASA, default="id", help="language of messages (id, en)")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="build the demo store from simulated exports")
    demo.add_argument("--seed", type=int, default=2020)
    for name, text in (("ingest", "import submission exports"), ("targets", "load targets"), ("events", "load events")):
        command = commands.add_parser(name, help=text)
        command.add_argument("files", type=Path, nargs="+" if name == "ingest" else 1)
    undo = commands.add_parser(
        "undo", help="undo one import (its number is printed by ingest and listed in the history)"
    )
    undo.add_argument("impor_id", type=int)
    report = commands.add_parser("report", help="print the figures of every area as of a day")
    report.add_argument("--level", choices=reports.TINGKAT, default="kecamatan")
    report.add_argument("--date", type=date.fromisoformat, help="YYYY-MM-DD (default: last day with data)")
    report.add_argument("--format", choices=("csv", "json", "text"), default="csv")
    report.add_argument("--kecamatan", help="one kecamatan's scope only, e.g. 33.16.05 (default: PANTAU_KECAMATAN)")
    auth_cli.add_parser(commands)
    # argparse's own options may come after the command too
    for sub in (demo, report, undo, *[commands.choices[n] for n in ("ingest", "targets", "events")]):
        sub.add_argument("--store", type=Path, default=argparse.SUPPRESS)
        sub.add_argument("--lang", choices=i18n.BAHASA, default=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    store_path = args.store or cfg.store_path

    if args.command == "users":
        return auth_cli.run(args, cfg, store_path)
    if args.command == "demo":
        # the demo's own store unless named: `demo` never builds where a real deployment keeps its store
        demo_path = args.store or cfg.demo_store_path
        try:
            demo_store.build(
                demo_path, cfg, seed=args.seed, progress=lambda text: print(text, file=sys.stderr), bahasa=args.lang
            )
        except database.StoreError as error:
            print(_store_refusal(error, args.lang), file=sys.stderr)
            return 1
        return 0
    if args.command == "report":
        try:
            return _report(args, store_path, cfg)
        except database.StoreMissing:
            print(i18n.t("store_tidak_ada", args.lang, path=store_path), file=sys.stderr)
            return 1
        except database.StoreError as refused:
            # a store that says why it cannot be read (another region's, a newer Pantau's): its own one line
            if refused.code != "penyimpanan_rusak_baca":
                print(_store_refusal(refused, args.lang), file=sys.stderr)
                return 1
            print(i18n.t("penyimpanan_rusak_baca", args.lang, penyimpanan=refused.path), file=sys.stderr)
            return 1
        except duckdb.Error as error:
            translated = database.store_error(error, store_path)
            if translated is None:
                raise
            print(i18n.t("penyimpanan_rusak_baca", args.lang, penyimpanan=translated.path), file=sys.stderr)
            return 1
    if args.command == "undo":
        return _undo(args.impor_id, store_path, args.lang, cfg)
    jenis = {"ingest": "submisi", "targets": "target", "events": "kegiatan"}
    return _load_files(jenis[args.command], args.files, store_path, args.lang, cfg)


if __name__ == "__main__":
    sys.exit(main())
