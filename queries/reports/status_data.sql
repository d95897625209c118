-- status_data: how fresh and how complete the store is, for the headline and the data view
-- grain: one row
-- params: none
select
    (select max(waktu_submit) from submisi) as submisi_terakhir,
    (select max(tanggal) from capaian_harian_desa where kk_baru > 0) as hari_data_terakhir,
    (select max(waktu_impor) from impor) as impor_terakhir,
    (select count(*) from submisi) as jumlah_submisi,
    (select count(*) from rumah_tangga) as jumlah_rumah_tangga,
    (select count(*) from target) as desa_bertarget,
    (select count(*) from desa) as jumlah_desa,
    (select list(distinct sumber order by sumber) from target) as sumber_target,
    (select nilai::integer from meta where kunci = 'versi') as versi
