"""The province demo: a demo store for every kabupaten/kota a province deployment serves, each built through the real
import path (sensus.demo.builder), several at once in worker processes, and published for the province pages
(sensus.province.publish) as soon as it is whole.

Resumable by construction: a store is built beside its place and moved in whole, and a version is published whole or
not at all, so a build killed at any moment leaves whole stores and whole versions. The next `ensure` builds only the
missing stores and publishes only the stores whose published version is missing or names another store version.
"""

import contextlib
import logging
import multiprocessing
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import polars as pl

from sensus.core import i18n, spawn
from sensus.core.config import Config
from sensus.demo import builder
from sensus.province import publish, versions
from sensus.store import database

log = logging.getLogger(__name__)

# the stages `ensure` reports to `stage(name, done, **values)`: "mulai" once before any kabupaten is done
# (n, total), then "kabupaten" after each (n, total, nama_kab: the last one finished)
STAGES = ("mulai", "kabupaten")


def _no_stage(name: str, done: float, **values) -> None:
    pass


@dataclass(frozen=True)
class KabupatenOutcome:
    """What one worker did for one kabupaten: built its store or not, the version it published (None: none was
    due), or why it failed (a sentence; the other kabupaten go on)."""

    kode: str
    built: bool = False
    versi: int | None = None
    error: str | None = None


# the work for one kabupaten in a worker: (deployment's Config, kode_kab, seed, rebuild) → its outcome
Job = Callable[[Config, str, int, bool], KabupatenOutcome]


@dataclass(frozen=True)
class EnsureResult:
    """What one `ensure` did: the codes whose store it built, the version it published per code, and the reason per
    code that failed. Empty for a deployment that is no province demo."""

    built: tuple[str, ...] = ()
    published: dict[str, int] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)

    @property
    def is_whole(self) -> bool:
        return not self.failed


def is_province_demo(cfg: Config) -> bool:
    return cfg.is_province and cfg.demo


def missing(cfg: Config) -> tuple[str, ...]:
    """The served kabupaten whose demo store or published version does not exist yet: a few stats, cheap enough for
    every page run. (A published version older than its store is found by `due`, which opens the stores.)"""
    if not is_province_demo(cfg):
        return ()
    return tuple(
        kode
        for kode in cfg.daftar_kabupaten
        if not cfg.for_kabupaten(kode).store_path.exists()
        or (cfg.terbit_path is not None and not (cfg.terbit_path / kode / versions.CURRENT).exists())
    )


def due(cfg: Config) -> tuple[str, ...]:
    """The served kabupaten `ensure` has work for: no store yet, or a published version that is missing or was
    published from another version of the store (its `kabupaten.parquet` names the store's meta `versi`)."""
    if not is_province_demo(cfg):
        return ()
    return tuple(
        kode
        for kode in cfg.daftar_kabupaten
        if not (store := cfg.for_kabupaten(kode).store_path).exists() or is_publish_due(store, kode, cfg.terbit_path)
    )


def is_publish_due(store_path: Path, kode_kab: str, published_root: Path | None) -> bool:
    """True when the store at `store_path` is not what `kode_kab`'s CURRENT version was published from (or nothing
    is published); False without a published folder."""
    if published_root is None:
        return False
    root = versions.checked_root(published_root)
    try:
        current = versions.current_version(root, kode_kab)
        if current is None:
            return True
        kabupaten = versions.version_folder(root, kode_kab, current) / "kabupaten.parquet"
        published_from = pl.read_parquet(kabupaten, columns=["versi_penyimpanan"])["versi_penyimpanan"].item()
    except (OSError, ValueError, pl.exceptions.PolarsError):
        return True  # an unreadable CURRENT or version: publishing anew makes it whole
    return published_from != _store_version(store_path)


def _store_version(store_path: Path) -> int | None:
    try:
        con = database.connect_reader(store_path)
    except database.StoreError:
        return None
    try:
        versi = database.read_meta(con).get("versi")
    finally:
        con.close()
    return int(versi) if versi is not None else None


