"""Users in a JSON file outside the store: name, roles, an optional kecamatan or kabupaten, and an argon2 hash.

The file is rewritten whole through a temporary file and os.replace, readable by its owner only. With PostgreSQL
configured (`AuthSettings.users` is then a UsersTable) the same users live in its table, shared by every replica
(sensus.auth.shared_state); each function here takes either source.
Passwords never pass through a command line or a log; only their argon2id hashes are kept.
"""

import json
import os
import re
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from sensus.auth import roles as roles_
from sensus.auth import shared_state
from sensus.auth.shared_state import AuthFileBroken, PostgresLockout, SharedStateDown  # noqa: F401  (users.*)
from sensus.core import wilayah, wilayah_indonesia
from sensus.core.config import AuthSettings, kabupaten_of_province
from sensus.core.scope import BadScope, Scope, kecamatan_names
from sensus.core.users_source import UsersSource, UsersTable
from sensus.core.wilayah_indonesia import Kabupaten
from sensus.store.files import exclusive, warn_if_loose

HASHER = PasswordHasher()
NAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,31}")
# the longest user name the sign-in form takes (a user name is at most 32; the form allows some slack for spaces)
MAX_NAME_INPUT = 64
MIN_PASSWORD = 10
# verified against when the name is unknown, so a wrong name costs the same time as a wrong password
_DUMMY_HASH = HASHER.hash("pantau-dummy-password")


class UserError(ValueError):
    """A user operation refused, with a message for the person who asked."""


@dataclass(frozen=True)
class User:
    name: str
    roles: tuple[str, ...]
    kecamatan: str | None = None
    hash: str = field(default="", repr=False)
    # sessions issued before this instant are void: sign-out and passwd end every open browser
    sessions_since: float = 0.0
    # the identity provider's verified email, for sign-in through OIDC (st.login); None: password only
    email: str | None = None
    # failed sign-ins before this instant do not count: `users passwd` and `users unlock` (or the admin's page) lift a
    # lockout in every server process, which keep their counts in memory
    unlocked_at: float = 0.0
    # a province deployment: the kabupaten/kota this user is bound to ('33.16'); None: a camat's follows from the
    # kecamatan, kepala_provinsi has the whole province (sensus.auth.roles.kabupaten_open)
    kabupaten: str | None = None

    @property
    def scope(self):
        return roles_.scope(self.kecamatan)

    @property
    def kabupaten_bound(self) -> str | None:
        """The kabupaten/kota the user is bound to: their own, else their kecamatan's; None for neither."""
        return self.kabupaten or (self.kecamatan[:5] if self.kecamatan else None)


def check_name(name: str) -> str:
    # demo-… names belong to the one-click demo users of the demo store
    if not NAME.fullmatch(name or "") or name.startswith("demo-"):
        # echoed cut short: a name of megabytes is not printed back whole
        shown = repr(name[:40]) + (f" (+{len(name) - 40} characters)" if len(name) > 40 else "")
        raise UserError(
            f"{shown}: a user name is 2–32 characters: a–z, 0–9, '.', '_', '-', starting with a letter or digit"
        )
    return name


def check_roles(
    roles: list[str] | tuple[str, ...],
    kecamatan: str | None,
    region: Kabupaten,
    *,
    kabupaten: str | None = None,
    provinsi: str | None = None,
) -> tuple[tuple[str, ...], str | None, str | None]:
    """The roles in their order, the kecamatan (dotted) and the kabupaten binding (dotted) of a user of a
    deployment serving `region`, or with `provinsi` every kabupaten/kota of that province; UserError otherwise.

    In a province a kecamatan may be one of any served kabupaten and gives the user its kabupaten; pimpinan,
    perencana and operator need a kabupaten; kepala_provinsi has the whole province and no binding. Outside a
    province kepala_provinsi is refused and a kabupaten can only be the region's own.
    """
    unknown = [r for r in roles if r not in roles_.ROLES]
    if unknown or not roles:
        raise UserError(f"unknown role {', '.join(unknown) or '(none)'}; roles: {', '.join(roles_.ROLES)}")
    served = served_kabupaten(region, provinsi)
    if kabupaten is not None:
        kabupaten = _served_kabupaten(kabupaten, region, provinsi, served)
    if kecamatan is not None:
        kecamatan = _kecamatan(kecamatan, region, provinsi, served)
        if kabupaten is not None and kabupaten != kecamatan[:5]:
            raise UserError(
                f"--kabupaten {kabupaten} disagrees with --kecamatan {kecamatan}, a kecamatan of "
                f"{wilayah_indonesia.nama_wilayah(kecamatan[:5])} ({kecamatan[:5]}): give its kabupaten or none"
            )
        if provinsi is not None:
            kabupaten = kecamatan[:5]  # in a province the kecamatan names its kabupaten
    if "camat" in roles and kecamatan is None:
        home = kabupaten or region.kode
        where = wilayah_indonesia.nama_wilayah(home)
        raise UserError(
            f"the camat role needs --kecamatan KODE (a kecamatan of {where}, e.g. {example_kecamatan(home)})"
        )
    if "kepala_provinsi" in roles:
        if provinsi is None:
            raise UserError(
                f"the kepala_provinsi role belongs to a province deployment (PANTAU_PROVINSI or [wilayah] provinsi); "
                f"this one serves {region.nama} ({region.kode}) only: use --role pimpinan"
            )
        if kabupaten is not None or kecamatan is not None:
            raise UserError(
                f"the kepala_provinsi role has the whole provinsi {provinsi} ({region.nama_prov}): "
                "give no --kabupaten or --kecamatan (a kabupaten head is --role pimpinan --kabupaten KODE)"
            )
    needing = [r for r in PROVINCE_BOUND if r in roles]
    if provinsi is not None and needing and kabupaten is None:
        raise UserError(
            f"in provinsi {provinsi} ({region.nama_prov}) the {'/'.join(needing)} role needs --kabupaten KODE, "
            f"the kabupaten/kota the user works for (e.g. --kabupaten {served[0]})"
        )
    ordered = tuple(r for r in roles_.ROLES if r in roles)
    return ordered, kecamatan, kabupaten


