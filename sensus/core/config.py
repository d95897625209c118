"""The deployment's configuration: one typed object, built once from pantau.toml and the environment.

`read()` is the one builder. The composition roots (the dashboard's entry, the command line, the benchmarks and
the tests) call it and pass the object, or the part of it a function needs, down; nothing below them reads a
setting on its own. The environment overrides the file, one variable per setting a server or a tool may change:

    PANTAU_KABUPATEN   the region, a kabupaten/kota code ('33.74'); default [wilayah] kabupaten
    PANTAU_DEMO        '1' turns the demo on (simulated data in a store of its own)
    PANTAU_STORE       the store file (tests, tools)
    PANTAU_USERS       the users file (tests, tools)
    PANTAU_KECAMATAN   binds the whole server to one kecamatan of the region
    PANTAU_MEMORY_LIMIT  DuckDB's memory limit per connection ('2GB')
    PANTAU_PROVINSI    serves every kabupaten/kota of a province ('33') from one deployment, one store each
    PANTAU_TERBIT      the folder each import publishes its kabupaten's marts to (the province roll-up)
    PANTAU_POSTGRES    a PostgreSQL connection string: the state replicas share (off by default)

A province deployment is one Config for the deployment (`cfg.provinsi`, `cfg.daftar_kabupaten`) and, per request
or import, the same settings for one of its kabupaten: `cfg.for_kabupaten(kode)` (its store, demo store and maps).
"""

import dataclasses
import functools
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sensus.core import wilayah_indonesia
from sensus.core.paths import PANTAU_TOML
from sensus.core.users_source import UsersSource, UsersTable
from sensus.core.wilayah_indonesia import Kabupaten

WIB = "Asia/Jakarta"  # the census counts its days in Western Indonesian Time, wherever the server runs
KABUPATEN_BAWAAN = "33.16"  # the region when neither pantau.toml nor the environment names one: Kabupaten Blora


@dataclass(frozen=True)
class AuthSettings:
    """pantau.toml [auth]: who may sign in, for how long, and when a run of failures locks a name."""

    users_path: Path
    idle_minutes: int = 30
    session_hours: int = 12
    max_failures: int = 5
    lockout_minutes: int = 15
    # failed sign-ins of one client (any names) within lockout_minutes before it is refused unchecked
    max_failures_client: int = 20
    upload_max_mb: int = 200
    # PostgreSQL's DSN when the deployment shares its state there (users, session key, lockout, audit); None: files
    postgres: str | None = None

    @property
    def key_path(self) -> Path:
        # the cookie-signing key lives beside the users file: both are secrets outside the store
        return self.users_path.with_suffix(".key")

    @property
    def users(self) -> UsersSource:
        """Where the users are: PostgreSQL's table when the deployment shares its state there, else the file."""
        return UsersTable(self.postgres) if self.postgres else self.users_path


@dataclass(frozen=True)
class Limits:
    """pantau.toml [impor]: bounds on what grows from an input file, well above a real export."""

    baris_ditolak_maks: int = 1_000  # rejected lines kept per import (with line and reason); all are counted
    xlsx_baris_maks: int = 2_000_000  # rows in all the sheets of a workbook
    xlsx_mb_maks: int = 1_024  # a workbook's parts once unzipped, MB
    # the years an instant in an export may fall in; anything else is a typo or a parser's special value
    tahun_paling_awal: int = 2000
    tahun_paling_akhir: int = 2100


class ConfigError(ValueError):
    """A setting that cannot be served as given; the message names the setting and the value."""


@dataclass(frozen=True)
class PathTemplates:
    """The per-kabupaten paths as written ('{kabupaten}' unfilled): what for_kabupaten fills for another region."""

    store: str | None  # None: the store path was given whole (PANTAU_STORE without '{kabupaten}')
    demo_store: str
    peta: tuple[tuple[str, str], ...] = ()  # [peta] as written: tingkat → path
    store_given: bool = False  # PANTAU_STORE named the store: it wins over the demo's path, as in read()


