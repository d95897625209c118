"""Users in a JSON file outside the store: name, roles, an optional kecamatan and an argon2 hash.

The file is rewritten whole through a temporary file and os.replace, readable by its owner only.
Passwords never pass through a command line or a log; only their argon2id hashes are kept.
"""

import fcntl
import json
import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from sensus.auth import roles as roles_
from sensus.auth import settings
from sensus.core.scope import BadScope, Scope

HASHER = PasswordHasher()
NAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,31}")
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

    @property
    def scope(self):
        return roles_.scope(self.kecamatan)


def check_name(name: str) -> str:
    # demo-… names belong to the one-click demo users of the demo store
    if not NAME.fullmatch(name or "") or name.startswith("demo-"):
        raise UserError(
            f"{name!r}: a user name is 2–32 characters: a–z, 0–9, '.', '_', '-', starting with a letter or digit"
        )
    return name


def check_roles(roles: list[str] | tuple[str, ...], kecamatan: str | None) -> tuple[tuple[str, ...], str | None]:
    unknown = [r for r in roles if r not in roles_.ROLES]
    if unknown or not roles:
        raise UserError(f"unknown role {', '.join(unknown) or '(none)'}; roles: {', '.join(roles_.ROLES)}")
    if kecamatan is not None:
        try:
            kecamatan = Scope.parse(kecamatan).bound_kec
        except BadScope as bad:
            raise UserError(str(bad)) from None
    if "camat" in roles and kecamatan is None:
        raise UserError("the camat role needs --kecamatan KODE (e.g. 33.16.05)")
    ordered = tuple(r for r in roles_.ROLES if r in roles)
    return ordered, kecamatan


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"a password needs at least {MIN_PASSWORD} characters")
    return password


def _path() -> Path:
    return settings.load().users_path


def load_all(path: Path | None = None) -> dict[str, User]:
    path = path or _path()
    if not path.exists():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {
        name: User(
            name=name,
            roles=tuple(entry["roles"]),
            kecamatan=entry.get("kecamatan"),
            hash=entry["hash"],
            sessions_since=float(entry.get("sessions_since", 0.0)),
            email=entry.get("email"),
        )
        for name, entry in raw.get("users", {}).items()
    }


def get(name: str, path: Path | None = None) -> User | None:
    return load_all(path).get(name)


@contextmanager
def _editing(path: Path | None = None) -> Iterator[dict[str, User]]:
    """The users, locked against other writers; written back whole when the block succeeds."""
    path = path or _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
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
    path: Path | None = None,
    email: str | None = None,
) -> User:
    check_name(name)
    if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise UserError(f"--email {email!r} is not an email address")
    roles_t, kecamatan = check_roles(roles, kecamatan)
    check_password(password)
    with _editing(path) as users:
        if name in users:
            raise UserError(f"user {name!r} exists; use `users passwd` or `users remove` first")
        users[name] = User(name, roles_t, kecamatan, HASHER.hash(password), time.time(), email and email.lower())
        return users[name]


def by_email(email: str | None, path: Path | None = None) -> User | None:
    """The user whose recorded email is `email` (compared lower-case), for OIDC sign-in."""
    if not email:
        return None
    return next((u for u in load_all(path).values() if u.email and u.email == email.lower()), None)


def remove(name: str, path: Path | None = None) -> None:
    with _editing(path) as users:
        if users.pop(name, None) is None:
            raise UserError(f"no user {name!r}")


def passwd(name: str, password: str, path: Path | None = None) -> None:
    check_password(password)
    with _editing(path) as users:
        if name not in users:
            raise UserError(f"no user {name!r}")
        # a new password signs out every browser of the old one
        users[name] = User(**{**asdict(users[name]), "hash": HASHER.hash(password), "sessions_since": time.time()})


def end_sessions(name: str, path: Path | None = None) -> None:
    """Sign a user out everywhere: every token issued before now stops working."""
    with _editing(path) as users:
        if name in users:
            users[name] = User(**{**asdict(users[name]), "sessions_since": time.time()})


# ---- sign-in with lockout ----------------------------------------------------------------------------------


class Lockout:
    """Failed sign-ins per user name within a window; a name with too many is refused until the window passes.

    Kept in the server's memory: one Streamlit process serves every session. A restart clears it, which
    costs an attacker a restart they cannot cause from the browser.
    """

    def __init__(self):
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def locked_until(self, name: str, now: float | None = None) -> float | None:
        cfg = settings.load()
        now = now or time.time()
        window = cfg.lockout_minutes * 60
        with self._lock:
            recent = [t for t in self._failures.get(name, []) if now - t < window]
            self._failures[name] = recent
            if len(recent) >= cfg.max_failures:
                return recent[-cfg.max_failures] + window
        return None

    def fail(self, name: str, now: float | None = None) -> None:
        with self._lock:
            self._failures.setdefault(name, []).append(now or time.time())

    def clear(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name, None)


LOCKOUT = Lockout()


class SignInRefused(Exception):
    def __init__(self, code: str, until: float | None = None):
        super().__init__(code)
        self.code = code  # 'salah' (wrong name or password, never which) or 'terkunci'
        self.until = until


def verify(name: str, password: str, path: Path | None = None, lockout: Lockout = LOCKOUT) -> User:
    """The user when name and password match; SignInRefused('salah' | 'terkunci') otherwise."""
    name = (name or "").strip().lower()
    until = lockout.locked_until(name)
    if until is not None:
        raise SignInRefused("terkunci", until)
    user = get(name, path)
    try:
        HASHER.verify(user.hash if user else _DUMMY_HASH, password or "")
        if user is None:
            raise VerifyMismatchError
    except (VerificationError, InvalidHashError):
        lockout.fail(name)
        raise SignInRefused("salah") from None
    lockout.clear(name)
    return user
