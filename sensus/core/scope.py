"""The viewer's scope: the whole kabupaten, or one kecamatan.

A camat's deployment is bound to one kecamatan (PANTAU_KECAMATAN=33.16.05); the query layer
checks every request against the bound scope, so a page cannot show another kecamatan by mistake.
"""

import os
from dataclasses import dataclass

from sensus.core import wilayah


class OutOfScope(PermissionError):
    """A request for an area outside the viewer's bound kecamatan."""


@dataclass(frozen=True)
class Scope:
    bound_kec: str | None = None  # None: the whole kabupaten may be viewed

    @classmethod
    def from_env(cls) -> "Scope":
        raw = os.environ.get("PANTAU_KECAMATAN")
        if not raw:
            return cls()
        kode = wilayah.dotted(raw)
        if kode is None or wilayah.level(kode) != "kecamatan":
            raise ValueError(f"PANTAU_KECAMATAN={raw!r} is not a kecamatan code of Blora (e.g. 33.16.05)")
        return cls(kode)

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


KABUPATEN = Scope()