@dataclass(frozen=True)
class Config:
    wilayah: Kabupaten  # the region this deployment serves: code, name, kabupaten or kota, province
    mulai: date  # the census window, inclusive, in WIB days
    selesai: date
    target_persen: float
    store_path: Path
    peta_kecamatan: Path | None  # None: the region has no boundaries; pages rank areas instead of mapping them
    peta_desa: Path | None
    basi_setelah_hari: int
    auth: AuthSettings
    impor: Limits
    # the demo runs on a store of its own: a real deployment's store is never built as a demo
    demo: bool = False
    demo_store_path: Path = Path("data/demo/33.16.duckdb")
    kecamatan: str | None = None  # PANTAU_KECAMATAN as given: the server's own binding, checked by Scope
    memory_limit: str = "2GB"  # DuckDB's memory_limit for each connection
    # a province deployment: the province's code ('33'); None: this deployment serves the one region `wilayah`
    provinsi: str | None = None
    # where imports publish their kabupaten's marts (sensus.province.publish); None: nothing is published
    terbit_path: Path | None = None
    postgres: str | None = None  # PANTAU_POSTGRES / [server] postgres: shared state past one machine; None: files only
    root: Path = Path(".")  # pantau.toml's folder: relative paths of templates are under it
    templates: PathTemplates | None = None

    @property
    def is_province(self) -> bool:
        return self.provinsi is not None

    @property
    def daftar_kabupaten(self) -> tuple[str, ...]:
        """The kabupaten/kota codes this deployment serves, in code order: the province's, or the one region."""
        if self.provinsi is None:
            return (self.wilayah.kode,)
        return kabupaten_of_province(self.provinsi)

    @property
    def nama_provinsi(self) -> str:
        return self.wilayah.nama_prov

    def for_kabupaten(self, kode: str) -> "Config":
        """The same deployment's settings for one of its kabupaten/kota: region, store, demo store and maps. A code
        outside the deployment raises ConfigError (a province's page never opens another province's store)."""
        return _for_kabupaten(self, kode)

    def _resolve_kabupaten(self, kode: str) -> "Config":
        region = wilayah_indonesia.kabupaten(kode)
        if region.kode == self.wilayah.kode:
            return self
        if region.kode not in self.daftar_kabupaten:
            raise ConfigError(f"{kode!r} is not a kabupaten/kota this deployment serves ({self._served()})")
        templates = self.templates or PathTemplates(store=None, demo_store=str(self.demo_store_path))

        def local(value: str) -> Path:
            return self.root / value.format(kabupaten=region.kode)

        demo_store_path = local(templates.demo_store)
        if templates.store is None:
            raise ConfigError("PANTAU_STORE names one file; a province deployment needs '{kabupaten}' in it")
        peta = dict(templates.peta)
        return dataclasses.replace(
            self,
            wilayah=region,
            store_path=demo_store_path if self.demo and not templates.store_given else local(templates.store),
            demo_store_path=demo_store_path,
            peta_kecamatan=_peta(peta, "kecamatan", region.kode, local),
            peta_desa=_peta(peta, "desa", region.kode, local),
        )

    def _served(self) -> str:
        return f"provinsi {self.provinsi}" if self.provinsi else self.wilayah.kode

    @property
    def kode_kab(self) -> str:
        return self.wilayah.kode

    @property
    def nama_kab(self) -> str:
        return self.wilayah.nama

    @property
    def window(self) -> tuple[date, date]:
        return self.mulai, self.selesai

    @property
    def jumlah_hari(self) -> int:
        return (self.selesai - self.mulai).days + 1

    @property
    def salt_path(self) -> Path:
        return salt_path_for(self.store_path)


# a page run asks for its kabupaten's settings many times (every text, every store path): resolved once per
# deployment and code, not on every call
@functools.lru_cache(maxsize=4096)
def _for_kabupaten(cfg: Config, kode: str) -> Config:
    return cfg._resolve_kabupaten(kode)


@functools.cache
def kabupaten_of_province(kode_prov: str) -> tuple[str, ...]:
    """The kabupaten/kota codes of province `kode_prov` ('33': Jawa Tengah's 35), in code order; ConfigError for a
    code that is no province."""
    rows = wilayah_indonesia.daftar_kabupaten()
    codes = tuple(rows.filter(rows["kode_prov"] == str(kode_prov).strip())["kode_kab"].sort().to_list())
    if not codes:
        raise ConfigError(f"provinsi {kode_prov!r} is not a province code of Indonesia (e.g. 33 Jawa Tengah, 34 DIY)")
    return codes


def _store_template(store_env: str | None, store_in_file: str | None) -> str | None:
    # PANTAU_STORE is relative to the working folder (kept absolute here); one without '{kabupaten}' is one file
    if store_env:
        return str(Path(store_env).absolute()) if "{kabupaten}" in store_env else None
    return store_in_file


def salt_path_for(store_path: Path) -> Path:
    """The salt of a store's no_kk hashes: beside the store, never inside it (a copied store file alone cannot
    be re-hashed)."""
    return store_path.with_suffix(".salt")


def _truthy(value: object) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes")


def _peta(section: Mapping[str, str], tingkat: str, kode: str, local) -> Path | None:
    # pantau.toml [peta] may name a region's own files; otherwise the committed boundaries of the region, if any
    return local(section[tingkat]) if tingkat in section else wilayah_indonesia.peta(kode, tingkat)


