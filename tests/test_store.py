"""The store's own invariants (dbt-style checks); readers during imports and kill -9 are in test_drills.py."""

import pytest

from sensus.store import database

# each check returns the rows that break an invariant: none is the pass
MART_CHECKS = {
    "one row per id_submisi": "select id_submisi from submisi group by 1 having count(*) > 1",
    "one row per household": "select rumah_tangga from rumah_tangga group by 1 having count(*) > 1",
    "every desa has its kecamatan": "select kode_desa from desa where kode_kec not in (select kode_kec from kecamatan)",
    "no response day outside the window": (
        "select * from rumah_tangga where tanggal_respon not between date '2020-02-15' and date '2020-03-31'"
    ),
    "households never exceed submissions": (
        "select 1 where (select count(*) from rumah_tangga) > (select count(*) from submisi)"
    ),
    "cumulative never falls": """
        select * from (select kode_desa, tanggal, kk_respon,
            lag(kk_respon) over (partition by kode_desa order by tanggal) as before from capaian_harian_desa)
        where kk_respon < before""",
    "last day equals the household mart": """
        select 1 where (select sum(kk_respon) from capaian_harian_desa where tanggal = date '2020-03-31')
            <> (select count(*) from rumah_tangga)""",
    "clean households are responding households": "select * from capaian_harian_desa where kk_clean > kk_respon",
    "no personal column in any table": """
        select table_name, column_name from information_schema.columns
        where column_name in ('nama', 'nik', 'no_kk', 'alamat')""",
}


@pytest.mark.parametrize("name", MART_CHECKS)
def test_store_invariants(fixture_store, name):
    con = database.connect_reader(fixture_store[0])
    assert con.sql(MART_CHECKS[name]).fetchall() == []
