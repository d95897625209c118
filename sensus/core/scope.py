"""The viewer's scope: the whole kabupaten, or one kecamatan.

A signed-in camat is bound to one kecamatan (so is a server started with PANTAU_KECAMATAN=33.16.05 and the
command line's --kecamatan); the query layer checks every request against the bound scope, so a page
cannot show another kecamatan by mistake.
"""

import csv
import os
from dataclasses import dataclass
from functools import cache

from sensus.core import wilayah


@cache
def kecamatan_names() -> dict[str, str]:
    """kode_kec → nama_kec of the 16 kecamatan, from the committed reference file."""
    with open(wilayah.WILAYAH_CSV, encoding="utf-8", newline="") as handle:
        return {row["kode_kec"]: row["nama_kec"] for row in csv.DictReader(handle)}


class OutOfScope(PermissionError):
    """A request for an area outside the viewer's bound kecamatan."""


class BadScope(ValueError):
    """A scope value that is not a kecamatan of Blora; the message names the value and the source."""


@dataclass(frozen=True)
class Scope:
    bound_kec: str | None = None  # None: the whole kabupaten may be viewed

    @classmethod
    def parse(cls, raw: str | None, source: str = "--kecamatan") -> "Scope":
        """A scope from a code as typed ('33.16.05' or '331605'); BadScope with a clear message otherwise."""
        if raw is None or not str(raw).strip():
            return cls()
        kode = wilayah.dotted(str(raw).strip())
        if kode is None or wilayah.level(kode) != "kecamatan" or kode not in kecamatan_names():
            raise BadScope(f"{source}={raw!r} is not a kecamatan code of Blora (33.16.01 … 33.16.16, e.g. 33.16.05)")
        return cls(kode)

    @classmethod
    def from_env(cls) -> "Scope":
        return cls.parse(os.environ.get("PANTAU_KECAMATAN"), "PANTAU_KECAMATAN")

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
