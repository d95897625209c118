"""Roles and what each may do; a user's scope follows from their kecamatan, not from the page."""

from sensus.core.scope import Scope

ROLES = ("pimpinan", "camat", "perencana", "operator", "admin")

# pages (url paths under pages/) each role is offered; a user holding several gets the union
PAGES = {
    "pimpinan": ("ringkasan", "kecamatan", "desa", "sosialisasi", "data", "audit"),
    "camat": ("kecamatan", "desa", "sosialisasi", "data"),
    "perencana": ("ringkasan", "kecamatan", "desa", "sosialisasi"),
    "operator": ("data", "unggah", "audit"),
    "admin": ("pengguna",),
}
PAGE_ORDER = ("ringkasan", "kecamatan", "desa", "sosialisasi", "data", "unggah", "audit", "pengguna")


def pages(roles: tuple[str, ...]) -> tuple[str, ...]:
    offered = {page for role in roles for page in PAGES.get(role, ())}
    return tuple(page for page in PAGE_ORDER if page in offered)


def scope(kecamatan: str | None) -> Scope:
    """A user with a kecamatan is bound to it whatever their other roles; everyone else sees the kabupaten."""
    return Scope(kecamatan) if kecamatan else Scope()


def can_edit_events(roles: tuple[str, ...]) -> bool:
    return "perencana" in roles


def can_import(roles: tuple[str, ...]) -> bool:
    return "operator" in roles


def can_read_audit(roles: tuple[str, ...]) -> bool:
    return bool({"pimpinan", "operator"} & set(roles))
