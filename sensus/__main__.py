"""Command line: python -m sensus demo | ingest FILE… | targets FILE | events FILE | undo IMPOR_ID | report |
publish | users.

Exit status: 0 when every file loaded (with or without rejected rows) or was already imported;
1 when a file was refused, with the reason on stderr; nothing in the store changed for it;
2 for an option that cannot be served (a kabupaten outside the deployment, an undo without its kabupaten);
3 when every change was stored but a publish for the province failed (said on stderr; the next publish catches up).
Imports are recorded as `cli:<os user>` and can be undone (`undo`, or the dashboard's upload page).

In a province deployment (PANTAU_PROVINSI) each file goes to the store of the kabupaten/kota its area codes name
(sensus.ingest.route); a file of several is refused unless `--pisah` splits it, one batch per kabupaten, and
`--kabupaten K` names the store (a file with rows of another is refused). With a published folder (cfg.terbit_path,
always set in a province) every store change publishes its kabupaten's marts afterwards (sensus.province.publish).
"""

import argparse
import getpass
import os
import sys
from datetime import date
from pathlib import Path

import duckdb

from sensus.analysis import daily_message
from sensus.auth import cli as auth_cli
from sensus.core import config, i18n
from sensus.core.config import Config, ConfigError
from sensus.core.progress import Progress, terminal_bar
from sensus.core.scope import BadScope, OutOfScope, Scope
from sensus.core.wilayah_indonesia import WilayahTidakDikenal
from sensus.demo import builder as demo_store
from sensus.demo import province as demo_province
from sensus.ingest import batches, importer, route
from sensus.ingest.sources import ImportRefused
from sensus.province import publish
from sensus.province.versions import PublishedRootUnsafe
from sensus.store import database, reports

# rejected lines printed under a summary; all of them are kept in the store
REJECT_LINES_SHOWN = 10
# a bar for files that take more than a moment (about 100,000 rows)
PROGRESS_FROM_BYTES = 8_000_000
# exit status when every change was stored but not every publish for the province succeeded
UNPUBLISHED = 3
# what stops a publish; the store keeps its change whatever happens here
PUBLISH_ERRORS = (publish.PublishFailed, PublishedRootUnsafe, OSError, duckdb.Error)


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


def _worse(status: int, other: int) -> int:
    """The exit status of two outcomes: a refusal (1) over a stored but unpublished change (3) over success (0)."""
    return max(status, other, key=(0, UNPUBLISHED, 1).index)


def _published(store_path: Path, kab: Config, bahasa: str) -> int:
    """Publish kabupaten `kab`'s marts from `store_path` after a store change, when the deployment publishes (0);
    a failure is said on stderr and never undoes the change (UNPUBLISHED)."""
    if kab.terbit_path is None:
        return 0
    names = {"kode": kab.kode_kab, "nama": kab.nama_kab}
    try:
        versi = publish.publish(store_path, kab.kode_kab, kab.terbit_path, nama_kab=kab.nama_kab, postgres=kab.postgres)
    except PUBLISH_ERRORS as error:
        print(i18n.t("terbit_gagal", bahasa, sebab=_first_line(error), **names), file=sys.stderr)
        return UNPUBLISHED
    print(i18n.t("terbit_selesai", bahasa, versi=versi, **names))
    return 0


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _load_files(jenis: str, files: list[Path], args: argparse.Namespace, cfg: Config) -> int:
    status = 0
    for path in files:
        if cfg.is_province:
            status = _worse(status, _routed(jenis, path, args, cfg))
        else:
            status = _worse(status, _load_one(jenis, path, args.store or cfg.store_path, cfg, args.lang))
    return status