def read(path: Path = PANTAU_TOML, environ: Mapping[str, str] = os.environ) -> Config:
    """The configuration of pantau.toml at `path`, with the environment's overrides. Paths in the file are
    relative to its folder; a path may hold '{kabupaten}', filled with the region's code."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    root = path.resolve().parent
    section = raw.get("wilayah", {})
    provinsi = (environ.get("PANTAU_PROVINSI") or str(section.get("provinsi", ""))).strip() or None
    asked = environ.get("PANTAU_KABUPATEN") or section.get("kabupaten")
    if provinsi is not None:
        served = kabupaten_of_province(provinsi)
        # a province's first page is its own; its default kabupaten (for the command line) is the one named, else
        # the province's first
        if asked is None or wilayah_indonesia.kode_kabupaten(asked) not in served:
            if environ.get("PANTAU_KABUPATEN"):
                raise ConfigError(f"PANTAU_KABUPATEN={asked!r} is not a kabupaten/kota of provinsi {provinsi}")
            asked = served[0]
    region = wilayah_indonesia.kabupaten(asked or KABUPATEN_BAWAAN)

    def local(value: str) -> Path:
        return root / value.format(kabupaten=region.kode)

    store = raw.get("store", {})
    demo = _truthy(environ.get("PANTAU_DEMO", store.get("demo", False)))
    demo_template = store.get("demo_path", "data/demo/{kabupaten}.duckdb")
    demo_store_path = local(demo_template)
    store_env = environ.get("PANTAU_STORE")
    store_template = store_env if store_env else store.get("path")
    # PANTAU_STORE is absolute or relative to the working folder, as before; a '{kabupaten}' in it is filled too
    store_path = (
        Path(store_env.format(kabupaten=region.kode))
        if store_env
        else (demo_store_path if demo else local(store["path"]))
    )
    if provinsi is not None and "{kabupaten}" not in (store_template or "{kabupaten}"):
        if store_env:
            raise ConfigError(
                f"PANTAU_STORE={store_env!r}: a province keeps one store per kabupaten; put {{kabupaten}} in it"
            )
        # a province keeps one store per kabupaten: data/sensus.duckdb serves as data/sensus-{kabupaten}.duckdb
        stem = Path(store_template)
        store["path"] = store_template = str(stem.with_name(f"{stem.stem}-{{kabupaten}}{stem.suffix}"))
        store_path = demo_store_path if demo else local(store_template)
    peta = raw.get("peta", {})
    auth = raw.get("auth", {})
    impor = raw.get("impor", {})
    server = raw.get("server", {})
    postgres = (environ.get("PANTAU_POSTGRES") or str(server.get("postgres", ""))).strip() or None
    terbit = environ.get("PANTAU_TERBIT") or raw.get("provinsi", {}).get("terbit")
    if terbit is None and provinsi is not None:
        # a province's pages read only what its kabupaten published: a province deployment always publishes
        terbit = "data/demo/terbit" if demo else "data/terbit"
    limits = Limits()
    return Config(
        wilayah=region,
        mulai=raw["jendela"]["mulai"],
        selesai=raw["jendela"]["selesai"],
        target_persen=float(raw["target"]["persen"]),
        store_path=store_path,
        peta_kecamatan=_peta(peta, "kecamatan", region.kode, local),
        peta_desa=_peta(peta, "desa", region.kode, local),
        basi_setelah_hari=int(raw.get("data", {}).get("basi_setelah_hari", 2)),
        auth=AuthSettings(
            users_path=Path(environ.get("PANTAU_USERS") or local(auth.get("users", "data/users.json"))),
            idle_minutes=int(auth.get("idle_menit", 30)),
            session_hours=int(auth.get("sesi_maks_jam", 12)),
            max_failures=int(auth.get("gagal_maks", 5)),
            lockout_minutes=int(auth.get("kunci_menit", 15)),
            max_failures_client=int(auth.get("gagal_maks_klien", 20)),
            upload_max_mb=int(auth.get("unggah_maks_mb", 200)),
            postgres=postgres,
        ),
        impor=Limits(
            baris_ditolak_maks=int(impor.get("baris_ditolak_maks", limits.baris_ditolak_maks)),
            xlsx_baris_maks=int(impor.get("xlsx_baris_maks", limits.xlsx_baris_maks)),
            xlsx_mb_maks=int(impor.get("xlsx_mb_maks", limits.xlsx_mb_maks)),
            tahun_paling_awal=int(impor.get("tahun_paling_awal", limits.tahun_paling_awal)),
            tahun_paling_akhir=int(impor.get("tahun_paling_akhir", limits.tahun_paling_akhir)),
        ),
        demo=demo,
        demo_store_path=demo_store_path,
        kecamatan=(environ.get("PANTAU_KECAMATAN") or "").strip() or None,
        memory_limit=environ.get("PANTAU_MEMORY_LIMIT") or str(store.get("memory_limit", "2GB")),
        provinsi=provinsi,
        terbit_path=None if terbit is None else Path(terbit) if environ.get("PANTAU_TERBIT") else local(terbit),
        postgres=postgres,
        root=root,
        templates=PathTemplates(
            # PANTAU_STORE is relative to the working folder, not to pantau.toml: kept whole (absolute)
            store=_store_template(store_env, store.get("path")),
            demo_store=demo_template,
            peta=tuple((k, v) for k, v in peta.items() if isinstance(v, str)),
            store_given=bool(store_env),
        ),
    )