# in a province these roles work for one kabupaten/kota: its store, its pages
PROVINCE_BOUND = ("pimpinan", "perencana", "operator")


def served_kabupaten(region: Kabupaten, provinsi: str | None) -> tuple[str, ...]:
    """The kabupaten/kota codes a deployment serves: the province's (as Config.daftar_kabupaten), or `region`."""
    return kabupaten_of_province(provinsi) if provinsi is not None else (region.kode,)


def _served_kabupaten(raw: str, region: Kabupaten, provinsi: str | None, served: tuple[str, ...]) -> str:
    # '3374' or '33.74'; one the deployment does not serve is named with what it does serve
    try:
        kode = wilayah_indonesia.kode_kabupaten(raw)
    except wilayah_indonesia.WilayahTidakDikenal as unknown:
        raise UserError(f"--kabupaten {unknown}") from None
    if kode not in served:
        where = (
            f"provinsi {provinsi} ({region.nama_prov}): {served[0]} … {served[-1]}"
            if provinsi is not None
            else f"{region.nama} ({region.kode}) only"
        )
        raise UserError(
            f"--kabupaten {raw!r} ({wilayah_indonesia.nama_wilayah(kode)}) is not served here; this deployment "
            f"serves {where}"
        )
    return kode


def _kecamatan(raw: str, region: Kabupaten, provinsi: str | None, served: tuple[str, ...]) -> str:
    # a kecamatan of the one region, or in a province of the served kabupaten its code begins with
    home = region
    if provinsi is not None:
        kode = wilayah.dotted(str(raw).strip()) or ""
        if len(kode) == 8 and kode[:5] in served:
            home = wilayah_indonesia.kabupaten(kode[:5])
        else:
            raise UserError(
                f"--kecamatan={raw!r} is not a kecamatan code of provinsi {provinsi} ({region.nama_prov}; its "
                f"kabupaten/kota are {served[0]} … {served[-1]}, e.g. {example_kecamatan(served[0])})"
            )
    try:
        return Scope.parse(raw, home).bound_kec
    except BadScope as bad:
        raise UserError(str(bad)) from None


def example_kecamatan(kode_kab: str) -> str:
    """A kecamatan code of `kode_kab` for a message's example (its first)."""
    return next(iter(kecamatan_names(kode_kab)), kode_kab + ".01")


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"a password needs at least {MIN_PASSWORD} characters")
    if not password.strip():
        raise UserError("a password of only spaces (or other blanks) is no password")
    return password