def _routed(jenis: str, path: Path, args: argparse.Namespace, cfg: Config) -> int:
    """One file of a province deployment into the store of its kabupaten (or, split, of each)."""
    bahasa = args.lang
    try:
        rute = route.read(path, jenis, cfg.daftar_kabupaten, limits=cfg.impor)
        if args.pisah and args.kabupaten is None and len(rute.kabupaten) > 1:
            return _split(jenis, rute, cfg, bahasa)
        kode_kab = rute.tujuan(cfg.daftar_kabupaten, args.kabupaten)
    except ImportRefused as refused:
        print(_refusal_text(refused, bahasa), file=sys.stderr)
        return 1
    kab = cfg.for_kabupaten(kode_kab)
    store_path = args.store or kab.store_path
    names = {"kode": kab.kode_kab, "nama": kab.nama_kab}
    print(i18n.t("impor_ke_kabupaten", bahasa, berkas=path.name, penyimpanan=store_path, **names))
    return _load_one(jenis, path, store_path, kab, bahasa)


def _split(jenis: str, rute: route.Rute, cfg: Config, bahasa: str) -> int:
    """Each kabupaten's rows of a mixed file as a file of their own, imported into its store as its own batch."""
    status = 0
    rows = {b.kode_kab: b.baris for b in rute.bagian}
    with route.private_folder() as folder:
        for kode_kab, part in route.split(rute, folder, limits=cfg.impor):
            kab = cfg.for_kabupaten(kode_kab)
            values = {"kode": kode_kab, "nama": kab.nama_kab, "n": i18n.angka(rows[kode_kab], bahasa)}
            print(i18n.t("pisah_bagian", bahasa, berkas=rute.berkas.name, bagian=part.name, **values))
            status = _worse(status, _load_one(jenis, part, kab.store_path, kab, bahasa))
    return status


def _refusal_text(refused: ImportRefused, bahasa: str) -> str:
    if isinstance(refused, route.KabupatenCampur | route.KabupatenLain):
        return refused.message(bahasa)
    return i18n.t(refused.code, bahasa, berkas=refused.berkas, **refused.detail)


def _load_one(jenis: str, path: Path, store_path: Path, cfg: Config, bahasa: str) -> int:
    """Import one file into the store at `store_path` (of kabupaten `cfg`), print what it did, and publish."""
    options = {}
    if jenis == "submisi" and path.is_file() and path.stat().st_size >= PROGRESS_FROM_BYTES:
        options["progress"] = Progress(terminal_bar(), bahasa)
    try:
        # a refused file leaves the store's folder as it was: the message below is its record
        summary = batches.ingest(jenis, path, store_path, cli_user(), is_refusal_audited=False, cfg=cfg, **options)
    except ImportRefused as refused:
        print(_refusal_text(refused, bahasa), file=sys.stderr)
        return 1
    finally:
        if options:
            print(file=sys.stderr)
    _print_summary(summary, store_path, bahasa)
    if summary.impor_id is None:
        return 0
    print(i18n.t("impor_bisa_batal", bahasa, impor_id=summary.impor_id))
    # after the store is written and outside its writer: a failed publish leaves the import stored
    return _published(store_path, cfg, bahasa)


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
    return _published(store_path, cfg, bahasa)


def _publish_all(args: argparse.Namespace, cfg: Config) -> int:
    """`publish`: every served kabupaten that has a store (or the one named), then the summary once."""
    bahasa = args.lang
    if cfg.terbit_path is None:
        print(i18n.t("terbit_tanpa_folder", bahasa), file=sys.stderr)
        return 2
    codes = (args.kabupaten,) if args.kabupaten else cfg.daftar_kabupaten
    status = 0
    for kode_kab in codes:
        kab = cfg.for_kabupaten(kode_kab)
        store_path = args.store or kab.store_path
        names = {"kode": kab.kode_kab, "nama": kab.nama_kab}
        if not store_path.is_file():
            print(i18n.t("terbit_tanpa_penyimpanan", bahasa, penyimpanan=store_path, **names), file=sys.stderr)
            continue
        status = _worse(status, _published(store_path, kab, bahasa))
    return status


