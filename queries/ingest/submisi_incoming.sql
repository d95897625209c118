-- submisi_incoming: the submissions this file brings, one per id_submisi, as they would be stored
-- reads: submisi_ranked
-- writes: submisi_incoming
-- grain: one row per id_submisi of the file
-- params: none
-- a placeholder or missing no_kk is no household identity: the submission is its own household
create or replace temp table submisi_incoming as
select
    id_submisi, kode_bersih as kode_desa, waktu as waktu_submit, tanggal, art::smallint as jumlah_art,
    coalesce('kk:' || kk_hash, 'id:' || id_submisi) as rumah_tangga, status_bersih as status,
    is_luar_jendela, kk_placeholder, baris
from submisi_ranked
where urutan_dari_akhir = 1
