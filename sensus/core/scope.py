"""The viewer's scope: the whole region (kabupaten or kota), or one of its kecamatan.

A signed-in camat is bound to one kecamatan (so is a server started with PANTAU_KECAMATAN=33.16.05 and the
command line's --kecamatan); the query layer checks every request against the bound scope, so a page
cannot show another kecamatan by mistake.
"""

from dataclasses import dataclass
from functools import cache

from sensus.core import wilayah, wilayah_indonesia
from sensus.core.wilayah_indonesia import Kabupaten


@cache
def kecamatan_names(kode_kab: str) -> dict[str, str]:
    """kode_kec → nama_kec of the kecamatan of the region `kode_kab`, in code order."""
    areas = wilayah_indonesia.wilayah(kode_kab).select("kode_kec", "nama_kec").unique().sort("kode_kec")
    return dict(areas.iter_rows())


def _examples(names: dict[str, str]) -> str:
    codes = list(names)
    return f"{codes[0]} … {codes[-1]}, e.g. {codes[min(4, len(codes) - 1)]}" if codes else "none"


class OutOfScope(PermissionError):
    """A request for an area outside the viewer's bound kecamatan."""


class BadScope(ValueError):
    """A scope value that is not a kecamatan of the region; the message names the value, the source and the region."""


@dataclass(frozen=True)
class Scope:
    bound_kec: str | None = None  # None: the whole kabupaten may be viewed

    @classmethod
    def parse(cls, raw: str | None, region: Kabupaten, source: str = "--kecamatan") -> "Scope":
        """A scope from a code of a kecamatan of `region` as typed ('33.16.05' or '331605'); BadScope with a clear
        message otherwise."""
        if raw is None or not str(raw).strip():
            return cls()
        kode = wilayah.dotted(str(raw).strip())
        names = kecamatan_names(region.kode)
        if kode is None or wilayah.level(kode, region.kode) != "kecamatan" or kode not in names:
            raise BadScope(f"{source}={raw!r} is not a kecamatan code of {region.nama} ({_examples(names)})")
        return cls(kode)

    @classmethod
    def of_server(cls, kecamatan: str | None, region: Kabupaten) -> "Scope":
        """The scope a server is bound to: PANTAU_KECAMATAN as the configuration holds it (Config.kecamatan)."""
        return cls.parse(kecamatan, region, "PANTAU_KECAMATAN")

    @property
    def is_bound(self) -> bool:
        return self.bound_kec is not None

    def within(self, other: "Scope") -> "Scope":
        """The narrower of two scopes (a server bound to a kecamatan narrows every viewer); OutOfScope if disjoint."""
        if other.bound_kec is None:
            return self
        if self.bound_kec not in (None, other.bound_kec):
            raise OutOfScope(f"{self.bound_kec} is outside the bound kecamatan {other.bound_kec}")
        return other

    def kecamatan(self, requested: str | None) -> str | None:
        """The kecamatan a query may cover: the requested one (None = all) within the bound one."""
        if self.bound_kec is None:
            return requested
        if requested not in (None, self.bound_kec):
            raise OutOfScope(f"{requested} is outside the bound kecamatan {self.bound_kec}")
        return self.bound_kec

    def desa(self, kode_desa: str) -> str:
        """A village code the viewer may see."""
        self.kecamatan(kode_desa[:8])
        return kode_desa

    def holds(self, kode: str) -> bool:
        """Whether an area code (the kabupaten's, a kecamatan's or a village's, dotted) lies inside the scope:
        for a bound viewer only their kecamatan and its villages, never the kabupaten itself."""
        return self.bound_kec is None or kode == self.bound_kec or str(kode).startswith(self.bound_kec + ".")

    def require(self, kode: str) -> str:
        """An area code the viewer may act on; OutOfScope otherwise (writes check every code they touch)."""
        if not self.holds(kode):
            raise OutOfScope(f"{kode} is outside the bound kecamatan {self.bound_kec}")
        return kode

    def total_level(self) -> str:
        """The level of the viewer's whole-scope total: the kabupaten, or for a bound viewer their kecamatan."""
        return "kecamatan" if self.is_bound else "kabupaten"


KABUPATEN = Scope()
