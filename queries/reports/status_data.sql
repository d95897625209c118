-- status_data: how fresh and how complete the store is, for the headline and the data view
-- grain: one row
-- params: $kode_kec VARCHAR (null: the whole kabupaten; a kecamatan code: only its villages' figures),
--         $tanggal DATE (null: everything stored; a day: the submissions, households and last day with a new
--         household up to that day, as the data page shows them as of the sidebar's date; impor_terakhir is the
--         last import whatever the day)
-- one CTE per table, joined once: as scalar subqueries in one select list the same figures take ≈ 4× longer to plan
-- a kecamatan's villages are matched by code prefix: every desa code starts with its kecamatan's
with s as (
    select max(waktu_submit) as submisi_terakhir, count(*) as jumlah_submisi from submisi
    where ($kode_kec is null or starts_with(kode_desa, $kode_kec || '.')) and ($tanggal is null or tanggal <= $tanggal)
),
h as (
    select max(tanggal) as hari_data_terakhir from capaian_harian_desa
    where kk_baru > 0 and ($kode_kec is null or starts_with(kode_desa, $kode_kec || '.'))
        and ($tanggal is null or tanggal <= $tanggal)
),
i as (select max(waktu_impor) as impor_terakhir from impor),
r as (
    select count(*) as jumlah_rumah_tangga from rumah_tangga
    where ($kode_kec is null or starts_with(kode_desa, $kode_kec || '.'))
        and ($tanggal is null or tanggal_respon <= $tanggal)
),
t as (
    select count(*) as desa_bertarget, list(distinct sumber order by sumber) as sumber_target from target
    where $kode_kec is null or starts_with(kode_desa, $kode_kec || '.')
),
d as (select count(*) as jumlah_desa from desa where $kode_kec is null or kode_kec = $kode_kec),
m as (select max(nilai) filter (where kunci = 'versi')::integer as versi from meta)
select
    s.submisi_terakhir,
    h.hari_data_terakhir,
    i.impor_terakhir,
    s.jumlah_submisi,
    r.jumlah_rumah_tangga,
    t.desa_bertarget,
    d.jumlah_desa,
    t.sumber_target,
    m.versi
from s, h, i, r, t, d, m
