-- submisi_compared: each incoming submission against the stored one: new, the same, or updated
-- reads: submisi, submisi_incoming
-- writes: submisi_compared
-- grain: one row per id_submisi of the file
-- params: none
-- the stored row's values come along (…_lama), so the undo record of the rows before this batch needs no second
-- pass over `submisi`
create or replace temp table submisi_compared as
select
    i.*,
    case
        when s.id_submisi is null then 'baru'
        when s.kode_desa = i.kode_desa and s.waktu_submit = i.waktu_submit
            and s.jumlah_art = i.jumlah_art and s.rumah_tangga = i.rumah_tangga and s.status = i.status
            then 'sama'
        else 'diperbarui'
    end as nasib,
    s.impor_pertama,
    s.impor_terakhir as impor_terakhir_lama,
    s.kode_desa as kode_desa_lama,
    s.waktu_submit as waktu_submit_lama,
    s.tanggal as tanggal_lama,
    s.jumlah_art as jumlah_art_lama,
    s.rumah_tangga as rumah_tangga_lama,
    s.status as status_lama
from submisi_incoming as i
left join submisi as s using (id_submisi)
