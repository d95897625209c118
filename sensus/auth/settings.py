"""The [auth] section of pantau.toml; PANTAU_USERS overrides the users file (tests, tools)."""

import os
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sensus.core.config import ROOT


@dataclass(frozen=True)
class AuthSettings:
    users_path: Path
    idle_minutes: int
    session_hours: int
    max_failures: int
    lockout_minutes: int
    # failed sign-ins of one client (any names) within kunci_menit before it is refused unchecked
    max_failures_client: int
    upload_max_mb: int

    @property
    def key_path(self) -> Path:
        # the cookie-signing key lives beside the users file: both are secrets outside the store
        return self.users_path.with_suffix(".key")


@cache
def load(path: Path = ROOT / "pantau.toml") -> AuthSettings:
    raw = tomllib.loads(path.read_text(encoding="utf-8")).get("auth", {})
    users_path = Path(os.environ.get("PANTAU_USERS") or ROOT / raw.get("users", "data/users.json"))
    return AuthSettings(
        users_path=users_path,
        idle_minutes=int(raw.get("idle_menit", 30)),
        session_hours=int(raw.get("sesi_maks_jam", 12)),
        max_failures=int(raw.get("gagal_maks", 5)),
        lockout_minutes=int(raw.get("kunci_menit", 15)),
        max_failures_client=int(raw.get("gagal_maks_klien", 20)),
        upload_max_mb=int(raw.get("unggah_maks_mb", 200)),
    )
