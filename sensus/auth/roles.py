"""Roles and what each may do; a user's scope follows from their kecamatan, not from the page."""

from sensus.core.scope import Scope

# kepala_provinsi: the head of a province's office, the whole province (a province deployment only)
ROLES = ("kepala_provinsi", "pimpinan", "camat", "perencana", "operator", "admin")

# pages (url paths under pages/) each role is offered; a user holding several gets the union
PAGES = {
    "kepala_provinsi": ("provinsi", "ringkasan", "kecamatan", "desa", "sosialisasi", "data", "audit"),
    "pimpinan": ("ringkasan", "kecamatan", "desa", "sosialisasi", "data", "audit"),
    "camat": ("kecamatan", "desa", "sosialisasi", "data"),
    "perencana": ("ringkasan", "kecamatan", "desa", "sosialisasi"),
    "operator": ("data", "unggah", "audit"),
    "admin": ("pengguna",),
}
PAGE_ORDER = ("provinsi", "ringkasan", "kecamatan", "desa", "sosialisasi", "data", "unggah", "audit", "pengguna")


def pages(roles: tuple[str, ...], province: bool = False) -> tuple[str, ...]:
    """The pages `roles` offer; the province overview only in a province deployment (`province`)."""
    offered = {page for role in roles for page in PAGES.get(role, ())}
    if not province:
        offered.discard("provinsi")
    return tuple(page for page in PAGE_ORDER if page in offered)


def kabupaten_open(
    roles: tuple[str, ...], kabupaten: str | None, kecamatan: str | None, served: tuple[str, ...]
) -> tuple[str, ...]:
    """The kabupaten/kota of `served` (the deployment's, in code order) a user may open: a camat's is their
    kecamatan's, a user bound to a kabupaten has that one, kepala_provinsi (or anyone in a one-region deployment)
    has them all, and an unbound user in a province opens none (an admin's page needs no kabupaten)."""
    if kecamatan:
        return tuple(k for k in served if k == kecamatan[:5])
    if kabupaten:
        return tuple(k for k in served if k == kabupaten)
    if "kepala_provinsi" in roles or len(served) == 1:
        return served
    return ()


def scope(kecamatan: str | None) -> Scope:
    """A user with a kecamatan is bound to it whatever their other roles; everyone else sees the kabupaten."""
    return Scope(kecamatan) if kecamatan else Scope()


def can_edit_events(roles: tuple[str, ...]) -> bool:
    return "perencana" in roles


def can_import(roles: tuple[str, ...]) -> bool:
    return "operator" in roles


def can_read_audit(roles: tuple[str, ...]) -> bool:
    return bool({"pimpinan", "operator"} & set(roles))
