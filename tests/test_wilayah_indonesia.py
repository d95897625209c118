"""The reference areas of all of Indonesia (data/wilayah_indonesia.parquet) and sensus.core.wilayah_indonesia."""

import json

import polars as pl
import pytest

from sensus.core import wilayah_indonesia
from sensus.core.paths import ROOT
from sensus.core.wilayah_indonesia import WilayahTidakDikenal


@pytest.fixture(scope="module")
def semua() -> pl.DataFrame:
    return pl.read_parquet(wilayah_indonesia.WILAYAH_INDONESIA)


def test_the_file_has_the_columns_of_the_brief(semua):
    assert semua.columns == [
        "kode_prov",
        "nama_prov",
        "kode_kab",
        "nama_kab",
        "jenis_kab",
        "kode_kec",
        "nama_kec",
        "kode_desa",
        "nama_desa",
        "jenis",
    ]
    assert semua.null_count().sum_horizontal().item() == 0
    assert semua["kode_desa"].is_unique().all()


def test_blora_has_its_16_kecamatan_and_295_villages_the_boundaries_of_another_source_name():
    blora = wilayah_indonesia.wilayah("33.16")
    assert list(blora.columns) == list(wilayah_indonesia.KOLOM_WILAYAH)
    assert (blora["kode_kec"].n_unique(), blora.height) == (16, 295)
    # the village boundaries come from cahyadsn/wilayah_boundaries, not idn-area-data: the same 295 codes
    batas = json.loads((ROOT / "data" / "batas" / "33.16" / "desa.geojson").read_text(encoding="utf-8"))
    assert sorted(f["properties"]["kode"] for f in batas["features"]) == blora["kode_desa"].to_list()
    cepu = blora.filter(pl.col("kode_desa") == "33.16.05.1014").row(0, named=True)
    assert (cepu["nama_desa"], cepu["jenis"], cepu["nama_kec"]) == ("Cepu", "kelurahan", "Cepu")


def test_counts_for_indonesia_and_jawa_tengah(semua):
    assert (semua["kode_prov"].n_unique(), semua["kode_kab"].n_unique()) == (38, 514)
    assert (semua["kode_kec"].n_unique(), semua.height) == (7_285, 83_762)
    jateng = semua.filter(pl.col("kode_prov") == "33")
    assert (jateng["kode_kab"].n_unique(), jateng["kode_kec"].n_unique(), jateng.height) == (35, 576, 8_563)
    assert wilayah_indonesia.kabupaten_di_provinsi("33").height == 35
    assert wilayah_indonesia.daftar_kabupaten()["jumlah_desa_kel"].sum() == 83_762


def test_every_code_sits_inside_its_parents(semua):
    outside = semua.filter(
        (pl.col("kode_desa").str.head(8) != pl.col("kode_kec"))
        | (pl.col("kode_kec").str.head(5) != pl.col("kode_kab"))
        | (pl.col("kode_kab").str.head(2) != pl.col("kode_prov"))
    )
    assert outside.is_empty()


def test_kabupaten_or_kota_agrees_with_the_name_and_the_code(semua):
    regions = semua.unique("kode_kab")
    by_name = pl.when(pl.col("nama_kab").str.starts_with("Kota ")).then(pl.lit("kota")).otherwise(pl.lit("kabupaten"))
    by_code = (
        pl.when(pl.col("kode_kab").str.slice(3, 2).cast(pl.Int32) >= 71)
        .then(pl.lit("kota"))
        .otherwise(pl.lit("kabupaten"))
    )
    assert regions.filter((pl.col("jenis_kab") != by_name) | (pl.col("jenis_kab") != by_code)).is_empty()
    assert regions["jenis_kab"].value_counts().sort("jenis_kab").rows() == [("kabupaten", 416), ("kota", 98)]


def test_a_village_is_a_kelurahan_exactly_when_its_code_says_so(semua):
    # as the Kemendagri code says: the village part starting with 1; 2 and 3 (Desa Adat) are desa
    by_code = pl.when(pl.col("kode_desa").str.slice(9, 1) == "1").then(pl.lit("kelurahan")).otherwise(pl.lit("desa"))
    assert semua.filter(pl.col("jenis") != by_code).is_empty()
    assert semua["jenis"].value_counts().sort("jenis").rows() == [("desa", 75_266), ("kelurahan", 8_496)]


def test_kota_semarang_is_a_kota_whose_villages_are_all_kelurahan():
    assert wilayah_indonesia.nama_wilayah("33.74") == "Kota Semarang"
    assert wilayah_indonesia.is_kota("33.74")
    assert wilayah_indonesia.provinsi("33.74") == ("33", "Jawa Tengah")
    semarang = wilayah_indonesia.wilayah("33.74")
    assert semarang.columns == ["kode_desa", "nama_desa", "jenis", "kode_kec", "nama_kec"]
    assert (semarang.height, semarang["kode_kec"].n_unique()) == (177, 16)
    assert set(semarang["jenis"]) == {"kelurahan"}
    assert wilayah_indonesia.sebutan_desa("33.74") == "kelurahan"