def _demo(args: argparse.Namespace, cfg: Config, demo_cfg: Config) -> int:
    """Build the demo store of the region (`--store`), or in a province of each kabupaten (or the one named), and
    publish each where the demo's province pages read (never into a real deployment's published folder)."""
    if demo_cfg.is_province and not (args.kabupaten or args.store) and demo_cfg.terbit_path is not None:
        # the whole province: every missing kabupaten in parallel processes, each published as soon as it is whole
        return demo_province.run_cli(
            demo_cfg, seed=args.seed, bahasa=args.lang, workers=args.workers, rebuild=args.rebuild
        )
    # one store file (--store) is one kabupaten's demo: the one named, else the deployment's own
    codes = (args.kabupaten or demo_cfg.kode_kab,) if args.kabupaten or args.store else demo_cfg.daftar_kabupaten
    is_published = demo_cfg.terbit_path is not None and (cfg.demo or demo_cfg.terbit_path != cfg.terbit_path)
    status = 0
    for kode_kab in codes:
        kab = demo_cfg.for_kabupaten(kode_kab)
        # the demo's own store unless named: `demo` never builds where a real deployment keeps its store
        demo_path = args.store or kab.demo_store_path
        try:
            demo_store.build(
                demo_path, kab, seed=args.seed, progress=lambda text: print(text, file=sys.stderr), bahasa=args.lang
            )
        except database.StoreError as error:
            print(_store_refusal(error, args.lang), file=sys.stderr)
            return 1
        if is_published:
            status = _worse(status, _published(demo_path, kab, args.lang))
    return status


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
    demo.add_argument("--workers", type=int, default=2, help="a province: kabupaten built at once (processes)")
    demo.add_argument("--rebuild", action="store_true", help="a province: build every kabupaten anew")
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
    publish_command = commands.add_parser(
        "publish", help="publish the marts of every kabupaten with a store (or one) for the province pages"
    )
    auth_cli.add_parser(commands)
    loading = [commands.choices[n] for n in ("ingest", "targets", "events")]
    for sub in loading:
        sub.add_argument(
            "--pisah", action="store_true", help="province: split a file of several kabupaten, one import each"
        )
    # argparse's own options may come after the command too
    for sub in (demo, report, undo, publish_command, *loading):
        sub.add_argument("--store", type=Path, default=argparse.SUPPRESS)
        sub.add_argument("--lang", choices=i18n.BAHASA, default=argparse.SUPPRESS)
        sub.add_argument("--kabupaten", help="province: the kabupaten/kota (e.g. 33.16) whose store is meant")
    args = parser.parse_args(argv)
    if args.command == "users":
        return auth_cli.run(args, cfg, args.store or cfg.store_path)
    if args.kabupaten is not None:
        try:
            args.kabupaten = cfg.for_kabupaten(args.kabupaten).kode_kab
        except (ConfigError, WilayahTidakDikenal):
            served = ", ".join(cfg.daftar_kabupaten)
            print(i18n.t("kabupaten_tidak_dilayani", args.lang, kode=args.kabupaten, dilayani=served), file=sys.stderr)
            return 2
    # the kabupaten a command without a file to route is about: the one named, else the deployment's own
    kab = cfg.for_kabupaten(args.kabupaten) if args.kabupaten else cfg
    store_path = args.store or kab.store_path

    if args.command == "demo":
        # the demo publishes where a demo deployment's province pages read
        demo_cfg = cfg if cfg.demo else config.read(environ={**os.environ, "PANTAU_DEMO": "1"})
        return _demo(args, cfg, demo_cfg)
    if args.command == "publish":
        return _publish_all(args, cfg)
    if args.command == "report":
        try:
            return _report(args, store_path, kab)
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
    if cfg.is_province and args.kabupaten is None and (args.command == "undo" or args.store):
        # an import number or a store file is one kabupaten's: which one is not guessed
        key = "perlu_kabupaten" if args.command == "undo" else "store_satu_berkas_provinsi"
        print(i18n.t(key, args.lang, dilayani=", ".join(cfg.daftar_kabupaten)), file=sys.stderr)
        return 2
    if args.command == "undo":
        return _undo(args.impor_id, store_path, args.lang, kab)
    jenis = {"ingest": "submisi", "targets": "target", "events": "kegiatan"}
    return _load_files(jenis[args.command], args.files, args, cfg)


if __name__ == "__main__":
    sys.exit(main())
