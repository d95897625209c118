-- undo_later: what the batches after an undone one carried for the ids it carried, in import order
-- reads: batch_submisi, impor_batal
-- writes: none
-- grain: one row per later batch × id_submisi
-- params: $impor_id INTEGER (the batch being undone)
select b.impor_id, b.id_submisi, b.kode_desa, b.waktu_submit, b.tanggal, b.jumlah_art, b.rumah_tangga, b.status
from batch_submisi as b
where b.impor_id > $impor_id
    and b.impor_id not in (select impor_id from impor_batal)
    and b.id_submisi in (select id_submisi from batch_submisi where impor_id = $impor_id)
order by b.impor_id, b.id_submisi
