"""Signed session tokens for the browser's cookie: who, since when, last seen; HMAC-SHA256 with a key on disk
(or, with PostgreSQL configured, in its one-row table, so a cookie one replica signed is good on every other).

A token names the user and carries no role: roles, kecamatan and kabupaten are read from the users file on every
run, so a removed user, a changed role or a kabupaten no longer served takes effect at once. A token is void when
it is older than the idle limit (since last seen), older than the session limit, issued before the user's last
sign-out or password change, or signed with another key.
"""

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from sensus.auth import shared_state, users
from sensus.core import wilayah
from sensus.core.config import AuthSettings, kabupaten_of_province
from sensus.core.scope import kecamatan_names
from sensus.store.files import warn_if_loose

COOKIE = "pantau_sesi"
DEMO_PREFIX = "demo-"
# the demo camat is bound to the region's fifth kecamatan (in Blora: Cepu, whose town has the most responses)
DEMO_KECAMATAN_KE = 5


# a key shorter than this would make the cookie's signature guessable (an empty file: no key at all)
MIN_KEY_BYTES = 32


def _key(settings: AuthSettings) -> bytes:
    """The session-signing key of `settings`: PostgreSQL's shared one when configured, else the key file's."""
    if settings.postgres:
        return shared_state.session_key(settings.postgres)
    return _file_key(settings.key_path)


def _file_key(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # written whole beside it, then linked into place: a full disk or a second server never leaves a short key
        draft = path.with_name(f".{path.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
                handle.flush()
                os.fsync(handle.fileno())
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink(missing_ok=True)
    warn_if_loose(path)
    try:
        key = bytes.fromhex(path.read_text().strip())
    except (ValueError, UnicodeDecodeError):
        raise users.AuthFileBroken("kunci_sesi_rusak", path, "not hexadecimal") from None
    if len(key) < MIN_KEY_BYTES:
        raise users.AuthFileBroken("kunci_sesi_rusak", path, f"{len(key)} bytes, at least {MIN_KEY_BYTES} needed")
    return key


def check_key(settings: AuthSettings) -> None:
    """Raise AuthFileBroken when the session key of `settings` cannot sign (made on first use); SharedStateDown
    (a kind of it) when it is kept in PostgreSQL and that cannot be reached."""
    _key(settings)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def demo_kecamatan(kode_kab: str) -> str:
    """The kecamatan the demo camat of the region `kode_kab` is bound to."""
    codes = list(kecamatan_names(kode_kab))
    return codes[min(DEMO_KECAMATAN_KE, len(codes)) - 1]


def demo_user(role: str, kode_kab: str, province: bool = False) -> users.User:
    """The one-click user of a role on the demo store of the region `kode_kab`; never valid on a real store.

    In a province demo (`province`) kepala_provinsi has the whole province and every other demo user is bound to
    `kode_kab` (the camat to a kecamatan of it); the binding rides in the name ('demo-pimpinan@34.71'), so the
    session keeps it whichever kabupaten a later page shows.
    """
    kecamatan = demo_kecamatan(kode_kab) if role == "camat" else None
    if not province:
        return users.User(name=DEMO_PREFIX + role, roles=(role,), kecamatan=kecamatan)
    if role in UNBOUND_IN_PROVINCE:
        return users.User(name=DEMO_PREFIX + role, roles=(role,))
    return users.User(name=f"{DEMO_PREFIX}{role}@{kode_kab}", roles=(role,), kecamatan=kecamatan, kabupaten=kode_kab)


# the demo users of a province bound to no kabupaten: the province's head, and the admin (the users page only)
UNBOUND_IN_PROVINCE = ("kepala_provinsi", "admin")


def _demo_session_user(name: str, kode_kab: str, provinsi: str | None) -> users.User | None:
    # 'demo-<role>' or, in a province, 'demo-<role>@<kabupaten>'; a binding the deployment does not serve is none
    role, _, bound = name.removeprefix(DEMO_PREFIX).partition("@")
    if role not in users.roles_.ROLES:
        return None
    if provinsi is None:
        return None if bound or role == "kepala_provinsi" else demo_user(role, kode_kab)
    if role in UNBOUND_IN_PROVINCE:
        return None if bound else demo_user(role, kode_kab, province=True)
    if bound not in kabupaten_of_province(provinsi):
        return None
    return demo_user(role, bound, province=True)


def issue(name: str, settings: AuthSettings, now: float | None = None, issued: float | None = None) -> str:
    """A token for `name`, signed with the session key of `settings`."""
    now = now or time.time()
    payload = _b64(json.dumps({"u": name, "iat": issued or now, "seen": now}, separators=(",", ":")).encode())
    signature = _b64(hmac.new(_key(settings), payload.encode(), hashlib.sha256).digest())
    return f"{payload}.{signature}"


@dataclass(frozen=True)
class Session:
    user: users.User
    issued: float
    seen: float


def read(
    token: str | None,
    is_demo_store: bool,
    settings: AuthSettings,
    now: float | None = None,
    *,
    kode_kab: str,
    provinsi: str | None = None,
) -> Session | None:
    """The session a token stands for, or None when it is missing, forged, expired or revoked. `settings` gives
    the key, the limits and the users file. The deployment serves the region `kode_kab`, or with `provinsi` every
    kabupaten/kota of that province: a user whose binding (kecamatan or kabupaten) it does not serve has none,
    and so has a kepala_provinsi outside a province deployment."""
    if not token or token.count(".") != 1:
        return None
    payload, signature = token.split(".")
    expected = _b64(hmac.new(_key(settings), payload.encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(signature, expected):
        return None
    try:
        claims = json.loads(_unb64(payload))
        name, issued, seen = str(claims["u"]), float(claims["iat"]), float(claims["seen"])
    except (ValueError, KeyError, TypeError):
        return None
    now = now or time.time()
    if now - seen > settings.idle_minutes * 60 or now - issued > settings.session_hours * 3600 or seen > now + 60:
        return None
    if name.startswith(DEMO_PREFIX):
        demo = _demo_session_user(name, kode_kab, provinsi) if is_demo_store else None
        return None if demo is None else Session(demo, issued, seen)
    user = users.get(name, settings.users)
    if user is None or issued < user.sessions_since:
        return None
    if not binding_served(user, kode_kab, provinsi):
        return None
    return Session(user, issued, seen)


def binding_served(user: users.User, kode_kab: str, provinsi: str | None = None) -> bool:
    """Whether the deployment (the region `kode_kab`, or with `provinsi` that province's kabupaten/kota) serves
    the user's binding: their kecamatan's kabupaten, their kabupaten, and kepala_provinsi a province at all."""
    served = kabupaten_of_province(provinsi) if provinsi is not None else (kode_kab,)
    if user.kecamatan is not None and not any(wilayah.level(user.kecamatan, k) == "kecamatan" for k in served):
        return False
    if user.kabupaten is not None and user.kabupaten not in served:
        return False
    return provinsi is not None or "kepala_provinsi" not in user.roles


def refresh(session: Session, settings: AuthSettings, now: float | None = None) -> str:
    """The same session, seen now: the cookie written back keeps an active viewer signed in."""
    return issue(session.user.name, settings, now=now, issued=session.issued)