def load_all(source: UsersSource) -> dict[str, User]:
    """Every user of `source`: the users file (none when it does not exist yet) or PostgreSQL's table."""
    if isinstance(source, UsersTable):
        return {name: User(**fields) for name, fields in shared_state.user_rows(source.dsn).items()}
    path = source
    if not path.exists():
        return {}
    warn_if_loose(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {
            name: User(
                name=name,
                roles=tuple(entry["roles"]),
                kecamatan=entry.get("kecamatan"),
                hash=str(entry["hash"]),
                sessions_since=float(entry.get("sessions_since", 0.0)),
                email=entry.get("email"),
                unlocked_at=float(entry.get("unlocked_at", 0.0)),
                kabupaten=entry.get("kabupaten"),
            )
            for name, entry in raw.get("users", {}).items()
        }
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as broken:
        # not JSON, an entry without its hash or roles, a list where an object belongs: nobody can be checked
        raise AuthFileBroken("berkas_pengguna_rusak", path, f"{type(broken).__name__}: {broken}") from None


def get(name: str, source: UsersSource) -> User | None:
    return load_all(source).get(name)


@contextmanager
def _editing(source: UsersSource) -> Iterator[dict[str, User]]:
    """The users, locked against other writers; written back when the block succeeds (the file whole; in
    PostgreSQL the users added, changed or removed, in one transaction holding the table's write lock)."""
    if isinstance(source, UsersTable):
        with shared_state.editing_user_rows(source.dsn) as rows:
            users = {name: User(**fields) for name, fields in rows.items()}
            yield users
            rows.clear()
            rows.update({name: asdict(user) for name, user in users.items()})
        return
    path = source
    path.parent.mkdir(parents=True, exist_ok=True)
    with exclusive(path):
        users = load_all(path)
        yield users
        body = {
            "users": {name: {k: v for k, v in asdict(u).items() if k != "name"} for name, u in sorted(users.items())}
        }
        draft = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(body, handle, indent=1, ensure_ascii=False)
        os.replace(draft, path)


def add(
    name: str,
    roles: list[str],
    kecamatan: str | None,
    password: str,
    path: Path,
    email: str | None = None,
    *,
    region: Kabupaten,
    kabupaten: str | None = None,
    provinsi: str | None = None,
) -> User:
    """Add a user to the users file at `path`, bound as check_roles allows for a deployment serving `region`, or
    with `provinsi` that province's kabupaten/kota."""
    check_name(name)
    if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise UserError(f"--email {email!r} is not an email address")
    roles_t, kecamatan, kabupaten = check_roles(roles, kecamatan, region, kabupaten=kabupaten, provinsi=provinsi)
    check_password(password)
    with _editing(path) as users:
        if name in users:
            raise UserError(f"user {name!r} exists; use `users passwd` or `users remove` first")
        users[name] = User(
            name, roles_t, kecamatan, HASHER.hash(password), time.time(), email and email.lower(), kabupaten=kabupaten
        )
        return users[name]


def by_email(email: str | None, source: UsersSource) -> User | None:
    """The user whose recorded email is `email` (compared lower-case), for OIDC sign-in."""
    if not email:
        return None
    return next((u for u in load_all(source).values() if u.email and u.email == email.lower()), None)


def remove(name: str, source: UsersSource) -> None:
    with _editing(source) as users:
        if users.pop(name, None) is None:
            raise UserError(f"no user {name!r}")


def passwd(name: str, password: str, source: UsersSource) -> None:
    check_password(password)
    with _editing(source) as users:
        if name not in users:
            raise UserError(f"no user {name!r}")
        # a new password signs out every browser of the old one, and lifts a lockout of the name
        now = time.time()
        users[name] = User(
            **{**asdict(users[name]), "hash": HASHER.hash(password), "sessions_since": now, "unlocked_at": now}
        )


def unlock(name: str, source: UsersSource) -> None:
    """Lift a lockout of `name` in every server: failures before now stop counting."""
    with _editing(source) as users:
        if name not in users:
            raise UserError(f"no user {name!r}")
        users[name] = User(**{**asdict(users[name]), "unlocked_at": time.time()})


def end_sessions(name: str, source: UsersSource) -> None:
    """Sign a user out everywhere: every token issued before now stops working."""
    with _editing(source) as users:
        if name in users:
            users[name] = User(**{**asdict(users[name]), "sessions_since": time.time()})


# ---- sign-in with lockout ----------------------------------------------------------------------------------


class Lockout:
    """Failed sign-ins counted per client and user name, and per client over all names, within a window.

    A name is locked for one client only (five failures from one browser never refuse the right password from
    another), and a client with too many failures on any names is refused without a check until the window passes
    (each check costs an argon2 hash and an audit line). Kept in the server's memory: one Streamlit process serves
    every session; both tables hold at most `max_entries` keys (the oldest go first) and each key its last few
    failures, so no input makes them grow without bound. `since` (the user's unlocked_at) drops older failures.
    """

    def __init__(self, max_entries: int = 10_000):
        self.max_entries = max_entries
        self._by_name: OrderedDict[tuple[str, str], deque[float]] = OrderedDict()
        self._by_client: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _recent(times: deque[float] | None, now: float, window: float, since: float) -> list[float]:
        return [t for t in times or () if now - t < window and t >= since]

    def locked_until(
        self, name: str, client: str = "", now: float | None = None, since: float = 0.0, *, limits: AuthSettings
    ) -> float | None:
        """Until when `name` is locked for `client` (None: not locked), under the lockout `limits`."""
        cfg = limits
        now = now or time.time()
        window = cfg.lockout_minutes * 60
        with self._lock:
            recent = self._recent(self._by_name.get((client, name)), now, window, since)
        return recent[-cfg.max_failures] + window if len(recent) >= cfg.max_failures else None

    def throttled_until(self, client: str, now: float | None = None, *, limits: AuthSettings) -> float | None:
        """Until when `client` is refused every sign-in (None: not refused), under the lockout `limits`."""
        cfg = limits
        now = now or time.time()
        window = cfg.lockout_minutes * 60
        with self._lock:
            recent = self._recent(self._by_client.get(client), now, window, 0.0)
        return recent[-cfg.max_failures_client] + window if len(recent) >= cfg.max_failures_client else None

    def _append(self, table: OrderedDict, key, now: float, keep: int) -> None:
        times = table.pop(key, None) or deque(maxlen=keep)
        times.append(now)
        table[key] = times  # newest last: the first key is the one left alone longest
        while len(table) > self.max_entries:
            table.popitem(last=False)

    def fail(self, name: str | None, client: str = "", now: float | None = None, *, limits: AuthSettings) -> None:
        """Count a failure of `client`; of `name` too unless None (a name no user can have is never kept)."""
        cfg = limits
        now = now or time.time()
        with self._lock:
            self._append(self._by_client, client, now, cfg.max_failures_client)
            if name is not None:
                self._append(self._by_name, (client, name), now, cfg.max_failures)

    def clear(self, name: str, client: str | None = None) -> None:
        """Forget the failures of `name` from `client`, or from every client (None)."""
        with self._lock:
            for key in [key for key in self._by_name if key[1] == name and client in (None, key[0])]:
                del self._by_name[key]

    def __len__(self) -> int:
        with self._lock:
            return len(self._by_name) + len(self._by_client)


LOCKOUT = Lockout()


class SignInRefused(Exception):
    def __init__(self, code: str, until: float | None = None, name: str | None = None):
        super().__init__(code)
        # 'salah' (wrong name or password, never which), 'terkunci' (the name, from this client) or 'dibatasi'
        # (this client, whatever the name: not checked, not audited)
        self.code = code
        self.until = until
        self.name = name  # the known user's name, for the audit log; None for a name no user has


def normalise_name(name: str | None) -> str:
    """The user name as typed, the way the users file spells it: ' BU-KEPALA ' is bu-kepala."""
    return (name or "").strip().lower()


def lockout_of(settings: AuthSettings) -> "Lockout | PostgresLockout":
    """The lockout sign-ins under `settings` count on: PostgreSQL's, shared by every replica, when configured;
    else this process's memory (LOCKOUT)."""
    return PostgresLockout(settings.postgres) if settings.postgres else LOCKOUT


def verify(
    name: str,
    password: str,
    settings: AuthSettings,
    lockout: "Lockout | PostgresLockout | None" = None,
    client: str = "",
) -> User:
    """The user of the users of `settings` when name and password match; SignInRefused('salah' | 'terkunci' |
    'dibatasi') otherwise, with the lockout limits of `settings` (the lockout: `lockout_of(settings)` unless given).

    `client` names where the attempt comes from (the browser's address): failures lock a name for that client only.
    SharedStateDown when PostgreSQL is configured and cannot be reached: nobody is let in until it is back.
    """
    if lockout is None:
        lockout = lockout_of(settings)
    until = lockout.throttled_until(client, limits=settings)
    if until is not None:
        raise SignInRefused("dibatasi", until)
    name = normalise_name(name)
    # a name no user can have (too long, other characters) is checked against nothing and never kept
    possible = len(name) <= MAX_NAME_INPUT and NAME.fullmatch(name) is not None
    user = get(name, settings.users) if possible else None
    since = user.unlocked_at if user else 0.0
    until = lockout.locked_until(name, client, since=since, limits=settings) if possible else None
    if until is not None:
        lockout.fail(None, client, limits=settings)
        raise SignInRefused("terkunci", until, user.name if user else None)
    try:
        HASHER.verify(user.hash if user else _DUMMY_HASH, password or "")
        if user is None:
            raise VerifyMismatchError
    except (VerificationError, InvalidHashError):
        lockout.fail(name if possible else None, client, limits=settings)
        raise SignInRefused("salah", name=user.name if user else None) from None
    lockout.clear(name, client)
    return user


def migrate_to_postgres(path: Path, table: UsersTable) -> list[str]:
    """Copy the users of the users file at `path` into PostgreSQL's table (hashes, sessions and unlocks as they are);
    the names copied. A name already in the table is left as it is there and not copied (UserError when it
    differs, naming it): running it twice copies nothing the second time."""
    from_file = load_all(path)
    with _editing(table) as users:
        differing = sorted(n for n, u in from_file.items() if n in users and users[n] != u)
        if differing:
            raise UserError(f"{path}: already in PostgreSQL with other roles or passwords: {', '.join(differing)}")
        copied = sorted(from_file.keys() - users.keys())
        users.update({name: from_file[name] for name in copied})
    return copied