def ensure(
    cfg: Config,
    *,
    stage: builder.Stage = _no_stage,
    progress: Callable[[str], None] = print,
    workers: int = 2,
    seed: int = 2020,
    bahasa: str = "id",
    rebuild: bool = False,
    job: Job | None = None,
) -> EnsureResult:
    """Build every missing demo store of a province demo (`cfg.is_province` and `cfg.demo`) and publish each into
    `cfg.terbit_path` once it is whole; publish any store whose published version is missing or stale. Returns
    what was done; a kabupaten that fails is reported by name (progress line and `failed`) and the others complete.

    `cfg` is the deployment's Config or any of its kabupaten's (`for_kabupaten` reaches every served one from
    either). `workers` > 1 runs that many processes (spawned: safe from a threaded server); 1 runs in this
    process. `rebuild` builds every store anew (a demo store is replaced, a real one is refused). A deployment that
    is no province demo is left alone: nothing is built and the result is empty. `job` replaces the per-kabupaten
    work (default `build_kabupaten`; a module-level function, so a worker process can import it)."""
    if not is_province_demo(cfg):
        return EnsureResult()
    todo = cfg.daftar_kabupaten if rebuild else due(cfg)
    total = len(cfg.daftar_kabupaten)
    whole = total - len(todo)
    stage("mulai", whole / total, n=whole, total=total)
    progress(
        i18n.t(
            "demo_provinsi_rencana", bahasa, provinsi=cfg.nama_provinsi, perlu=len(todo), total=total, proses=workers
        )
    )
    built: list[str] = []
    published: dict[str, int] = {}
    failed: dict[str, str] = {}
    finished = whole
    outcomes = _run(cfg, todo, job or build_kabupaten, workers=workers, seed=seed, rebuild=rebuild)
    # closed at once if a stage callback raises (a Streamlit rerun): pending kabupaten are cancelled, running ones
    # finish their whole store
    with contextlib.closing(outcomes):
        for outcome in outcomes:
            finished += 1
            nama_kab = cfg.for_kabupaten(outcome.kode).nama_kab
            if outcome.error is not None:
                failed[outcome.kode] = outcome.error
                log.warning("province demo: %s (%s) failed: %s", nama_kab, outcome.kode, outcome.error)
                progress(
                    i18n.t("demo_provinsi_gagal", bahasa, nama_kab=nama_kab, kode=outcome.kode, alasan=outcome.error)
                )
            else:
                whole += 1
                if outcome.versi is not None:
                    published[outcome.kode] = outcome.versi
                if outcome.built:
                    built.append(outcome.kode)
                    key = "demo_provinsi_dibangun"
                else:  # whole already: published now, or by another build meanwhile
                    key = "demo_provinsi_diterbitkan" if outcome.versi is not None else "demo_provinsi_sudah"
                progress(i18n.t(key, bahasa, n=whole, total=total, nama_kab=nama_kab, versi=outcome.versi))
            stage("kabupaten", finished / total, n=whole, total=total, nama_kab=nama_kab)
    return EnsureResult(built=tuple(built), published=published, failed=failed)


def _run(
    cfg: Config, todo: tuple[str, ...], job: Job, *, workers: int, seed: int, rebuild: bool
) -> Iterator[KabupatenOutcome]:
    """Each kabupaten's outcome as it finishes: in this process for one worker, else in a process pool."""
    if workers <= 1 or len(todo) <= 1:
        for kode in todo:
            yield job(cfg, kode, seed, rebuild)
        return
    # spawn, not fork: the caller may be a threaded server (Streamlit). A worker imports the build once (≈ 1.7 s)
    # and takes kabupaten until none are left; no process stays behind (a forkserver would, for the server's life)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(workers, len(todo)), mp_context=context) as pool:
        with spawn.bare_main():  # the workers start within submit()
            pending = {pool.submit(job, cfg, kode, seed, rebuild): kode for kode in todo}
        try:
            for future in as_completed(pending):
                try:
                    yield future.result()
                except BrokenProcessPool as error:  # a worker died (killed, out of memory): its kabupaten failed
                    yield KabupatenOutcome(pending[future], error=f"{type(error).__name__}: {error}")
        finally:
            for future in pending:
                future.cancel()


def build_kabupaten(cfg: Config, kode: str, seed: int = 2020, rebuild: bool = False) -> KabupatenOutcome:
    """One worker's job: `kode`'s demo store if it is missing (or anew with `rebuild`), then its publish when due.
    Never raises: a failure comes back as the outcome's `error`, so one kabupaten cannot stop the others.
    Takes the deployment's Config (picklable: frozen dataclasses of plain values) and derives the kabupaten's."""
    try:
        kabupaten = cfg.for_kabupaten(kode)
        store = kabupaten.store_path
        if rebuild:
            builder.build(store, kabupaten, seed=seed, progress=_quiet)
            built = True
        else:
            built = builder.ensure(store, kabupaten, progress=_quiet, seed=seed)
        versi = None
        if cfg.terbit_path is not None and (built or is_publish_due(store, kode, cfg.terbit_path)):
            versi = publish.publish(store, kode, cfg.terbit_path, nama_kab=kabupaten.nama_kab, postgres=cfg.postgres)
        return KabupatenOutcome(kode, built=built, versi=versi)
    except Exception as error:  # noqa: BLE001 - whatever stops one kabupaten is its outcome, not the province's
        return KabupatenOutcome(kode, error=f"{type(error).__name__}: {error}")


def _quiet(_line: str) -> None:
    pass


def run_cli(
    cfg: Config,
    *,
    seed: int = 2020,
    bahasa: str = "id",
    workers: int = 2,
    rebuild: bool = False,
    out: TextIO = sys.stderr,
) -> int:
    """`python -m sensus demo` in a province deployment: build (or with `rebuild`, build anew) the province's demo
    stores and publish them, one line per kabupaten on `out`. Returns the exit status: 0 all whole, 1 some failed
    (run again to complete them), 2 the demo is not on (a real province's stores are never built as a demo)."""
    if not cfg.is_province:
        raise ValueError("run_cli builds a province demo; a single region's demo is sensus.demo.builder.build")
    if not cfg.demo:
        print(i18n.t("demo_provinsi_tanpa_demo", bahasa), file=out)
        return 2
    result = ensure(
        cfg,
        progress=lambda line: print(line, file=out, flush=True),
        workers=workers,
        seed=seed,
        bahasa=bahasa,
        rebuild=rebuild,
    )
    if result.failed:
        names = ", ".join(cfg.for_kabupaten(kode).nama_kab for kode in result.failed)
        print(i18n.t("demo_provinsi_sebagian", bahasa, gagal=len(result.failed), nama=names), file=out)
        return 1
    print(i18n.t("demo_provinsi_selesai", bahasa, total=len(cfg.daftar_kabupaten), terbit=cfg.terbit_path), file=out)
    return 0