def test_blora_and_cilacap_are_kabupaten_with_desa_and_kelurahan():
    assert wilayah_indonesia.nama_wilayah("33.16") == "Kabupaten Blora"
    assert not wilayah_indonesia.is_kota("33.16")
    assert wilayah_indonesia.sebutan_desa("33.16") == "desa/kelurahan"
    cilacap = wilayah_indonesia.kabupaten("33.01")
    assert (cilacap.nama, cilacap.jenis, cilacap.kode_prov) == ("Kabupaten Cilacap", "kabupaten", "33")
    assert wilayah_indonesia.wilayah("33.01").height == 284


def test_banda_aceh_is_a_kota_outside_jawa_tengah_whose_gampong_are_desa():
    banda_aceh = wilayah_indonesia.kabupaten("11.71")
    assert (banda_aceh.nama, banda_aceh.is_kota) == ("Kota Banda Aceh", True)
    assert wilayah_indonesia.provinsi("11.71") == ("11", "Aceh")
    villages = wilayah_indonesia.wilayah("11.71")
    assert (villages.height, villages["kode_kec"].n_unique()) == (90, 9)
    # a kota's villages are not always kelurahan: wording must follow the villages, not the kota
    assert wilayah_indonesia.sebutan_desa("11.71") == "desa"


def test_a_code_may_be_typed_without_dots_or_with_spaces():
    assert wilayah_indonesia.nama_wilayah("3374") == "Kota Semarang"
    assert wilayah_indonesia.wilayah(" 33.16 ").equals(wilayah_indonesia.wilayah("33.16"))


@pytest.mark.parametrize("kode", ["33.99", "33", "33.16.01", "3316012001", "abc", "", "99.71"])
def test_a_code_that_is_not_a_kabupaten_or_kota_is_refused_by_name(kode):
    with pytest.raises(WilayahTidakDikenal, match="is not a kabupaten/kota code"):
        wilayah_indonesia.wilayah(kode)
    with pytest.raises(WilayahTidakDikenal, match=repr(kode).replace(".", r"\.")):
        wilayah_indonesia.nama_wilayah(kode)


def test_a_region_of_jawa_tengah_has_its_maps_and_one_elsewhere_has_none():
    for kode in ("33.16", "33.74", "3301"):
        for tingkat in ("kecamatan", "desa"):
            path = wilayah_indonesia.peta(kode, tingkat)
            assert path is not None and path.is_file() and path.with_name(f"{tingkat}_tampil.geojson").is_file()
    assert wilayah_indonesia.peta("33.74", "desa") == ROOT / "data" / "batas" / "33.74" / "desa.geojson"
    assert wilayah_indonesia.peta("11.71", "desa") is None  # no boundaries outside Jawa Tengah yet
    assert wilayah_indonesia.peta_provinsi("33") == ROOT / "data" / "batas" / "33" / "kabupaten.geojson"
    assert wilayah_indonesia.peta_provinsi("11") is None
    assert wilayah_indonesia.peta_provinsi("../33") is None
    with pytest.raises(WilayahTidakDikenal):
        wilayah_indonesia.peta("33.99", "desa")
    with pytest.raises(ValueError, match="'kabupaten'"):
        wilayah_indonesia.peta("33.16", "kabupaten")


def test_the_script_refuses_a_source_with_orphans_or_a_kota_numbered_as_a_kabupaten(tmp_path):
    from scripts import derive_wilayah_indonesia

    files = {
        "provinces.csv": "code,name\n33,Jawa Tengah\n",
        "regencies.csv": "code,province_code,name\n33.05,33,Kota Kebumen\n33.16,33,Kabupaten Blora\n",
        "districts.csv": "code,regency_code,name\n33.05.01,33.05,Ayah\n33.16.01,33.16,Jati\n",
        "villages.csv": 'code,district_code,name\n33.05.01.2001,33.05.01,Argosari\n33.16.02.2001,33.16.02,"Soka""an"\n',
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(SystemExit) as refused:
        derive_wilayah_indonesia.build(tmp_path)
    message = str(refused.value)
    assert "desa without kode_kab (first 33.16.02.2001)" in message  # its kecamatan 33.16.02 is not listed
    assert "33.05: name prefix and code disagree on kabupaten/kota" in message
    # Blora and Jati are left without villages: the orphan joins neither
    assert "1 kabupaten/kota and 1 kecamatan without villages" in message


def test_the_list_of_kabupaten_is_the_villages_file_summed_up(semua):
    # data/kabupaten_indonesia.csv is derived from the same file by the same script: it cannot drift from it
    from scripts.derive_wilayah_indonesia import kabupaten_list

    assert wilayah_indonesia.daftar_kabupaten().equals(kabupaten_list(semua))
    assert wilayah_indonesia.kabupaten("33.74") == wilayah_indonesia.Kabupaten(
        "33.74", "Kota Semarang", "kota", "33", "Jawa Tengah"
    )
    assert [wilayah_indonesia.sebutan_desa(k) for k in ("33.16", "33.74", "11.71")] == [
        "desa/kelurahan",
        "kelurahan",
        "desa",
    ]
