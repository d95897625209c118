-- status_data: how fresh and how complete the store is, for the headline and the data view
-- grain: one row
-- params: none
-- one CTE per table, joined once: as scalar subqueries in one select list the same figures take ≈ 4× longer to plan
with s as (select max(waktu_submit) as submisi_terakhir, count(*) as jumlah_submisi from submisi),
h as (select max(tanggal) as hari_data_terakhir from capaian_harian_desa where kk_baru > 0),
i as (select max(waktu_impor) as impor_terakhir from impor),
r as (select count(*) as jumlah_rumah_tangga from rumah_tangga),
t as (select count(*) as desa_bertarget, list(distinct sumber order by sumber) as sumber_target from target),
d as (select count(*) as jumlah_desa from desa),
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
