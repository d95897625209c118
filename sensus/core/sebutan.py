"""How a region names itself and its villages, in both languages: a kota is a kota (a city), its villages are
kelurahan when all of them are; a kabupaten is a kabupaten (a regency) with desa."""

from sensus.core import wilayah_indonesia
from sensus.core.wilayah_indonesia import Kabupaten

SEBUTAN_KAB = {
    ("kabupaten", "id"): "kabupaten",
    ("kabupaten", "en"): "regency",
    ("kota", "id"): "kota",
    ("kota", "en"): "city",
}
SEBUTAN_DESA = {
    ("desa", "id"): "desa",
    ("desa", "en"): "village",
    ("kelurahan", "id"): "kelurahan",
    ("kelurahan", "en"): "urban village",
    ("desa/kelurahan", "id"): "desa/kelurahan",
    ("desa/kelurahan", "en"): "village",
}


def region_values(region: Kabupaten, bahasa: str) -> dict[str, str]:
    """The placeholders every text may use to name the region: {wilayah} 'Kabupaten Blora', {wilayah_singkat}
    'Blora', {kab} 'kabupaten'/'kota' (regency/city), {Kab} capitalised, {sebutan_desa} 'desa'/'kelurahan'
    ({Sebutan_desa} capitalised), {provinsi} the province's name."""
    language = "en" if bahasa == "en" else "id"
    kab = SEBUTAN_KAB[("kota" if region.is_kota else "kabupaten", language)]
    desa = SEBUTAN_DESA[(wilayah_indonesia.sebutan_desa(region.kode), language)]
    return {
        "wilayah": region.nama,
        "wilayah_singkat": short_name(region),
        "kab": kab,
        "Kab": kab[:1].upper() + kab[1:],
        "sebutan_desa": desa,
        "Sebutan_desa": desa[:1].upper() + desa[1:],
        "provinsi": region.nama_prov,
    }


def short_name(region: Kabupaten) -> str:
    """'Blora' for Kabupaten Blora, 'Banda Aceh' for Kota Banda Aceh: the name without its kind."""
    for prefix in ("Kabupaten ", "Kota "):
        if region.nama.startswith(prefix):
            return region.nama.removeprefix(prefix)
    return region.nama
