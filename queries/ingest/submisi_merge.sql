-- submisi_merge: store the new and updated submissions; every stored row knows its first and last import
-- reads: submisi_compared
-- writes: submisi
-- grain: one row per new or updated submission
-- params: $impor_id INTEGER
insert into submisi
select
    c.id_submisi, c.kode_desa, c.waktu_submit, c.tanggal, c.jumlah_art, c.rumah_tangga, c.status,
    coalesce(c.impor_pertama, $impor_id), $impor_id
from submisi_compared as c
where c.nasib in ('baru', 'diperbarui')
