"""Signed session tokens for the browser's cookie: who, since when, last seen; HMAC-SHA256 with a key on disk.

A token names the user and carries no role: roles and kecamatan are read from the users file on every
run, so a removed user or a changed role takes effect at once. A token is void when it is older than
the idle limit (since last seen), older than the session limit, issued before the user's last sign-out
or password change, or signed with another key.
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

from sensus.auth import settings, users
from sensus.core import wilayah
from sensus.store.database import warn_if_loose

COOKIE = "pantau_sesi"
DEMO_PREFIX = "demo-"
# the kecamatan the demo camat is bound to: Cepu, the one the issue was tried with
DEMO_KECAMATAN = "33.16.05"


# a key shorter than this would make the cookie's signature guessable (an empty file: no key at all)
MIN_KEY_BYTES = 32


def _key(path: Path | None = None) -> bytes:
    path = path or settings.load().key_path
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


def check_key() -> None:
    """Raise AuthFileBroken when the session key cannot sign (made on first use)."""
    _key()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def demo_user(role: str) -> users.User:
    """The one-click user of a role on the demo store; never valid on a real store."""
    return users.User(name=DEMO_PREFIX + role, roles=(role,), kecamatan=DEMO_KECAMATAN if role == "camat" else None)


def issue(name: str, now: float | None = None, issued: float | None = None) -> str:
    now = now or time.time()
    payload = _b64(json.dumps({"u": name, "iat": issued or now, "seen": now}, separators=(",", ":")).encode())
    signature = _b64(hmac.new(_key(), payload.encode(), hashlib.sha256).digest())
    return f"{payload}.{signature}"


@dataclass(frozen=True)
class Session:
    user: users.User
    issued: float
    seen: float


def read(token: str | None, is_demo_store: bool, now: float | None = None) -> Session | None:
    """The session a token stands for, or None when it is missing, forged, expired or revoked."""
    if not token or token.count(".") != 1:
        return None
    payload, signature = token.split(".")
    expected = _b64(hmac.new(_key(), payload.encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(signature, expected):
        return None
    try:
        claims = json.loads(_unb64(payload))
        name, issued, seen = str(claims["u"]), float(claims["iat"]), float(claims["seen"])
    except (ValueError, KeyError, TypeError):
        return None
    cfg = settings.load()
    now = now or time.time()
    if now - seen > cfg.idle_minutes * 60 or now - issued > cfg.session_hours * 3600 or seen > now + 60:
        return None
    if name.startswith(DEMO_PREFIX):
        role = name.removeprefix(DEMO_PREFIX)
        if not is_demo_store or role not in users.roles_.ROLES:
            return None
        return Session(demo_user(role), issued, seen)
    user = users.get(name)
    if user is None or issued < user.sessions_since:
        return None
    if user.kecamatan is not None and wilayah.level(user.kecamatan) != "kecamatan":
        return None
    return Session(user, issued, seen)


def refresh(session: Session, now: float | None = None) -> str:
    """The same session, seen now: the cookie written back keeps an active viewer signed in."""
    return issue(session.user.name, now=now, issued=session.issued)
